"""Programs call the API with `Authorization: Token <key>`; browsers keep their session,
whose writes still need Django's CSRF token."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tickets.models import Ticket


@pytest.fixture
def token(customer):
    return Token.objects.create(user=customer)


def test_a_token_opens_the_api_without_a_session_or_csrf_token(token, customer, desk):
    api = APIClient(enforce_csrf_checks=True)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    listed = api.get("/api/tickets/")
    created = api.post("/api/tickets/", {"subject": "Card", "body": "Lost"}, format="json")

    assert listed.status_code == 200
    assert created.status_code == 201
    assert Ticket.objects.get().customer == customer


@pytest.mark.parametrize("header", ["Token not-a-key", "Token", "Bearer abc", "Token a b"])
def test_a_bad_token_is_refused_in_the_error_format(token, header):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=header)

    response = api.get("/api/tickets/")

    assert response.status_code == 403
    assert set(response.json()["error"]) == {"code", "message"}


def test_a_token_of_a_deactivated_user_is_refused(token, customer):
    customer.is_active = False
    customer.save()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    assert api.get("/api/tickets/").status_code == 403


def test_a_session_still_needs_the_csrf_token_to_write(customer, desk):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(customer)

    response = api.post("/api/tickets/", {"subject": "Card", "body": "Lost"}, format="json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]
    assert not Ticket.objects.exists()
