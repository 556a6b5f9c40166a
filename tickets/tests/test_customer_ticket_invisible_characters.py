"""The customer's "My requests" shows every invisible or direction-changing character
in the conversation as a visible marker, in an element that isolates it, and Arabic
and Hebrew exactly as written."""

import pytest

from core.tests.invisible import (
    ARABIC,
    HEBREW,
    SPOOFED,
    assert_bodies_isolated,
    assert_marked,
    assert_rtl_text_intact,
)
from tickets import services
from tickets.models import Message


@pytest.fixture
def ticket(customer, desk):
    ticket = services.ticket_open(customer=customer, subject=f"Refund {SPOOFED}")
    for body in [f"Pay to {SPOOFED}", ARABIC, HEBREW]:
        services.message_post(
            ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer, body=body
        )
    return ticket


@pytest.fixture
def spoofing_agent(agent):
    agent.full_name = f"{SPOOFED} Agent"  # short name: the first word
    agent.save()
    return agent


def test_the_ticket_page_marks_every_invisible_character_and_keeps_arabic_and_hebrew(
    customer_client, ticket
):
    response = customer_client.get(f"/tickets/{ticket.pk}/")

    html = response.content.decode()
    assert_marked(html)
    assert_rtl_text_intact(response.content)
    assert_bodies_isolated(html)
    assert "<h1><bdi>Refund ab" in html
    assert "<title>Refund ab[U+202E]cd" in html


def test_an_agents_reply_and_name_are_marked(customer_client, ticket, spoofing_agent):
    services.ticket_hand_off(ticket=ticket, reason="customer asked for a person")
    services.ticket_claim(ticket=ticket, agent=spoofing_agent)
    services.agent_reply(ticket=ticket, agent=spoofing_agent, body=f"Sorry {SPOOFED}")

    html = customer_client.get(f"/tickets/{ticket.pk}/").content.decode()

    conversation = html[html.index('id="transcript-title"') :]
    assert_marked(conversation[conversation.index("Sorry") :])
    assert "<bdi>ab" in conversation  # the agent's name, isolated
    assert_bodies_isolated(conversation)


def test_the_list_marks_invisible_characters_in_subjects(customer_client, ticket):
    html = customer_client.get("/tickets/").content.decode()

    assert_marked(html)
    assert "<bdi>Refund ab" in html
