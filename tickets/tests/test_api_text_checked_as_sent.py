"""A text is checked as it was sent, as the schema states its limits: DRF trims the
surrounding whitespace first, which let 4,001 characters through a 4,000 limit and a
`client_msg_id` with a space through its pattern."""

import pytest
from rest_framework.test import APIClient

from tickets import services
from tickets.models import Message, Ticket


@pytest.fixture
def ticket(customer, desk):
    ticket = services.ticket_open(customer=customer, subject="Refund for DEMO-011")
    services.message_post(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer, body="Where is it?"
    )
    return services.ticket_hand_off(ticket=ticket, reason="asked for a person")


@pytest.fixture
def api(customer):
    api = APIClient()
    api.force_authenticate(customer)
    return api


def test_a_text_over_its_limit_is_refused_even_if_whitespace_makes_the_difference(api, ticket):
    body = "\n" + "x" * services.MAX_BODY_CHARS

    new_ticket = api.post("/api/tickets/", {"subject": "Card", "body": body}, format="json")
    reply = api.post(f"/api/tickets/{ticket.pk}/messages/", {"body": body}, format="json")

    assert (new_ticket.status_code, reply.status_code) == (400, 400)
    assert set(reply.json()["error"]["fields"]) == {"body"}
    assert Ticket.objects.count() == 1
    assert ticket.messages.count() == 2


def test_a_client_msg_id_with_surrounding_space_is_refused(api, ticket):
    response = api.post(
        f"/api/tickets/{ticket.pk}/messages/",
        {"body": "Any news?", "client_msg_id": " m-42"},
        format="json",
    )

    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"client_msg_id"}
    assert ticket.messages.count() == 2


def test_surrounding_whitespace_within_the_limit_is_still_trimmed(api, ticket):
    body = "  " + "x" * (services.MAX_BODY_CHARS - 2)

    response = api.post(f"/api/tickets/{ticket.pk}/messages/", {"body": body}, format="json")

    assert response.status_code == 201
    assert response.json()["body"] == "x" * (services.MAX_BODY_CHARS - 2)
