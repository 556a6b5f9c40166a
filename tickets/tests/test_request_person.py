"""Asking for a person is one write: the conversation (reused or new), the customer's
message and the hand-off are kept together or not at all, by every path (the form,
the API, the chat's button)."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import DatabaseError, connection
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from core.tests.sockets import session_cookie
from supportsite.asgi import application
from tickets import services
from tickets.errors import InvalidTransition
from tickets.models import Message, Ticket, TicketEvent

HANDED_OFF = TicketEvent.Kind.HANDED_OFF


def outcome(customer) -> dict:
    """What the customer's request left behind, as one comparable value."""
    (ticket,) = Ticket.objects.filter(customer=customer)
    return {
        "status": ticket.status,
        "handled_by": ticket.handled_by,
        "queue": ticket.queue.name,
        "tier": ticket.tier,
        "sla_policy": ticket.sla_policy.name,
        "waits_with_a_deadline": ticket.first_response_due_at is not None,
        "events": list(ticket.events.order_by("id").values_list("kind", flat=True)),
        "hand_off_reasons": [
            event.data["reason"] for event in ticket.events.filter(kind=HANDED_OFF)
        ],
        "messages": list(ticket.messages.order_by("seq").values_list("seq", "author_kind", "body")),
    }


async def press_the_chat_button(customer) -> dict:
    cookie = await sync_to_async(session_cookie)(customer)
    chat = WebsocketCommunicator(
        application,
        "/ws/chat/",
        headers=[(b"origin", b"http://localhost:8000"), (b"cookie", cookie.encode())],
    )
    connected, _ = await chat.connect()
    assert connected
    await chat.receive_json_from()  # hello
    await chat.send_json_to({"type": "human"})
    frame = await chat.receive_json_from(timeout=5)
    while frame["type"] != "owner":
        frame = await chat.receive_json_from(timeout=5)
    await chat.disconnect()
    return frame


