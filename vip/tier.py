"""Reading a customer's tier: is_vip answers "is this customer VIP now", for
everyone. How VIP is earned (subscriptions, grace, grants) is decided when it
changes, in vip.services, and stored on the account as `vip_until`."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from tickets.models import Queue, SLAPolicy, Tier
from tickets.sla import ServiceLevel
from vip.models import ComplimentaryGrant, Plan, ServiceCredit, Subscription

# The queue installed by tickets' default desk for VIP subscribers (auto-assign to
# its members, the VIP-skilled agents).
VIP_QUEUE_NAME = "VIP"
# Subscription states that keep VIP (past due only for the grace period).
VIP_STATUSES = (
    Subscription.Status.ACTIVE,
    Subscription.Status.TRIALING,
    Subscription.Status.PAST_DUE,
)


def is_vip(user, *, now: dt.datetime | None = None) -> bool:
    """Whether this customer is VIP at `now` (default: now). The one answer."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_vip_at(now or timezone.now())


def current_subscription(customer) -> Subscription | None:
    """The subscription that counts: one that keeps VIP first, then the latest."""
    keeps_vip = Case(
        When(status__in=VIP_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        Subscription.objects.filter(customer_id=customer.pk)
        .select_related("plan")
        .order_by(keeps_vip, "-updated_at", "-id")
        .first()
    )


def plan_of(customer) -> Plan | None:
    subscription = current_subscription(customer)
    if subscription and subscription.status in VIP_STATUSES:
        return subscription.plan
    return None


def vip_queue() -> Queue | None:
    return Queue.objects.filter(name=VIP_QUEUE_NAME).first()


def service_level_for(ticket, *, now: dt.datetime) -> ServiceLevel | None:
    """Registered with tickets (see VipConfig.ready): a VIP ticket, or any ticket of a
    customer who is VIP now, waits in the VIP queue under their plan's SLA policy
    (a complimentary VIP without a plan: the VIP policy chosen by position)."""
    customer = ticket.customer
    if ticket.tier != Tier.VIP and not is_vip(customer, now=now):
        return None
    plan = plan_of(customer)
    return ServiceLevel(tier=Tier.VIP, queue=vip_queue(), policy=plan.sla_policy if plan else None)


# --- What the customer sees -------------------------------------------------------------


@dataclass
class VipStatus:
    is_vip: bool
    until: dt.datetime | None
    subscription: Subscription | None
    plan: Plan | None
    grant: ComplimentaryGrant | None
    credits: list[ServiceCredit] = field(default_factory=list)

    @property
    def tier(self) -> str:
        return Tier.VIP if self.is_vip else Tier.STANDARD

    @property
    def guaranteed_minutes(self) -> int | None:
        if not self.is_vip:
            return None
        if self.plan:
            return self.plan.guaranteed_minutes
        policy = SLAPolicy.objects.filter(is_active=True, tier=Tier.VIP).first()
        return policy.first_response_minutes if policy else None


def status_of(user, *, now: dt.datetime | None = None, credits: int = 20) -> VipStatus:
    now = now or timezone.now()
    subscription = current_subscription(user)
    grant = (
        ComplimentaryGrant.objects.filter(
            customer_id=user.pk, revoked_at__isnull=True, until__gt=now
        )
        .order_by("-until")
        .first()
    )
    vip = is_vip(user, now=now)
    return VipStatus(
        is_vip=vip,
        until=user.vip_until if vip else None,
        subscription=subscription,
        plan=subscription.plan if subscription and subscription.status in VIP_STATUSES else None,
        grant=grant,
        credits=list(
            ServiceCredit.objects.filter(customer_id=user.pk).select_related("ticket")[:credits]
        ),
    )


@dataclass(frozen=True)
class StandardPromise:
    first_response_minutes: int
    calendar_name: str  # "" when the clock runs around the clock


def standard_promise() -> StandardPromise | None:
    """What every customer gets without VIP: the SLA policy that applies to any tier
    and priority (the desk's "Standard")."""
    policy = (
        SLAPolicy.objects.filter(is_active=True, tier="", min_priority__isnull=True)
        .select_related("calendar")
        .first()
    )
    if policy is None:
        return None
    return StandardPromise(
        first_response_minutes=policy.first_response_minutes,
        calendar_name=policy.calendar.name if policy.calendar else "",
    )
