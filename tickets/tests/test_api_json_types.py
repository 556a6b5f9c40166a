"""A request body's values must have the JSON types the schema declares: a number
where a text is expected, or "yes" for a boolean, is a 400 naming the field, and
nothing is stored — not a guess at what the client meant."""

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


def as_user(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.mark.parametrize(
    "body",
    [
        {"subject": "Card", "body": 0},
        {"subject": 12, "body": "Lost"},
        {"subject": ["Card"], "body": "Lost"},
        {"subject": True, "body": "Lost"},
    ],
)
def test_a_new_ticket_with_a_wrongly_typed_value_is_refused(customer, desk, body):
    response = as_user(customer).post("/api/tickets/", body, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert not Ticket.objects.filter(customer=customer).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"body": 42}, "body"),
        ({"body": "Any news?", "client_msg_id": 12345}, "client_msg_id"),
        ({"body": "Any news?", "internal": "yes"}, "internal"),
        ({"body": "Any news?", "internal": 1}, "internal"),
    ],
)
def test_a_message_with_a_wrongly_typed_value_is_refused(ticket, agent, body, field):
    response = as_user(agent).post(f"/api/tickets/{ticket.pk}/messages/", body, format="json")

    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {field}
    assert ticket.messages.count() == 2  # the customer's and the hand-off's, no more


@pytest.mark.parametrize("score", ["5", 4.0, True])
def test_a_rating_that_is_not_a_whole_number_is_refused(ticket, agent, customer, score):
    services.ticket_solve(ticket=ticket, actor=agent)

    response = as_user(customer).post(
        f"/api/tickets/{ticket.pk}/rate/", {"score": score}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"score"}
    assert not hasattr(Ticket.objects.get(pk=ticket.pk), "rating")