@pytest.fixture
def refuse_hand_offs(db):
    """A fault drill in the database itself: storing a hand-off's event fails, as a
    lost connection or a full disk would, inside the request's transaction. The
    trigger goes away with the test's transaction."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_hand_off() RETURNS trigger AS $$ BEGIN "
                "IF NEW.kind = 'handed_off' THEN RAISE EXCEPTION 'hand-off refused'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_hand_off BEFORE INSERT ON tickets_ticketevent "
                "FOR EACH ROW EXECUTE FUNCTION refuse_hand_off()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER refuse_hand_off BEFORE INSERT ON tickets_ticketevent "
                "WHEN NEW.kind = 'handed_off' BEGIN SELECT RAISE(ABORT, 'hand-off refused'); END"
            )


# --- Every path, the same result ------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
async def test_the_form_the_api_and_the_chat_button_leave_the_same_handed_off_ticket(desk):
    by_form, by_api, by_chat = await sync_to_async(
        lambda: [UserFactory(email=f"{name}@example.com") for name in ("form", "api", "chat")]
    )()

    def write_by_form_and_api():
        client = APIClient()
        client.force_login(by_form)
        client.post("/tickets/new/", {"subject": "Card lost", "body": "I lost my card"})
        client.force_authenticate(by_api)
        answer = client.post(
            "/api/tickets/", {"subject": "Card lost", "body": "I lost my card"}, format="json"
        )
        assert answer.status_code == 201

    await sync_to_async(write_by_form_and_api)()
    owner = await press_the_chat_button(by_chat)

    form, api, chat = [await sync_to_async(outcome)(user) for user in (by_form, by_api, by_chat)]
    assert form == api
    assert form["handled_by"] == Ticket.HandledBy.QUEUE
    assert form["status"] == Ticket.Status.OPEN
    assert form["events"] == ["created", "handed_off"]
    assert form["hand_off_reasons"] == ["customer wrote to a person"]
    assert [kind for _, kind, _ in form["messages"]] == ["customer", "system"]
    assert form["messages"][0] == (1, "customer", "I lost my card")
    assert form["messages"][1][2].startswith("A person from our team will take over")
    # The chat's button carries no message; the rest is the same.
    assert chat["hand_off_reasons"] == ["customer asked for a person"]
    assert chat["messages"] == [(1, *form["messages"][1][1:])]
    skip = {"hand_off_reasons", "messages"}
    assert {k: v for k, v in chat.items() if k not in skip} == {
        k: v for k, v in form.items() if k not in skip
    }
    assert owner["kind"] == "queue"
    assert owner["wait"]["ahead"] == 2  # the form's and the API's requests


# --- Which conversation ---------------------------------------------------------------------


def test_an_active_conversation_is_reused_with_the_message_and_one_hand_off(customer, desk):
    ticket = services.ticket_open(customer=customer, subject="Chat")
    services.message_post(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer, body="Hello"
    )

    requested = services.ticket_request_person(
        customer=customer, conversation=ticket, body="A person, please"
    )

    assert requested.pk == ticket.pk
    assert Ticket.objects.filter(customer=customer).count() == 1
    assert ticket.handled_by == Ticket.HandledBy.QUEUE  # the caller's copy is in step
    assert outcome(customer)["messages"][:2] == [
        (1, "customer", "Hello"),
        (2, "customer", "A person, please"),
    ]
    assert outcome(customer)["hand_off_reasons"] == ["customer wrote to a person"]


def test_asking_again_while_people_have_it_adds_no_second_hand_off(customer, desk):
    ticket = services.ticket_request_person(customer=customer, subject="Help")

    services.ticket_request_person(customer=customer, conversation=ticket.pk)
    services.ticket_request_person(customer=customer, conversation=ticket.pk, body="Still there?")

    assert outcome(customer)["events"] == ["created", "handed_off"]
    assert outcome(customer)["messages"][-1] == (2, "customer", "Still there?")


@pytest.mark.parametrize("status", [Ticket.Status.SOLVED, Ticket.Status.CLOSED])
def test_a_solved_or_closed_conversation_leads_to_a_new_ticket(customer, agent, desk, status):
    old = services.ticket_request_person(customer=customer, subject="First", body="Hi")
    services.ticket_set_status(ticket=old, status=status, actor=agent)
    before = list(old.messages.values_list("seq", "body"))

    new = services.ticket_request_person(
        customer=customer, conversation=old.pk, subject="Second", body="Hello again"
    )

    assert new.pk != old.pk
    assert new.subject == "Second"
    assert new.handled_by == Ticket.HandledBy.QUEUE
    old.refresh_from_db()
    assert old.status == status
    assert list(old.messages.values_list("seq", "body")) == before


def test_another_customers_conversation_is_never_touched_the_customer_gets_their_own(
    customer, other_customer, desk
):
    theirs = services.ticket_open(customer=other_customer, subject="Bob's matter")

    for conversation in (theirs, theirs.pk, 999_999):
        mine = services.ticket_request_person(
            customer=customer, conversation=conversation, body="Hello"
        )
        assert mine.customer == customer
        assert mine.pk != theirs.pk

    theirs.refresh_from_db()
    assert theirs.handled_by == Ticket.HandledBy.AI
    assert not theirs.messages.exists()
    assert list(theirs.events.values_list("kind", flat=True)) == ["created"]
    assert Ticket.objects.filter(customer=customer).count() == 3


# --- All or nothing -------------------------------------------------------------------------


def test_a_failed_hand_off_keeps_no_ticket_and_no_message(customer, desk, refuse_hand_offs):
    with pytest.raises(DatabaseError):
        services.ticket_request_person(customer=customer, subject="Card lost", body="Help")

    assert not Ticket.objects.exists()
    assert not Message.objects.exists()


def test_a_failed_hand_off_of_an_active_conversation_keeps_it_as_it_was(
    customer, desk, refuse_hand_offs
):
    ticket = services.ticket_open(customer=customer, subject="Chat")

    with pytest.raises(DatabaseError):
        services.ticket_request_person(customer=customer, conversation=ticket, body="Help")

    ticket.refresh_from_db()
    assert ticket.handled_by == Ticket.HandledBy.AI
    assert ticket.last_seq == 0
    assert not ticket.messages.exists()


def test_a_failed_hand_off_by_the_form_or_the_api_keeps_nothing(
    client, customer, desk, refuse_hand_offs
):
    client.force_login(customer)
    api = APIClient()
    api.force_authenticate(customer)

    with pytest.raises(DatabaseError):
        client.post("/tickets/new/", {"subject": "Card lost", "body": "I lost my card"})
    with pytest.raises(DatabaseError):
        api.post("/api/tickets/", {"subject": "Card lost", "body": "Stolen"}, format="json")

    assert not Ticket.objects.exists()


# --- Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("   ", "A message cannot be empty."),
        ("x" * (services.MAX_BODY_CHARS + 1), "A message can be at most 4000 characters."),
    ],
)
def test_a_bad_message_is_refused_with_the_usual_error_and_changes_nothing(
    customer, desk, body, error
):
    ticket = services.ticket_open(customer=customer, subject="Chat")

    for conversation in (None, ticket):
        with pytest.raises(InvalidTransition, match=error):
            services.ticket_request_person(customer=customer, conversation=conversation, body=body)

    assert list(Ticket.objects.filter(customer=customer)) == [ticket]
    ticket.refresh_from_db()
    assert ticket.handled_by == Ticket.HandledBy.AI
    assert not ticket.messages.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"subject": "", "body": "I lost my card"}, "subject"),
        ({"subject": "Card lost", "body": "   "}, "body"),
        ({"subject": "Card lost", "body": "x" * (services.MAX_BODY_CHARS + 1)}, "body"),
        ({"subject": "x" * 201, "body": "I lost my card"}, "subject"),
    ],
)
def test_bad_input_by_the_form_or_the_api_names_the_field_and_changes_nothing(
    client, customer, desk, data, field
):
    client.force_login(customer)
    api = APIClient()
    api.force_authenticate(customer)

    page = client.post("/tickets/new/", data)
    answer = api.post("/api/tickets/", data, format="json")

    assert page.status_code == 200
    assert set(page.context["form"].errors) == {field}
    assert answer.status_code == 400
    assert set(answer.json()["error"]["fields"]) == {field}
    assert not Ticket.objects.exists()
    assert not TicketEvent.objects.exists()
