"""Retention: closed conversations keep their text RETENTION_DAYS (off when 0), then
lose it — messages, subject, the assistant's stored texts, the rating's comment,
attachments — through each app's `erasure.forget_conversations(ticket_ids)`. The
figures stay (when, how long, who, the score), so the reports keep adding up.

A background task the task workers enqueue once a day (core.tasks.every_day): in
batches, each its own transaction, so a long backlog after turning it on neither
holds locks for long nor loses what was done if the worker stops. Safe to run twice,
even at once: a conversation whose text is gone is not picked again (tickets marks
it under its row lock)."""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.tasks import background, every_day
from privacy.services import erasure_modules
from tickets.erasure import closed_with_text_before

logger = logging.getLogger(__name__)

BATCH = 200


@every_day
@background()
def forget_old_conversations() -> str:
    days = settings.RETENTION_DAYS
    if not days:
        return "off"
    before = timezone.now() - dt.timedelta(days=days)
    forgotten = 0
    while batch := closed_with_text_before(before, limit=BATCH):
        with transaction.atomic():
            for module in erasure_modules("forget_conversations"):
                module.forget_conversations(batch)
        forgotten += len(batch)
    if forgotten:
        logger.info("retention: the text of %s closed conversation(s) removed", forgotten)
    return f"{forgotten} conversation(s) forgotten"
