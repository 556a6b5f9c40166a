from django.test import Client

from accounts.tests.factories import TEST_PASSWORD

NEW_PASSWORD = "an entirely different passphrase"


def change_password(client):
    return client.post(
        "/password/change/",
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )


def test_password_change_keeps_this_session_and_ends_the_others(customer_client, customer):
    other_device = Client()
    other_device.force_login(customer)

    response = change_password(customer_client)

    assert response.status_code == 302
    assert response["Location"] == "/password/change/done/"
    customer.refresh_from_db()
    assert customer.check_password(NEW_PASSWORD)
    assert customer_client.get("/account/").status_code == 200
    assert other_device.get("/account/").status_code == 302


def test_password_change_needs_the_old_password(customer_client, customer):
    response = customer_client.post(
        "/password/change/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    customer.refresh_from_db()
    assert customer.check_password(TEST_PASSWORD)
