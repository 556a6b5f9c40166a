"""The agents' sockets: live ticket updates and replies, the queue's alerts."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import Permission

from accounts.tests.factories import UserFactory
from core.tests.sockets import session_cookie
from supportsite.asgi import application
from tickets import services
from tickets.models import Message, Tier

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = (b"origin", b"http://localhost:8000")


cookie_for = sync_to_async(session_cookie)


@sync_to_async
def can_work(user):
    user.user_permissions.add(Permission.objects.get(codename="change_ticket"))


async def socket_for(user, path):
    cookie = await cookie_for(user)
    communicator = WebsocketCommunicator(
        application, path, headers=[ORIGIN, (b"cookie", cookie.encode())]
    )
    connected, _ = await communicator.connect()
    return communicator, connected


def waiting_ticket(customer, tier=Tier.STANDARD):
    ticket = services.ticket_open(customer=customer, subject="Help", tier=tier)
    services.message_post(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer, body="Hello?"
    )
    return services.ticket_hand_off(ticket=ticket, reason="asked for a person")


async def until(communicator, kind):
    for _ in range(20):
        frame = await communicator.receive_json_from(timeout=5)
        if frame["type"] == kind:
            return frame
    raise AssertionError(f"no {kind} frame")


async def test_an_agent_sees_the_customer_write_and_replies_live(desk, customer, agent):
    await can_work(agent)
    ticket = await sync_to_async(waiting_ticket)(customer)
    socket, connected = await socket_for(agent, f"/ws/agent/tickets/{ticket.pk}/")
    assert connected

    await sync_to_async(services.message_post)(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer, body="Still here"
    )
    seen = await until(socket, "message")
    await socket.send_json_to({"type": "reply", "text": "On it!", "internal": False})
    ack = await until(socket, "ack")

    assert seen["body"] == "Still here"
    stored = await sync_to_async(lambda: ticket.messages.get(seq=ack["seq"]).body)()
    assert stored == "On it!"
    await socket.disconnect()


async def test_a_message_reaches_the_agent_without_the_senders_internal_channel(
    desk, customer, agent
):
    await can_work(agent)
    ticket = await sync_to_async(waiting_ticket)(customer)
    socket, _ = await socket_for(agent, f"/ws/agent/tickets/{ticket.pk}/")

    await sync_to_async(services.message_post)(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer, body="Hi",
        origin="specific.inmemory!AbCdEf",
    )  # fmt: skip
    seen = await until(socket, "message")

    assert "origin" not in seen
    assert "inmemory" not in str(seen)
    assert (seen["body"], seen["author_kind"], seen["is_internal"]) == ("Hi", "customer", False)
    await socket.disconnect()


async def test_agents_see_internal_notes_live(desk, customer, agent):
    await can_work(agent)
    ticket = await sync_to_async(waiting_ticket)(customer)
    socket, _ = await socket_for(agent, f"/ws/agent/tickets/{ticket.pk}/")

    await socket.send_json_to({"type": "reply", "text": "Check PSP", "internal": True})
    note = await until(socket, "message")

    assert note["is_internal"] is True
    await socket.disconnect()


async def test_customers_and_staff_without_permission_are_refused(desk, customer):
    ticket = await sync_to_async(waiting_ticket)(customer)
    staff_without_role = await sync_to_async(UserFactory)(is_staff=True)

    _, customer_connected = await socket_for(customer, f"/ws/agent/tickets/{ticket.pk}/")
    _, agent_connected = await socket_for(staff_without_role, f"/ws/agent/tickets/{ticket.pk}/")
    _, queue_connected = await socket_for(customer, "/ws/agent/queue/")

    assert not customer_connected
    assert not agent_connected  # staff, but not allowed to work tickets
    assert not queue_connected


async def test_new_hand_offs_and_vip_alerts_reach_the_queue(desk, customer, agent):
    await can_work(agent)
    queue, connected = await socket_for(agent, "/ws/agent/queue/")
    assert connected

    ticket = await sync_to_async(waiting_ticket)(customer, Tier.VIP)
    handoff = await until(queue, "handoff")
    alert = await until(queue, "alert")

    assert handoff["ticket_id"] == ticket.pk
    assert alert["reason"] == "a VIP customer is waiting"
    await queue.disconnect()


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("not json", "bad_json"),
        ('{"type": "wave"}', "unknown_type"),
        ('{"type": "reply", "text": "   "}', "invalid"),
        ('{"type": "reply", "text": 7}', "invalid"),
        ('{"type": "reply", "text": "bad \\u0000 text"}', "invalid_text"),
    ],
)
async def test_a_frame_that_does_not_parse_is_refused_and_stores_nothing(
    desk, customer, agent, frame, code
):
    await can_work(agent)
    ticket = await sync_to_async(waiting_ticket)(customer)
    socket, _ = await socket_for(agent, f"/ws/agent/tickets/{ticket.pk}/")
    before = await sync_to_async(lambda: ticket.messages.count())()

    await socket.send_to(text_data=frame)
    error = await until(socket, "error")

    assert error["code"] == code
    assert error["message"]
    assert await sync_to_async(lambda: ticket.messages.count())() == before
    await socket.disconnect()


async def test_the_ticket_state_and_hand_offs_reach_agents_as_the_protocol_lists_them(
    desk, customer, agent
):
    await can_work(agent)
    queue, _ = await socket_for(agent, "/ws/agent/queue/")
    ticket = await sync_to_async(waiting_ticket)(customer)
    handoff = await until(queue, "handoff")
    socket, _ = await socket_for(agent, f"/ws/agent/tickets/{ticket.pk}/")

    await sync_to_async(services.ticket_claim)(ticket=ticket.pk, agent=agent)
    owner = await until(socket, "owner")

    assert set(handoff) == {"type", "ticket_id", "subject", "tier", "priority", "reason"}
    assert handoff["ticket_id"] == ticket.pk
    assert set(owner) == {
        "type", "ticket_id", "status", "handled_by", "assignee_name", "priority", "last_seq",
    }  # fmt: skip
    assert (owner["handled_by"], owner["assignee_name"]) == ("agent", agent.get_short_name())
    await socket.disconnect()
    await queue.disconnect()
