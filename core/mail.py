"""Every email the product sends goes through here: stored as a background task in
the caller's transaction (so it exists exactly when the change it tells of does) and
sent by a task worker, retried with backoff when the mail server fails.

Sent once: a task runs again only after a failure or a worker lost mid-send, and
every try carries the same Message-ID (made from the task's id), so a mail server or
client that sees it twice can tell it is one email."""

import logging

from django.core.mail import EmailMessage
from django.core.mail.utils import DNS_NAME

from core.tasks import background

logger = logging.getLogger(__name__)


def email_send_later(*, subject: str, body: str, to: list[str]) -> None:
    """Send one plain-text email to `to` (each sees the others) after the commit."""
    recipients = [address for address in to if address]
    if recipients:
        send_email.enqueue(subject=" ".join(subject.split()), body=body, to=recipients)


@background(takes_context=True)
def send_email(context, *, subject: str, body: str, to: list[str]) -> None:
    deliver(subject=subject, body=body, to=to, task=context)


def deliver(*, subject: str, body: str, to: list[str], task) -> None:
    """Send now, from a task (`task` is its TaskContext): every try of one task sends
    the same Message-ID. For tasks that render their email when they run, because
    what it holds must not wait in a row (a password link)."""
    message_id = f"<{task.task_result.id}@{DNS_NAME}>"
    subject = " ".join(subject.split())
    EmailMessage(subject, body, None, to, headers={"Message-ID": message_id}).send()
    logger.info("email %s sent to %s recipient(s)", message_id, len(to))
