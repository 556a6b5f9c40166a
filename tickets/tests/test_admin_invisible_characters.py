"""The agents' ticket page and queue show every invisible or direction-changing
character people wrote as a visible marker, in an element that isolates their text,
and Arabic and Hebrew exactly as written."""

import re

import pytest

from accounts.tests.factories import UserFactory
from core.tests.invisible import (
    ARABIC,
    HEBREW,
    SPOOFED,
    assert_bodies_isolated,
    assert_marked,
    assert_rtl_text_intact,
)
from tickets import services
from tickets.models import CannedResponse, Message


@pytest.fixture
def spoofer(db):
    return UserFactory(email="eve@example.com", full_name=f"Eve {SPOOFED}")


@pytest.fixture
def ticket(spoofer, desk):
    ticket = services.ticket_open(customer=spoofer, subject=f"Refund {SPOOFED}")
    for body in [f"Pay to {SPOOFED}", ARABIC, HEBREW]:
        services.message_post(
            ticket=ticket, author_kind=Message.Author.CUSTOMER, author=spoofer, body=body
        )
    services.ticket_hand_off(ticket=ticket, reason="customer asked for a person")
    return ticket


@pytest.fixture
def staff_client(client, superuser):
    client.force_login(superuser)
    return client


def test_the_ticket_page_marks_every_invisible_character_and_keeps_arabic_and_hebrew(
    staff_client, ticket
):
    response = staff_client.get(f"/admin/tickets/ticket/{ticket.pk}/change/")

    html = response.content.decode()
    assert_marked(html)
    assert_rtl_text_intact(response.content)
    conversation = html[html.index('id="live-transcript"') :]
    assert_bodies_isolated(conversation)
    assert '<strong class="user-text" dir="auto">Customer · Eve ab' in conversation


def test_an_internal_note_is_marked_and_isolated(staff_client, ticket, agent):
    services.agent_reply(ticket=ticket, agent=agent, body=f"Check {SPOOFED}", internal=True)

    html = staff_client.get(f"/admin/tickets/ticket/{ticket.pk}/change/").content.decode()

    notes = html[html.index('aria-label="Know this first"') : html.index('id="transcript-title"')]
    assert_marked(notes)
    assert_bodies_isolated(notes)


def test_the_subject_is_marked_in_the_facts_and_the_page_heading(staff_client, ticket, spoofer):
    services.ticket_open(customer=spoofer, subject=f"Older {SPOOFED}")

    html = staff_client.get(f"/admin/tickets/ticket/{ticket.pk}/change/").content.decode()

    facts = html[html.index('class="form-row field-subject"') :]
    assert_marked(facts[: facts.index("</fieldset>")])
    head = html[: html.index("</head>")]
    assert "[U+202E]" in head  # the <title>, as plain text
    assert "<bdi>Older ab" in html  # the customer's other requests


def test_the_queue_marks_invisible_characters_in_subjects(staff_client, ticket):
    html = staff_client.get("/admin/tickets/ticket/?status=all").content.decode()

    assert_marked(html)


def test_a_marker_never_goes_inside_a_tag_of_the_queue(staff_client, ticket):
    html = staff_client.get("/admin/tickets/ticket/?status=all").content.decode()

    # The admin names each record in its checkbox's aria-label: text in an attribute
    # gets the plain marker, never markup (which would break the tag open).
    tags_with_people_text = re.findall(r"<[^>]*Refund[^>]*>", html)
    assert tags_with_people_text, "the subject should be named in some tag"
    for tag in tags_with_people_text:
        assert "<span" not in tag[1:]
        assert "[U+202E]" in tag


def test_the_message_list_marks_invisible_characters_in_its_excerpts(staff_client, ticket):
    html = staff_client.get("/admin/tickets/message/").content.decode()

    assert_marked(html)
    assert "<bdi>Pay to ab" in html


def test_a_message_record_is_marked_since_its_page_is_read_only(staff_client, ticket):
    message = ticket.messages.get(body__startswith="Pay to")

    html = staff_client.get(f"/admin/tickets/message/{message.pk}/change/").content.decode()

    assert_marked(html)


def test_a_form_that_edits_peoples_text_keeps_it_as_it_is(staff_client, db):
    response = CannedResponse.objects.create(title=f"Sorry {SPOOFED}", body=f"We {SPOOFED}")

    html = staff_client.get(f"/admin/tickets/cannedresponse/{response.pk}/change/").content.decode()

    form = html[html.index("<fieldset") : html.rindex("</fieldset>")]
    assert f'value="Sorry {SPOOFED}"' in form  # what is saved is what was there
    assert f">\nWe {SPOOFED}</textarea>" in form
    assert "invisible-char" not in form
    assert "<title>Sorry ab[U+202E]cd" in html  # the page names it, marked
