"""Side effects of ticket changes: realtime broadcasts and emails.

Nothing is announced that was not stored: broadcasts are sent on commit, and emails
are background tasks stored in the same transaction (core.mail). The channel layer
may drop a broadcast (Redis down or full); that loses nothing, because clients replay
from the database by sequence number. Failures are logged, never raised into the caller.
"""

import asyncio
import logging
from collections import defaultdict

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from core.i18n import in_each_language
from core.mail import email_send_later, email_template_send_later, recipient_language
from tickets.models import AgentStatus

logger = logging.getLogger(__name__)

BROADCAST_TIMEOUT_SECONDS = 3.0
STAFF_GROUP = "staff.queue"


def ticket_group(ticket_id: int) -> str:
    return f"ticket.{int(ticket_id)}"


def ticket_staff_group(ticket_id: int) -> str:
    """The staff on one ticket's page: who is viewing it, who is typing."""
    return f"ticket.{int(ticket_id)}.staff"


def agent_group(agent_id: int) -> str:
    """One person's notices, on whichever admin page they have open."""
    return f"staff.agent.{int(agent_id)}"


async def _group_send(broadcasts: list[tuple[str, dict]]) -> None:
    # wait_for around a coroutine (it becomes a task that takes the gather's error
    # if cut short), not around the gather itself, whose error would go unread.
    await asyncio.wait_for(_send_together(broadcasts), BROADCAST_TIMEOUT_SECONDS)


async def _send_together(broadcasts: list[tuple[str, dict]]) -> None:
    layer = get_channel_layer()
    await asyncio.gather(*(layer.group_send(group, event) for group, event in broadcasts))


def broadcast_on_commit(broadcasts: list[tuple[str, dict]]) -> None:
    """Send each `(group, event)` once the caller's transaction commits (at once
    outside one). The caller does not wait for the channel layer; a failed send is
    logged, and clients catch up by replay from the database."""
    if broadcasts:
        transaction.on_commit(lambda: _send_from_sync_code(broadcasts))


def _send_from_sync_code(broadcasts: list[tuple[str, dict]]) -> bool:
    """On a worker thread of a running server (sync work called from async code) the
    sends are handed to the server's event loop without waiting for them, so the
    thread and its database connection are free at once; elsewhere (commands, tests,
    plain sync requests) they are sent and awaited. False (and a log line) if the
    layer failed."""
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    if loop is not None and loop.is_running():
        future = asyncio.run_coroutine_threadsafe(_group_send(broadcasts), loop)
        future.add_done_callback(lambda done: _log_failure(done, broadcasts))
        return True
    try:
        async_to_sync(_group_send)(broadcasts)
    except Exception:
        _log_failure(None, broadcasts)
        return False
    return True


def _log_failure(done, broadcasts) -> None:
    if done is None or done.cancelled() or done.exception() is not None:
        groups = ", ".join(sorted({group for group, _ in broadcasts}))
        logger.warning("broadcast to %s failed; clients will catch up by replay", groups)


def message_event(message, *, origin: str | None = None) -> dict:
    """`origin`: the channel of the socket that sent the message; it has its ack
    already, so it skips the broadcast."""
    return {
        "type": "ticket.message",
        "ticket_id": message.ticket_id,
        "seq": message.seq,
        "author_kind": message.author_kind,
        "author_name": author_name(message),
        # For the customer's frame, which names the agent in the customer's language.
        "agent_name": message.author.get_short_name()
        if message.author_kind == "agent" and message.author_id
        else "",
        "body": message.body,
        "is_internal": message.is_internal,
        "created_at": message.created_at.isoformat(),
        # Files it carries, as attachments.services.summary described them.
        "attachments": message.metadata.get("attachments", []),
        "origin": origin,
    }


def ticket_event(ticket) -> dict:
    return {
        "type": "ticket.update",
        "ticket_id": ticket.pk,
        "status": ticket.status,
        "handled_by": ticket.handled_by,
        "assignee_name": ticket.assignee.get_short_name() if ticket.assignee_id else None,
        "priority": ticket.priority,
        "last_seq": ticket.last_seq,
    }


