"""The customer's "My requests": own tickets only, write to a person, reply,
reopen, rate; another customer's ticket is the same 404 as none."""

import re

import pytest

from tickets import services
from tickets.models import Message, Ticket

CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "[x](javascript:alert(1))",
]


@pytest.fixture
def ticket(customer, desk):
    ticket = services.ticket_open(customer=customer, subject="Refund for DEMO-011")
    services.message_post(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer, body="Where is it?"
    )
    return ticket


def test_writing_to_a_person_opens_a_ticket_in_the_queue(customer_client, customer, desk):
    response = customer_client.post(
        "/tickets/new/", {"subject": "Card lost", "body": "I lost my card yesterday"}
    )

    ticket = Ticket.objects.get(customer=customer)
    assert response["Location"] == f"/tickets/{ticket.pk}/"
    assert ticket.handled_by == Ticket.HandledBy.QUEUE
    assert ticket.messages.first().body == "I lost my card yesterday"
    page = customer_client.get(response["Location"]).content.decode()
    assert "Waiting for a person" in page


def test_an_empty_request_is_refused_and_creates_nothing(customer_client, customer, desk):
    response = customer_client.post("/tickets/new/", {"subject": "", "body": "  "})

    assert response.status_code == 200
    assert not Ticket.objects.exists()


def test_the_list_shows_only_the_customers_own_tickets(customer_client, ticket, other_customer):
    services.ticket_open(customer=other_customer, subject="Bob's secret matter")

    page = customer_client.get("/tickets/").content.decode()

    assert "Refund for DEMO-011" in page
    assert "Bob&#x27;s secret matter" not in page
    assert "secret matter" not in page


def test_another_customers_ticket_is_a_404_like_a_missing_one(client, ticket, other_customer):
    client.force_login(other_customer)

    for suffix in ["", "reply/", "reopen/", "rate/"]:
        method = client.get if not suffix else client.post
        foreign = method(f"/tickets/{ticket.pk}/{suffix}", {"body": "hi", "score": 1})
        missing = method(f"/tickets/999999/{suffix}", {"body": "hi", "score": 1})
        assert foreign.status_code == missing.status_code == 404
        assert CSRF_INPUT.sub(b"", foreign.content) == CSRF_INPUT.sub(b"", missing.content)
    assert ticket.messages.count() == 1


def test_internal_notes_are_never_shown_to_the_customer(customer_client, ticket, agent):
    services.agent_reply(ticket=ticket, agent=agent, body="Customer seems upset", internal=True)
    services.agent_reply(ticket=ticket, agent=agent, body="Your refund is on its way")

    page = customer_client.get(f"/tickets/{ticket.pk}/").content.decode()

    assert "Your refund is on its way" in page
    assert "Customer seems upset" not in page


def test_the_customer_replies_by_form(customer_client, ticket):
    response = customer_client.post(f"/tickets/{ticket.pk}/reply/", {"body": "Any news?"})

    assert response.status_code == 302
    assert ticket.messages.last().body == "Any news?"


def test_a_reply_to_a_closed_ticket_is_refused_with_a_message(customer_client, ticket, agent):
    services.ticket_set_status(ticket=ticket, status=Ticket.Status.CLOSED, actor=agent)

    response = customer_client.post(f"/tickets/{ticket.pk}/reply/", {"body": "Hello?"}, follow=True)

    assert "closed" in response.content.decode()
    assert ticket.messages.count() == 1


def test_reopen_and_rate_a_solved_ticket(customer_client, ticket, agent):
    services.ticket_solve(ticket=ticket, actor=agent)

    customer_client.post(f"/tickets/{ticket.pk}/rate/", {"score": 4, "comment": "Good"})
    customer_client.post(f"/tickets/{ticket.pk}/reopen/")

    ticket.refresh_from_db()
    assert ticket.rating.score == 4
    assert ticket.status == Ticket.Status.OPEN


def test_xss_in_messages_is_shown_escaped(customer_client, ticket, agent):
    for payload in XSS:
        services.message_post(
            ticket=ticket, author_kind=Message.Author.CUSTOMER, author=ticket.customer, body=payload
        )
        services.agent_reply(ticket=ticket, agent=agent, body=payload)

    page = customer_client.get(f"/tickets/{ticket.pk}/").content.decode()

    assert "<script>alert" not in page
    assert "onerror=" not in page.replace("onerror=alert(1)&gt;", "")
    assert "<img src=x" not in page
    assert "<svg" not in page
    assert 'href="javascript:' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_ticket_page_runs_a_fixed_number_of_queries(
    customer_client, ticket, agent, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as few:
        customer_client.get(f"/tickets/{ticket.pk}/")
    for n in range(30):
        services.agent_reply(ticket=ticket, agent=agent, body=f"Reply {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        customer_client.get(f"/tickets/{ticket.pk}/")
