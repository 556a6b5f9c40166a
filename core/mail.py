"""Every email the product sends goes through here: stored as a background task in
the caller's transaction (so it exists exactly when the change it tells of does) and
sent by a task worker, retried with backoff when the mail server fails.

Sent once: a task runs again only after a failure or a worker lost mid-send, and
every try carries the same Message-ID (made from the task's id), so a mail server or
client that sees it twice can tell it is one email."""

import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.utils import DNS_NAME
from django.template.loader import render_to_string
from django.utils import translation

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


def recipient_language(user, *, default: str = "") -> str:
    """The language someone's emails are written in: the one they chose
    (`User.language`), else `default` (the language of the page they asked from, for
    an email they asked for), else the site's."""
    return getattr(user, "language", "") or default or settings.LANGUAGE_CODE


def email_template_send_later(*, template: str, values: dict, to: list) -> None:
    """Email each user in `to` the template `<template>_subject.txt` / `<template>.txt`,
    rendered in their language (`recipient_language`) when the worker sends it. One
    email per language, each seeing the others who read it. `values` must be JSON."""
    by_language = defaultdict(list)
    for user in to:
        if user.email:
            by_language[recipient_language(user)].append(user.email)
    for language, addresses in sorted(by_language.items()):
        send_template_email.enqueue(
            template=template, values=values, to=addresses, language=language
        )


@background(takes_context=True)
def send_template_email(context, *, template: str, values: dict, to: list[str], language: str):
    subject, body = render_email(template, values, language=language)
    deliver(subject=subject, body=body, to=to, task=context)


def render_email(template: str, values: dict, *, language: str) -> tuple[str, str]:
    """The subject and body of an email template, written in `language`."""
    values = {"SITE_URL": settings.SITE_URL, "SUPPORT_EMAIL": settings.SUPPORT_EMAIL, **values}
    with translation.override(language):
        return (
            render_to_string(f"{template}_subject.txt", values),
            render_to_string(f"{template}.txt", values),
        )


def deliver(*, subject: str, body: str, to: list[str], task) -> None:
    """Send now, from a task (`task` is its TaskContext): every try of one task sends
    the same Message-ID. For tasks that render their email when they run, because
    what it holds must not wait in a row (a password link)."""
    message_id = f"<{task.task_result.id}@{DNS_NAME}>"
    subject = " ".join(subject.split())
    EmailMessage(subject, body, None, to, headers={"Message-ID": message_id}).send()
    logger.info("email %s sent to %s recipient(s)", message_id, len(to))