def author_name(message) -> str:
    """What the customer sees as the author: agents by first name, never an email."""
    if message.author_kind == "agent" and message.author_id:
        return f"{message.author.get_short_name()}, support"
    return {"assistant": "Assistant", "system": "supportsite"}.get(message.author_kind, "You")


def customer_reply_email(ticket, message) -> None:
    """Written in the customer's language when it is sent (templates/tickets/email)."""
    agent = message.author if message.author_kind == "agent" and message.author_id else None
    email_template_send_later(
        template="tickets/email/customer_reply",
        values={
            "ticket_id": ticket.pk,
            "subject": ticket.subject,
            "author_kind": message.author_kind,
            "agent_name": agent.get_short_name() if agent else "",
            "body": message.body,
            "url": settings.SITE_URL + reverse("ticket", args=[ticket.pk]),
        },
        to=[ticket.customer],
    )


def by_language(people) -> dict[str, list[str]]:
    """The email addresses of `people`, by the language each reads (core.mail)."""
    addresses = defaultdict(list)
    for person in people:
        if person.email:
            addresses[recipient_language(person)].append(person.email)
    return dict(sorted(addresses.items()))


def staff_alert(ticket_id: int, reason) -> dict:
    """The queue pages' alert: `reason` (a lazy text, or words that are data, such as a
    rule's name) in every language, each page showing its own (chat_protocol)."""
    return {"type": "staff.alert", "ticket_id": ticket_id, "reason": str(reason),
            "reasons": in_each_language(reason)}  # fmt: skip


def notify_supervisors(ticket, *, reason) -> None:
    """Email every active supervisor, in the language each reads, and alert the staff
    pages (after commit). `reason`: a lazy text is written in each reader's language."""
    from accounts.models import User
    from accounts.roles import SUPERVISORS

    supervisors = User.objects.filter(groups__name=SUPERVISORS, is_active=True).only(
        "email", "language"
    )
    url = settings.SITE_URL + reverse("admin:tickets_ticket_change", args=[ticket.pk])
    for language, addresses in by_language(supervisors).items():
        with translation.override(language):
            values = {"pk": ticket.pk, "subject": ticket.subject, "reason": str(reason)}
            subject = gettext("Ticket #%(pk)s: %(reason)s") % values
            body = gettext("Ticket #%(pk)s (%(subject)s) needs attention: %(reason)s.") % values
        email_send_later(subject=f"[supportsite] {subject}", body=f"{body}\n\n{url}\n",
                         to=addresses)  # fmt: skip
    broadcast_on_commit([(STAFF_GROUP, staff_alert(ticket.pk, reason))])


# --- Notices to one agent ------------------------------------------------------------------


class Notice:
    """What an agent is told about their own work (the codes are the frame's `kind`)."""

    ASSIGNED = "assigned"
    VIP_WAITING = "vip_waiting"
    BREACH = "breach"


def agent_notice(agents, ticket, *, kind: str, text) -> None:
    """Tell each of `agents` (after commit) on any admin page they have open, and by
    email those who set themselves away (AgentStatus): they would not see it. `text`
    (lazy) is written in each one's language: the page's, and for an email theirs."""
    agents = [agent for agent in agents if agent is not None and agent.is_active]
    if not agents:
        return
    url = reverse("admin:tickets_ticket_change", args=[ticket.pk])
    event = {"type": "staff.notice", "kind": kind, "ticket_id": ticket.pk, "text": str(text),
             "texts": in_each_language(text), "url": url}  # fmt: skip
    broadcast_on_commit([(agent_group(agent.pk), event) for agent in agents])
    available = set(
        AgentStatus.objects.filter(agent__in=agents, is_available=True).values_list(
            "agent_id", flat=True
        )
    )
    away = [agent for agent in agents if agent.pk not in available]
    for agent in away:
        with translation.override(recipient_language(agent)):
            written = str(text)
            about = gettext("Ticket #%(pk)s: %(subject)s") % {
                "pk": ticket.pk,
                "subject": ticket.subject,
            }
        email_send_later(
            subject=f"[supportsite] {written}",
            body=f"{written}\n\n{about}\n{settings.SITE_URL}{url}\n",
            to=[agent.email],
        )
