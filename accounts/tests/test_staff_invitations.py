"""A supervisor invites staff by email with a role; the invited person chooses their own
password from a link that works once and for a limited time, then logs in. Customers'
accounts never become staff this way."""

import datetime as dt
import re

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from accounts.roles import AGENTS, SUPERVISORS
from accounts.tests.factories import UserFactory
from core.tasks import run_ready

STAFF_URL = "/admin/accounts/staffmember/"
NEW_PASSWORD = "a fresh and unusual passphrase"


@pytest.fixture
def supervisor_client(client, supervisor):
    client.force_login(supervisor)
    return client


def invite(client, capture, email="new.agent@example.com", roles=(AGENTS,), **extra):
    with capture(execute=True):
        return client.post(
            STAFF_URL + "add/",
            {"email": email, "full_name": "Nia New", "roles": list(roles), **extra},
        )


def invitation_link(message):
    return re.search(r"http://127\.0\.0\.1:8000(/staff/invitation/\S+/)", message.body).group(1)


def choose_password(client, link, password=NEW_PASSWORD):
    """Open the link (which redirects to a page without the token in it) and post."""
    page = client.get(link, follow=True)
    assert page.context["validlink"] is True
    return client.post(
        page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )


def test_a_supervisor_invites_an_agent_who_has_no_password_until_they_choose_one(
    supervisor_client, django_capture_on_commit_callbacks
):
    assert supervisor_client.get(STAFF_URL + "add/").status_code == 200

    response = invite(supervisor_client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    member = User.objects.get(email="new.agent@example.com")
    assert (member.is_staff, member.is_superuser, member.is_active) == (True, False, True)
    assert not member.has_usable_password()
    assert list(member.groups.values_list("name", flat=True)) == [AGENTS]
    run_ready()
    [message] = mail.outbox
    assert message.to == ["new.agent@example.com"]
    assert message.subject == "You are invited to the supportsite desk"
    assert "Sam Supervisor invited you" in message.body
    assert "expires after 3 hours" in message.body


def test_the_invited_person_chooses_a_password_without_logging_in_then_logs_in(
    client, supervisor, django_capture_on_commit_callbacks
):
    client.force_login(supervisor)
    invite(client, django_capture_on_commit_callbacks)
    run_ready()
    link = invitation_link(mail.outbox[0])
    client.logout()

    done = choose_password(client, link)

    assert done.status_code == 302
    assert done["Location"] == "/staff/invitation/done/"
    assert "Log in to the desk" in client.get(done["Location"]).content.decode()
    member = User.objects.get(email="new.agent@example.com")
    assert member.check_password(NEW_PASSWORD)
    logged_in = client.post(
        "/admin/login/", {"username": "new.agent@example.com", "password": NEW_PASSWORD}
    )
    assert logged_in.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_the_password_is_checked_by_the_projects_validators(
    client, supervisor, django_capture_on_commit_callbacks
):
    client.force_login(supervisor)
    invite(client, django_capture_on_commit_callbacks)
    client.logout()

    run_ready()
    refused = choose_password(client, invitation_link(mail.outbox[0]), password="12345678")

    assert refused.status_code == 200
    assert refused.context["form"].errors["new_password2"] == [
        "This password is too common.",
        "This password is entirely numeric.",
    ]
    assert not User.objects.get(email="new.agent@example.com").has_usable_password()


def test_the_link_works_once(client, supervisor, django_capture_on_commit_callbacks):
    client.force_login(supervisor)
    invite(client, django_capture_on_commit_callbacks)
    run_ready()
    link = invitation_link(mail.outbox[0])
    client.logout()
    choose_password(client, link)

    again = client.get(link, follow=True)

    assert again.context["validlink"] is False
    assert "This invitation link does not work" in again.content.decode()


class HoursAgo(PasswordResetTokenGenerator):
    """Makes the tokens the site makes (same secret and salt), dated hours ago."""

    def __init__(self, hours):
        super().__init__()
        self.hours = hours

    def _now(self):
        return dt.datetime.now() - dt.timedelta(hours=self.hours)  # noqa: DTZ005  (as Django)


def link_made(member, hours_ago):
    uid = urlsafe_base64_encode(force_bytes(member.pk))
    return f"/staff/invitation/{uid}/{HoursAgo(hours_ago).make_token(member)}/"


@pytest.mark.parametrize(("hours_ago", "valid"), [(2, True), (4, False)])
def test_the_link_expires_after_the_password_reset_timeout(client, db, hours_ago, valid):
    member = UserFactory(email="late@example.com", is_staff=True)
    member.set_unusable_password()
    member.save()

    page = client.get(link_made(member, hours_ago), follow=True)

    assert page.context["validlink"] is valid


def test_a_link_for_someone_deactivated_meanwhile_does_not_work(
    client, supervisor, django_capture_on_commit_callbacks
):
    client.force_login(supervisor)
    invite(client, django_capture_on_commit_callbacks)
    run_ready()
    User.objects.filter(email="new.agent@example.com").update(is_active=False)

    page = client.get(invitation_link(mail.outbox[0]), follow=True)

    assert page.context["validlink"] is False


def test_an_invitation_still_queued_for_someone_deactivated_is_not_sent(
    client, supervisor, django_capture_on_commit_callbacks
):
    client.force_login(supervisor)
    invite(client, django_capture_on_commit_callbacks)
    User.objects.filter(email="new.agent@example.com").update(is_active=False)

    run_ready()

    assert mail.outbox == []


def test_the_queued_invitation_holds_no_link_only_ids(
    client, supervisor, django_capture_on_commit_callbacks
):
    client.force_login(supervisor)
    invite(client, django_capture_on_commit_callbacks)

    [queued] = DBTaskResult.objects.all()
    member = User.objects.get(email="new.agent@example.com")
    assert queued.args_kwargs["kwargs"] == {"member_id": member.pk, "invited_by_id": supervisor.pk}


def test_a_supervisor_may_invite_a_supervisor(
    supervisor_client, django_capture_on_commit_callbacks
):
    response = invite(supervisor_client, django_capture_on_commit_callbacks, roles=[SUPERVISORS])

    assert response.status_code == 302
    member = User.objects.get(email="new.agent@example.com")
    assert list(member.groups.values_list("name", flat=True)) == [SUPERVISORS]


def form_errors(response):
    assert response.status_code == 200, "the form should have been refused"
    form = response.context["adminform"].form
    return [str(error) for errors in form.errors.values() for error in errors]


def test_a_customers_email_is_refused_and_the_customer_is_left_as_they_were(
    supervisor_client, customer, django_capture_on_commit_callbacks
):
    response = invite(
        supervisor_client, django_capture_on_commit_callbacks, email="ANN@example.com"
    )

    assert form_errors(response) == [
        "An account with this email already exists. Customers' accounts never become staff: "
        "invite the person with a work address."
    ]
    customer.refresh_from_db()
    assert not customer.is_staff
    assert customer.check_password("correct horse battery staple")
    run_ready()
    assert not mail.outbox


def test_an_invitation_needs_a_role(supervisor_client, django_capture_on_commit_callbacks):
    response = invite(supervisor_client, django_capture_on_commit_callbacks, roles=[])

    assert form_errors(response) == ["This field is required."]
    assert not User.objects.filter(email="new.agent@example.com").exists()


def test_an_invitation_cannot_make_a_superuser(
    supervisor_client, django_capture_on_commit_callbacks
):
    invite(
        supervisor_client, django_capture_on_commit_callbacks,
        is_superuser="on", user_permissions=["1", "2"], groups=["1", "2"], roles=[AGENTS],
    )  # fmt: skip

    member = User.objects.get(email="new.agent@example.com")
    assert not member.is_superuser
    assert not member.user_permissions.exists()
    assert list(member.groups.values_list("name", flat=True)) == [AGENTS]


def test_an_agent_may_not_invite_anyone(client, agent, django_capture_on_commit_callbacks):
    client.force_login(agent)

    assert client.get(STAFF_URL).status_code == 403
    assert invite(client, django_capture_on_commit_callbacks).status_code == 403
    assert not User.objects.filter(email="new.agent@example.com").exists()


def test_the_invitation_can_be_sent_again_until_a_password_is_chosen(
    supervisor_client, django_capture_on_commit_callbacks
):
    invite(supervisor_client, django_capture_on_commit_callbacks)
    member = User.objects.get(email="new.agent@example.com")

    response = supervisor_client.post(
        STAFF_URL, {"action": "send_invitation_again", "_selected_action": [member.pk]}
    )

    assert response.status_code == 302
    run_ready()
    assert [message.to for message in mail.outbox] == [[member.email]] * 2
    choose_password(supervisor_client, invitation_link(mail.outbox[1]))
    supervisor_client.post(
        STAFF_URL, {"action": "send_invitation_again", "_selected_action": [member.pk]}
    )
    run_ready()
    assert len(mail.outbox) == 2


def test_inviting_someone_who_is_staff_already_says_where_to_change_them(
    supervisor_client, agent, django_capture_on_commit_callbacks
):
    response = invite(supervisor_client, django_capture_on_commit_callbacks, email=agent.email)

    assert form_errors(response) == [
        "agent@example.com is staff already: change their roles, or reactivate them, on their "
        "page in Staff members."
    ]
