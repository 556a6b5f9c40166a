"""The VIP guarantee's periodic work, run by `run_sla_monitor` after each SLA pass
(which has just recorded the breaches and alerted supervisors): a credit for each
missed VIP promise. Recording one stores the task that applies it to Stripe
(vip.services.credit_apply), run and retried by the task workers."""

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
