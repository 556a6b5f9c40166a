from django.conf import settings

from accounts.tests.factories import TEST_PASSWORD

ATTACKER = "203.0.113.7"
ELSEWHERE = "198.51.100.20"


def login(client, email, password, ip):
    return client.post("/login/", {"username": email, "password": password}, REMOTE_ADDR=ip)


def fail_until_locked(client, email, ip):
    """The attempts before the limit are answered normally; the one that reaches it
    is already refused."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, email, "wrong guess", ip).status_code == 200
    assert login(client, email, "wrong guess", ip).status_code == 429


def test_repeated_failures_lock_that_account_from_that_address(client, customer):
    fail_until_locked(client, customer.email, ATTACKER)

    locked = login(client, customer.email, TEST_PASSWORD, ATTACKER)

    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Too many" in locked.content.decode()


def test_a_locked_account_still_logs_in_from_another_address(client, customer):
    fail_until_locked(client, customer.email, ATTACKER)

    response = login(client, customer.email, TEST_PASSWORD, ELSEWHERE)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(customer.pk)


def test_other_accounts_are_not_locked_by_someone_elses_failures(client, customer, other_customer):
    fail_until_locked(client, customer.email, ATTACKER)

    assert login(client, other_customer.email, TEST_PASSWORD, ATTACKER).status_code == 302


def test_unknown_emails_lock_the_same_way(client, db):
    fail_until_locked(client, "nobody@example.com", ATTACKER)

    assert login(client, "nobody@example.com", "anything", ATTACKER).status_code == 429


def test_email_case_does_not_reset_the_count(client, customer):
    fail_until_locked(client, customer.email.upper(), ATTACKER)

    assert login(client, customer.email, TEST_PASSWORD, ATTACKER).status_code == 429
