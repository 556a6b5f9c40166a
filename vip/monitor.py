"""The VIP guarantee's periodic work, run by `run_sla_monitor` after each SLA pass
(which has just recorded the breaches and alerted supervisors): a credit for each
missed VIP promise, credits applied to Stripe (failures retried with backoff), and
webhook events that could not be synced when they arrived."""

import logging

from vip import services

logger = logging.getLogger(__name__)


def tick(*, now) -> None:
    recorded = sum(
        1
        for breach in services.credits_to_record()
        if services.credit_record(breach=breach, now=now)
    )
    if recorded:
        logger.info("vip: %s service credit(s) recorded", recorded)
    for credit_id in services.credits_due(now=now):
        services.credit_apply(credit_id=credit_id, now=now)
    services.events_retry(now=now)
