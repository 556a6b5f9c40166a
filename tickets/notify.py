"""Side effects of ticket changes: realtime broadcasts and emails.

Everything here is scheduled with `transaction.on_commit` by the services, so
nothing is announced that was not stored. The channel layer may drop a broadcast
(Redis down or full); that loses nothing, because clients replay from the database
by sequence number. Failures are logged, never raised into the caller.
"""

import asyncio
import logging

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

logger = logging.getLogger(__name__)

BROADCAST_TIMEOUT_SECONDS = 3.0
STAFF_GROUP = "staff.queue"


def ticket_group(ticket_id: int) -> str:
    return f"ticket.{int(ticket_id)}"


async def _group_send(group: str, event: dict) -> None:
    await asyncio.wait_for(get_channel_layer().group_send(group, event), BROADCAST_TIMEOUT_SECONDS)


def send_now(group: str, event: dict) -> bool:
    """Broadcast from sync code; False (and a log line) if the layer failed.

    On a worker thread of a running server (sync work called from async code) the
    send is handed to the server's event loop without waiting for it, so the thread
    and its database connection are free at once; elsewhere (commands, tests,
    plain sync requests) it is sent and awaited."""
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    if loop is not None and loop.is_running():
        future = asyncio.run_coroutine_threadsafe(_group_send(group, event), loop)
        future.add_done_callback(lambda done: _log_failure(done, group))
        return True
    try:
        async_to_sync(_group_send)(group, event)
    except Exception:
        logger.warning("broadcast to %s failed; clients will catch up by replay", group)
        return False
    return True


def _log_failure(done, group: str) -> None:
    if done.cancelled() or done.exception() is not None:
        logger.warning("broadcast to %s failed; clients will catch up by replay", group)


def broadcast_after_commit(group: str, event: dict) -> None:
    transaction.on_commit(lambda: send_now(group, event))


def message_event(message) -> dict:
    return {
        "type": "ticket.message",
        "ticket_id": message.ticket_id,
        "seq": message.seq,
        "author_kind": message.author_kind,
        "author_name": author_name(message),
        "body": message.body,
        "is_internal": message.is_internal,
        "created_at": message.created_at.isoformat(),
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


def _send_mail_logged(**kwargs) -> None:
    try:
        send_mail(fail_silently=False, **kwargs)
    except Exception:
        logger.exception("email to %s failed", kwargs.get("recipient_list"))


def email_after_commit(*, subject: str, body: str, to: list[str]) -> None:
    if not to:
        return
    transaction.on_commit(
        lambda: _send_mail_logged(subject=subject, message=body, from_email=None, recipient_list=to)
    )


def customer_reply_email(ticket, message) -> None:
    url = settings.SITE_URL + reverse("ticket", args=[ticket.pk])
    email_after_commit(
        subject=f"New reply on your request: {ticket.subject}",
        body=(
            f"{author_name(message)} replied to your request #{ticket.pk}:\n\n"
            f"{message.body}\n\nSee the conversation and reply: {url}\n"
        ),
        to=[ticket.customer.email],
    )


def notify_supervisors(ticket, *, reason: str) -> None:
    """Email every active supervisor and alert the staff pages, after commit."""
    from accounts.models import User
    from accounts.roles import SUPERVISORS

    recipients = list(
        User.objects.filter(groups__name=SUPERVISORS, is_active=True).values_list(
            "email", flat=True
        )
    )
    url = settings.SITE_URL + reverse("admin:tickets_ticket_change", args=[ticket.pk])
    email_after_commit(
        subject=f"[supportsite] Ticket #{ticket.pk}: {reason}",
        body=f"Ticket #{ticket.pk} ({ticket.subject}) needs attention: {reason}.\n\n{url}\n",
        to=recipients,
    )
    broadcast_after_commit(
        STAFF_GROUP, {"type": "staff.alert", "ticket_id": ticket.pk, "reason": reason}
    )
