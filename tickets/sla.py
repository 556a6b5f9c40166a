"""SLA policies applied to tickets, and breach detection for the SLA monitor.

Three targets run on a ticket a person owns: first response (until the first agent
reply), next response (from each customer message after that, until an agent
answers) and resolution (until solved). Clocks count in the policy's business
calendar, or 24/7. While a ticket waits on the customer (pending) no breach is
raised.
"""

import datetime as dt
import logging
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core import metrics
from core.i18n import interpolate_lazy
from tickets import notify
from tickets.business_hours import BusinessHours, Holidays, add_business_minutes, weekly_hours
from tickets.models import (
    BusinessCalendar,
    Priority,
    Queue,
    SLABreach,
    SLAPolicy,
    Ticket,
    TicketEvent,
)

logger = logging.getLogger(__name__)

Target = SLABreach.Target


def business_hours_of(calendar: BusinessCalendar | None) -> BusinessHours | None:
    """The calendar as the SLA clock counts it (None: 24/7). Reads its opening hours,
    prefetched if they were."""
    if calendar is None:
        return None
    return BusinessHours(
        tz=zoneinfo.ZoneInfo(calendar.time_zone),
        week=weekly_hours(
            (row.weekday, row.opens, row.closes) for row in calendar.opening_hours.all()
        ),
        holidays=holidays_of(calendar),
    )


def holidays_of(calendar: BusinessCalendar) -> Holidays:
    return Holidays(
        country=calendar.country,
        subdivision=calendar.subdivision,
        extra=frozenset(dt.date.fromisoformat(day) for day in calendar.extra_holidays),
    )


def policy_for(ticket: Ticket) -> SLAPolicy | None:
    """The first active policy, by position, whose tier and priority conditions hold."""
    policies = SLAPolicy.objects.filter(is_active=True).select_related("calendar")
    for policy in policies.prefetch_related("calendar__opening_hours"):
        if policy.tier and policy.tier != ticket.tier:
            continue
        if policy.min_priority is not None and ticket.priority < policy.min_priority:
            continue
        return policy
    return None


def due_after(policy: SLAPolicy, start: dt.datetime, minutes: int) -> dt.datetime:
    return add_business_minutes(start, minutes, business_hours_of(policy.calendar))


def running_targets(ticket: Ticket) -> dict[str, dt.datetime]:
    """The targets whose clock is running, with their due times."""
    running = {}
    if ticket.first_response_due_at and not ticket.first_responded_at:
        running[Target.FIRST_RESPONSE] = ticket.first_response_due_at
    if ticket.next_response_due_at:
        running[Target.NEXT_RESPONSE] = ticket.next_response_due_at
    if ticket.resolution_due_at and not ticket.solved_at:
        running[Target.RESOLUTION] = ticket.resolution_due_at
    return running


def refresh_due_times(ticket: Ticket, *, breached: set[tuple[str, dt.datetime]] = frozenset()):
    """Recompute the queue's order key and the monitor's next check from the targets.

    `breached` lists (target, due_at) pairs already handled, which the monitor
    need not look at again."""
    running = running_targets(ticket)
    ticket.sla_due_at = min(running.values(), default=None)
    unhandled = [due for target, due in running.items() if (target, due) not in breached]
    ticket.sla_next_check_at = min(unhandled, default=None)


# --- Service levels sold by other apps --------------------------------------------------


@dataclass(frozen=True)
class ServiceLevel:
    """What a customer's paid tier promises a ticket at hand-off: its tier, the queue
    it waits in (unless a rule chose one) and its SLA policy (None: by position)."""

    tier: str
    queue: Queue | None
    policy: SLAPolicy | None


ServiceLevelFinder = Callable[..., ServiceLevel | None]
_service_level_finders: list[ServiceLevelFinder] = []


def register_service_level(finder: ServiceLevelFinder) -> None:
    """An app that sells a service level (vip) registers, from its AppConfig.ready,
    `finder(ticket, *, now) -> ServiceLevel | None`; tickets never imports it."""
    if finder not in _service_level_finders:
        _service_level_finders.append(finder)


def service_level_for(ticket: Ticket, *, now: dt.datetime) -> ServiceLevel | None:
    for finder in _service_level_finders:
        level = finder(ticket, now=now)
        if level is not None:
            return level
    return None


def sla_start(ticket: Ticket, *, now: dt.datetime, policy: SLAPolicy | None = None) -> None:
    """At hand-off: pick the policy (unless given) and set the due times. Call with
    the ticket locked; the caller saves."""
    policy = policy or policy_for(ticket)
    ticket.sla_policy = policy
    if policy is None:
        ticket.first_response_due_at = ticket.resolution_due_at = None
        ticket.next_response_due_at = None
    else:
        hours = business_hours_of(policy.calendar)  # once: it reads the opening hours
        if not ticket.first_responded_at:
            first = policy.first_response_minutes
            ticket.first_response_due_at = add_business_minutes(now, first, hours)
        else:
            next_ = policy.next_response_minutes
            ticket.next_response_due_at = add_business_minutes(now, next_, hours)
        if not ticket.resolution_due_at:
            resolution = policy.resolution_minutes
            ticket.resolution_due_at = add_business_minutes(now, resolution, hours)
    refresh_due_times(ticket)


