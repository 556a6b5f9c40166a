"""On a ticket's page agents see each other (who is viewing, who is typing), and each
agent gets their own notices on any admin page: a ticket assigned to them, a VIP
waiting in their queue, a breach of their ticket — by email too when they are away."""

import datetime as dt

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.core import mail
from django.utils import timezone

from accounts.language import user_set_language
from accounts.roles import AGENTS, SUPERVISORS, ensure_roles
from accounts.tests.factories import UserFactory
from core.tasks import run_ready
from supportsite.asgi import application
from tickets import services, sla, staff
from tickets.models import AgentStatus, Queue, Ticket, Tier
from tickets.tests.test_agent_sockets import ORIGIN, cookie_for, socket_for, until, waiting_ticket

pytestmark = pytest.mark.django_db(transaction=True)


def make_colleague():
    user = UserFactory(email="lee@example.com", full_name="Lee Colleague", is_staff=True)
    user.groups.add(ensure_roles()[AGENTS])
    return user


@sync_to_async
def agent_with_role(agent):
    agent.groups.add(ensure_roles()[AGENTS])


async def until_state(communicator, state):
    """The next presence frame in `state`: a repeated "viewing" may come between (two
    agents arriving at once each hear of the other twice, which changes nothing)."""
    for _ in range(5):
        frame = await until(communicator, "presence")
        if frame["state"] == state:
            return frame
    raise AssertionError(f"no presence frame {state}")


async def test_agents_on_one_ticket_see_each_other_arrive_type_and_leave(desk, customer, agent):
    await agent_with_role(agent)
    colleague = await sync_to_async(make_colleague)()
    ticket = await sync_to_async(waiting_ticket)(customer)
    path = f"/ws/agent/tickets/{ticket.pk}/"
    first, _ = await socket_for(agent, path)

    second, connected = await socket_for(colleague, path)
    assert connected
    arrived = await until(first, "presence")
    already_there = await until(second, "presence")
    await second.send_json_to({"type": "typing"})
    typing = await until_state(first, "typing")
    await second.disconnect()
    left = await until_state(first, "left")

    assert arrived == {"type": "presence", "agent_id": colleague.pk, "name": "Lee Colleague",
                       "state": "viewing"}  # fmt: skip
    assert (already_there["name"], already_there["state"]) == ("Dana Agent", "viewing")
    assert (typing["agent_id"], typing["state"]) == (colleague.pk, "typing")
    assert (left["agent_id"], left["state"]) == (colleague.pk, "left")
    await first.disconnect()


async def test_the_customer_sees_an_agent_typing_but_never_who(desk, customer, agent):
    await agent_with_role(agent)
    ticket = await sync_to_async(waiting_ticket)(customer)
    chat, connected = await socket_for(customer, "/ws/chat/")
    assert connected
    agent_socket, _ = await socket_for(agent, f"/ws/agent/tickets/{ticket.pk}/")

    await agent_socket.send_json_to({"type": "typing"})
    typing = await until(chat, "typing")

    assert typing == {"type": "typing", "who": "agent"}
    await agent_socket.disconnect()
    await chat.disconnect()


async def test_an_assignment_reaches_the_agent_on_any_page(desk, customer, agent, supervisor):
    await agent_with_role(agent)
    ticket = await sync_to_async(waiting_ticket)(customer)
    notices, connected = await socket_for(agent, "/ws/agent/notices/")
    assert connected

    await sync_to_async(staff.ticket_assign)(ticket=ticket, actor=supervisor, agent=agent)
    notice = await until(notices, "notice")

    assert notice == {
        "type": "notice", "kind": "assigned", "ticket_id": ticket.pk,
        "text": f"Ticket #{ticket.pk} was assigned to you by Sam Supervisor.",
        "url": f"/admin/tickets/ticket/{ticket.pk}/change/",
    }  # fmt: skip
    await notices.disconnect()


async def test_a_notice_is_in_the_language_of_the_page(desk, customer, agent, supervisor):
    await agent_with_role(agent)
    ticket = await sync_to_async(waiting_ticket)(customer)
    cookie = await cookie_for(agent)
    headers = [ORIGIN, (b"cookie", f"{cookie}; django_language=de".encode())]
    notices = WebsocketCommunicator(application, "/ws/agent/notices/", headers=headers)
    connected, _ = await notices.connect()
    assert connected

    await sync_to_async(staff.ticket_assign)(ticket=ticket, actor=supervisor, agent=agent)
    notice = await until(notices, "notice")

    assert notice["text"] == f"Anfrage #{ticket.pk} wurde Ihnen von Sam Supervisor zugewiesen."
    await notices.disconnect()


