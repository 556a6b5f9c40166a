from accounts.models import User

SIGNUP = {
    "email": "New.Person@Example.com",
    "full_name": "New Person",
    "password1": "a long and unusual passphrase",
    "password2": "a long and unusual passphrase",
}


def test_signup_creates_an_account_and_logs_in(client, db):
    response = client.post("/signup/", SIGNUP)

    assert response.status_code == 302
    assert response["Location"] == "/account/"
    user = User.objects.get()
    assert user.email == "new.person@example.com"
    assert user.full_name == "New Person"
    assert client.get("/account/").status_code == 200


def test_signup_refuses_an_email_that_exists_in_any_case(client, customer):
    response = client.post("/signup/", {**SIGNUP, "email": customer.email.upper()})

    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert User.objects.count() == 1


def test_signup_refuses_a_weak_password(client, db):
    response = client.post("/signup/", {**SIGNUP, "password1": "12345678", "password2": "12345678"})

    assert response.status_code == 200
    assert not User.objects.exists()
    assert "too common" in response.content.decode()


def test_signup_page_sends_a_logged_in_customer_to_their_account(customer_client):
    response = customer_client.get("/signup/")

    assert response.status_code == 302
    assert response["Location"] == "/account/"