def sla_customer_wrote(ticket: Ticket, *, now: dt.datetime) -> None:
    """A customer message to a ticket a person owns starts the next-response clock,
    unless one is already running (the oldest unanswered message counts)."""
    if ticket.sla_policy_id is None or not ticket.first_responded_at or ticket.next_response_due_at:
        return  # (the policy read last: the chat posts many messages that need none)
    policy = ticket.sla_policy
    ticket.next_response_due_at = due_after(policy, now, policy.next_response_minutes)
    refresh_due_times(ticket)


def sla_agent_replied(ticket: Ticket, *, now: dt.datetime) -> None:
    if not ticket.first_responded_at:
        ticket.first_responded_at = now
    ticket.next_response_due_at = None
    refresh_due_times(ticket)


# --- The monitor's pass -------------------------------------------------------------


def tickets_to_check(now: dt.datetime, limit: int):
    return list(
        Ticket.objects.filter(status=Ticket.Status.OPEN, sla_next_check_at__lte=now)
        .order_by("sla_next_check_at")
        .values_list("pk", flat=True)[:limit]
    )


def handle_breaches(ticket_id: int, *, now: dt.datetime) -> list[SLABreach]:
    """Record each overdue target of one ticket exactly once, with its effects.

    Several monitors may run this at once: the row lock (skipped when another
    monitor holds it) and the unique (ticket, target, due_at) constraint make sure
    each breach is handled by one of them only."""
    with transaction.atomic():
        ticket = (
            Ticket.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("sla_policy")
            .filter(pk=ticket_id, status=Ticket.Status.OPEN)
            .first()
        )
        if ticket is None:
            return []
        handled = set(SLABreach.objects.filter(ticket=ticket).values_list("target", "due_at"))
        new = []
        for target, due_at in running_targets(ticket).items():
            if due_at > now or (target, due_at) in handled:
                continue
            try:
                with transaction.atomic():
                    breach = SLABreach.objects.create(
                        ticket=ticket, target=target, due_at=due_at, detected_at=now
                    )
            except IntegrityError:
                continue  # another monitor got there first
            handled.add((target, due_at))
            new.append(breach)
        if new:
            _apply_breach_effects(ticket, new, now=now)
        refresh_due_times(ticket, breached=handled)
        ticket.save(update_fields=[*_SLA_FIELDS, "priority", "sla_breached_at", "updated_at"])
    return new


_SLA_FIELDS = ["sla_due_at", "sla_next_check_at"]


def _apply_breach_effects(ticket: Ticket, breaches: list[SLABreach], *, now: dt.datetime):
    old_priority = ticket.priority
    ticket.priority = min(Priority.URGENT, ticket.priority + 1)
    ticket.sla_breached_at = ticket.sla_breached_at or now
    ticket.updated_at = now
    for breach in breaches:
        TicketEvent.objects.create(
            ticket=ticket,
            kind=TicketEvent.Kind.SLA_BREACHED,
            data={"target": breach.target, "due_at": breach.due_at.isoformat()},
            created_at=now,
        )
    if ticket.priority != old_priority:
        TicketEvent.objects.create(
            ticket=ticket,
            kind=TicketEvent.Kind.PRIORITY_CHANGED,
            data={"from": old_priority, "to": ticket.priority, "why": "SLA breached"},
            created_at=now,
        )
    count = metrics.SLA_BREACHES.labels(ticket.tier).inc
    transaction.on_commit(lambda: count(len(breaches)))
    # The targets missed, in the language of whoever reads it.
    missed = lazy(lambda: ", ".join(str(b.get_target_display()).lower() for b in breaches), str)()
    logger.warning("sla_breached ticket=%s missed=%s", ticket.pk, missed)
    notify.notify_supervisors(
        ticket, reason=interpolate_lazy(_("SLA breached (%(missed)s)"), missed=missed)
    )
    if ticket.assignee_id:
        text = interpolate_lazy(
            ngettext_lazy(
                "Your ticket #%(pk)s missed %(count)s SLA target: %(missed)s.",
                "Your ticket #%(pk)s missed %(count)s SLA targets: %(missed)s.",
                "count",
            ),
            pk=ticket.pk, count=len(breaches), missed=missed,
        )  # fmt: skip
        notify.agent_notice([ticket.assignee], ticket, kind=notify.Notice.BREACH, text=text)
    notify.broadcast_on_commit([(notify.ticket_group(ticket.pk), notify.ticket_event(ticket))])


def monitor_pass(*, now: dt.datetime, batch: int = 200) -> int:
    """One sweep over the tickets due for a check; returns the breaches handled."""
    handled = 0
    for ticket_id in tickets_to_check(now, batch):
        handled += len(handle_breaches(ticket_id, now=now))
    return handled


# --- Policies other apps keep ------------------------------------------------------------


def sla_policy_keep(
    policy: SLAPolicy | None, *, name: str, response_minutes: int, tier: str, position: int,
    resolution_minutes: int,
) -> SLAPolicy:  # fmt: skip
    """Save a policy another app keeps in step with its own data (a VIP plan's
    guarantee): active, first and next response within `response_minutes`. A new one
    (`policy` None) gets `tier`, `position` and `resolution_minutes`; an existing one
    keeps what staff set for those."""
    if policy is None:
        policy = SLAPolicy(tier=tier, position=position, resolution_minutes=resolution_minutes)
    policy.name = name[:80]
    policy.first_response_minutes = policy.next_response_minutes = response_minutes
    policy.is_active = True
    policy.save()
    return policy
