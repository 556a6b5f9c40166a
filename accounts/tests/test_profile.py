def test_customer_edits_their_name(customer_client, customer):
    response = customer_client.post("/profile/", {"full_name": "Ann Renamed"})

    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.full_name == "Ann Renamed"


def test_profile_shows_the_email_and_cannot_change_it(customer_client, customer):
    customer_client.post("/profile/", {"full_name": "Ann", "email": "evil@example.com"})

    customer.refresh_from_db()
    assert customer.email == "ann@example.com"
    assert "ann@example.com" in customer_client.get("/profile/").content.decode()


def test_profile_needs_a_login(client, db):
    assert client.get("/profile/")["Location"].startswith("/login/")