async def test_the_notice_socket_refuses_customers(customer):
    _, connected = await socket_for(customer, "/ws/agent/notices/")

    assert not connected


def test_claiming_is_not_a_notice_but_being_given_one_is_emailed_when_away(
    desk, customer, agent, supervisor
):
    AgentStatus.objects.create(agent=agent, is_available=False)
    first, second = waiting_ticket(customer), waiting_ticket(customer)

    services.ticket_claim(ticket=first, agent=agent)
    run_ready()
    assert mail.outbox == []
    staff.ticket_assign(ticket=second, actor=supervisor, agent=agent)
    run_ready()

    (email,) = mail.outbox
    assert email.to == [agent.email]
    assert (
        email.subject == f"[supportsite] Ticket #{second.pk} was assigned to you by Sam Supervisor."
    )
    assert f"/admin/tickets/ticket/{second.pk}/change/" in email.body


def test_an_available_agent_is_not_emailed(desk, customer, agent, supervisor):
    AgentStatus.objects.create(agent=agent, is_available=True)

    staff.ticket_assign(ticket=waiting_ticket(customer), actor=supervisor, agent=agent)
    run_ready()

    assert mail.outbox == []


def test_a_vip_hand_off_tells_the_vip_queues_people(desk, customer, agent):
    Queue.objects.get(name="VIP").members.add(agent)
    Queue.objects.filter(name="VIP").update(auto_assign=False)

    ticket = waiting_ticket(customer, Tier.VIP)

    run_ready()
    (email,) = mail.outbox  # away: no AgentStatus says available
    assert email.subject == f"[supportsite] A VIP customer is waiting in VIP: ticket #{ticket.pk}."


def test_a_breach_of_their_ticket_tells_the_agent(desk, customer, agent, supervisor):
    ticket = waiting_ticket(customer)
    staff.ticket_assign(ticket=ticket, actor=agent, agent=agent)  # taken, not given: no notice
    run_ready()
    assert mail.outbox == []
    later = timezone.now() + dt.timedelta(days=30)

    sla.monitor_pass(now=later)
    run_ready()

    subjects = [m.subject for m in mail.outbox if m.to == [agent.email]]
    assert subjects == [
        f"[supportsite] Your ticket #{ticket.pk} missed 2 SLA targets: first response, resolution."
    ]
    assert Ticket.objects.get(pk=ticket.pk).sla_breached_at is not None


def test_a_supervisors_alert_is_written_in_their_language(desk, customer, supervisor):
    """Each supervisor reads the alert in the language they chose (User.language); one
    who chose none, in the site's."""
    user_set_language(user=supervisor, language="sv")
    other = UserFactory(email="kim@example.com", full_name="Kim Supervisor", is_staff=True)
    other.groups.add(ensure_roles()[SUPERVISORS])
    ticket = waiting_ticket(customer)
    later = timezone.now() + dt.timedelta(days=30)

    sla.monitor_pass(now=later)
    run_ready()

    emails = {tuple(email.to): email for email in mail.outbox}
    swedish, english = emails[(supervisor.email,)], emails[(other.email,)]
    assert swedish.subject == (
        f"[supportsite] Ärende #{ticket.pk}: SLA bröts (första svar, lösning)"
    )
    assert swedish.body.startswith(
        f"Ärende #{ticket.pk} (Help) behöver uppmärksamhet: SLA bröts (första svar, lösning)."
    )
    assert f"/admin/tickets/ticket/{ticket.pk}/change/" in swedish.body
    assert english.subject == (
        f"[supportsite] Ticket #{ticket.pk}: SLA breached (first response, resolution)"
    )


def test_an_agents_notice_email_is_written_in_their_language(desk, customer, agent, supervisor):
    user_set_language(user=agent, language="sv")
    AgentStatus.objects.create(agent=agent, is_available=False)
    ticket = waiting_ticket(customer)

    staff.ticket_assign(ticket=ticket, actor=supervisor, agent=agent)
    run_ready()

    (email,) = mail.outbox
    assert email.subject == f"[supportsite] Ärende #{ticket.pk} tilldelades dig av Sam Supervisor."
    assert f"Ärende #{ticket.pk}: Help" in email.body
