import re

from django.core import mail
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from core.tasks import run_ready

NEW_PASSWORD = "a fresh and unusual passphrase"


def test_reset_by_email_sets_a_new_password(client, customer):
    response = client.post("/password/reset/", {"email": customer.email})

    assert response.status_code == 302
    assert response["Location"] == "/password/reset/sent/"
    run_ready()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [customer.email]
    link = re.search(r"https?://testserver(/password/reset/\S+/)", mail.outbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert done.status_code == 302
    assert done["Location"] == "/password/reset/complete/"
    customer.refresh_from_db()
    assert customer.check_password(NEW_PASSWORD)


def test_reset_for_an_unknown_email_answers_the_same_and_sends_nothing(client, customer):
    known = client.post("/password/reset/", {"email": customer.email}, follow=True)
    unknown = client.post("/password/reset/", {"email": "nobody@example.com"}, follow=True)

    assert known.redirect_chain == unknown.redirect_chain
    assert known.status_code == unknown.status_code == 200
    run_ready()
    assert len(mail.outbox) == 1


def test_a_reset_link_works_once(client, customer):
    client.post("/password/reset/", {"email": customer.email})
    run_ready()
    link = re.search(r"https?://testserver(/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    set_password_url = form_page.redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = client.get(link, follow=True)

    assert again.context["validlink"] is False


def test_the_queued_reset_email_holds_no_link_and_is_made_when_sent(client, customer):
    client.post("/password/reset/", {"email": customer.email})

    [queued] = DBTaskResult.objects.all()
    assert queued.args_kwargs["kwargs"] == {
        "user_id": customer.pk, "protocol": "http", "domain": "testserver", "language": "en",
    }  # fmt: skip
    run_ready()
    [email] = mail.outbox
    assert email.extra_headers["Message-ID"].startswith(f"<{queued.pk}@")


def test_the_reset_email_is_written_in_the_language_of_the_page_it_was_asked_from(client, customer):
    client.post("/password/reset/", {"email": customer.email}, HTTP_ACCEPT_LANGUAGE="sv")

    run_ready()

    [email] = mail.outbox
    assert email.subject == "Återställ ditt lösenord på supportsite"
    assert "Öppna den här länken för att välja ett nytt lösenord:" in email.body


def test_a_chosen_language_wins_over_the_page_for_the_reset_email(client, customer):
    User.objects.filter(pk=customer.pk).update(language="de")
    client.post("/password/reset/", {"email": customer.email}, HTTP_ACCEPT_LANGUAGE="sv")

    run_ready()

    [email] = mail.outbox
    assert email.subject == "Setzen Sie Ihr supportsite-Passwort zurück"
