import logging
import re

from accounts.tests.factories import TEST_PASSWORD

CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def without_token_and_typed_email(response, email):
    """The page echoes the email typed into the form and a fresh CSRF token."""
    return CSRF_INPUT.sub(b"", response.content).replace(email.encode(), b"EMAIL")


def login(client, email, password=TEST_PASSWORD, **extra):
    return client.post("/login/", {"username": email, "password": password}, **extra)


def test_login_with_email_in_any_case_rotates_the_session(client, customer):
    anonymous_session = client.session
    anonymous_session["seen_pricing"] = True
    anonymous_session.save()
    session_before = anonymous_session.session_key

    response = login(client, "ANN@Example.com")

    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert client.session["_auth_user_id"] == str(customer.pk)
    assert client.session.session_key != session_before


def test_wrong_password_and_unknown_email_answer_the_same(client, customer):
    wrong_password = login(client, customer.email, "not the password")
    unknown_email = login(client, "nobody@example.com", "not the password")

    assert wrong_password.status_code == unknown_email.status_code == 200
    assert without_token_and_typed_email(
        wrong_password, customer.email
    ) == without_token_and_typed_email(unknown_email, "nobody@example.com")
    assert "do not match an account" in wrong_password.content.decode()


def test_logout_is_a_post_and_ends_the_session(customer_client):
    assert customer_client.get("/logout/").status_code == 405

    response = customer_client.post("/logout/")

    assert response.status_code == 302
    assert customer_client.get("/account/").status_code == 302  # back to the login page


def test_failed_login_is_logged_without_the_password(client, customer, caplog):
    with caplog.at_level(logging.INFO):
        login(client, customer.email, "hunter2-secret")

    assert "hunter2-secret" not in caplog.text
    assert any("fail" in record.getMessage().lower() for record in caplog.records)


def test_account_pages_need_a_login(client, db):
    response = client.get("/account/purchases/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")
