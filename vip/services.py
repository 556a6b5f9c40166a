"""Every write of the vip app: plans, grants, Stripe customers and subscriptions,
webhook events and service credits.

A customer's `vip_until` is recomputed under their account's row lock from
everything that earns VIP, whenever one of those changes: so two writers (a webhook
and a staff grant, or two deliveries) never leave it half-updated.
"""

import datetime as dt
import logging
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import customer_set_vip_until
from core.mail import email_template_send_later
from core.tasks import Retries, background
from tickets.models import SLABreach, Tier
from tickets.sla import sla_policy_keep
from vip import stripe_gateway as gateway
from vip.models import (
    ComplimentaryGrant,
    Plan,
    ServiceCredit,
    StripeCustomer,
    StripeEvent,
    Subscription,
    VipEvent,
)
from vip.tier import VIP_STATUSES, current_subscription

logger = logging.getLogger(__name__)

Kind = VipEvent.Kind
CreditStatus = ServiceCredit.Status

# Events that may change a subscription; each is answered by re-reading the
# subscription from Stripe, so their order does not matter.
HANDLED_EVENTS = {
    "checkout.session.completed",
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "invoice.paid",
    "invoice.payment_failed",
}
# Stripe unreachable: its calls are tried again for about a day (1 min doubling to
# 2 h), then the task is left failed in the admin, where staff retry it.
STRIPE_RETRIES = Retries(
    attempts=18, first_delay=dt.timedelta(minutes=1), max_delay=dt.timedelta(hours=2)
)
PLAN_RESOLUTION_MINUTES = 8 * 60
PLAN_POLICY_POSITION = 200


class VipError(Exception):
    """A refusal with a message fit for the customer or staff member."""


def _audit(customer, kind, *, actor=None, now=None, **data) -> VipEvent:
    return VipEvent.objects.create(
        customer=customer, kind=kind, actor=actor, data=data, created_at=now or timezone.now()
    )


def _locked_customer(customer_id) -> User:
    return User.objects.select_for_update().get(pk=customer_id)


def _refresh_vip(customer: User, *, now: dt.datetime) -> None:
    """Recompute `vip_until` from subscriptions and grants. Call holding the
    customer's row lock (see _locked_customer).

    Active or trialing: to the end of the paid period, plus the grace period in case
    the renewal's webhook is late. Past due: the grace period from when we first saw
    it. A grant: until its end, unless revoked. Anything else earns nothing."""
    grace = dt.timedelta(days=settings.VIP_PAST_DUE_GRACE_DAYS)
    ends = []
    for subscription in Subscription.objects.filter(customer=customer, status__in=VIP_STATUSES):
        if subscription.status == Subscription.Status.PAST_DUE:
            ends.append((subscription.past_due_since or now) + grace)
        else:
            ends.append((subscription.current_period_end or now) + grace)
    ends.extend(
        ComplimentaryGrant.objects.filter(customer=customer, revoked_at__isnull=True).values_list(
            "until", flat=True
        )
    )
    customer_set_vip_until(customer, max(ends, default=None))


# --- Plans ---------------------------------------------------------------------------------


def plan_save(*, plan: Plan) -> Plan:
    """Save a plan and keep its SLA policy in step with its guarantee: VIP tier, first
    and next response within the guaranteed minutes, around the clock. The policy sits
    after the desk's catch-all ones, so it applies only through the plan."""
    with transaction.atomic():
        plan.currency = plan.currency.upper()
        plan.sla_policy = sla_policy_keep(
            plan.sla_policy, name=f"VIP plan: {plan.name}", tier=Tier.VIP,
            position=PLAN_POLICY_POSITION, response_minutes=plan.guaranteed_minutes,
            resolution_minutes=PLAN_RESOLUTION_MINUTES,
        )  # fmt: skip
        # One save, with its policy: the plan's history records each save (vip.models).
        plan.save()
    return plan


# --- Complimentary VIP ---------------------------------------------------------------------


def grant_create(*, customer, until: dt.datetime, reason: str, actor, now=None):
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise VipError(_("Say why this customer gets VIP."))
    if until <= now:
        raise VipError(_("A grant must end in the future."))
    if customer.is_staff:
        raise VipError(_("VIP is for customers, not staff."))
    with transaction.atomic():
        locked = _locked_customer(customer.pk)
        grant = ComplimentaryGrant.objects.create(
            customer=locked, until=until, reason=reason[:200], granted_by=actor, granted_at=now
        )
        _audit(locked, Kind.GRANTED, actor=actor, now=now, grant=grant.pk,
               until=until.isoformat(), reason=grant.reason)  # fmt: skip
        _refresh_vip(locked, now=now)
    return grant


def grant_revoke(*, grant: ComplimentaryGrant, reason: str, actor, now=None):
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise VipError(_("Say why the grant is revoked."))
    with transaction.atomic():
        locked = _locked_customer(grant.customer_id)
        revoked = ComplimentaryGrant.objects.filter(pk=grant.pk, revoked_at__isnull=True).update(
            revoked_at=now, revoked_by=actor, revoke_reason=reason[:200]
        )
        if not revoked:
            raise VipError(_("This grant is already revoked."))
        _audit(locked, Kind.REVOKED, actor=actor, now=now, grant=grant.pk, reason=reason[:200])
        _refresh_vip(locked, now=now)
    grant.refresh_from_db()
    return grant


# --- Stripe: customers, checkout, portal ------------------------------------------------------


def stripe_customer_id_for(*, user) -> str:
    """The user's one Stripe customer, created on first use. Two requests at once
    send the same idempotency key (Stripe answers both with one customer) and the
    unique user column keeps one row."""
    existing = StripeCustomer.objects.filter(user_id=user.pk).first()
    if existing:
        return existing.stripe_customer_id
    remote_id = gateway.create_customer(
        email=user.email,
        name=user.get_full_name(),
        user_id=user.pk,
        # The join date keeps keys apart between databases sharing a Stripe account.
        idempotency_key=f"supportsite-customer-{user.pk}-{int(user.date_joined.timestamp())}",
    )
    try:
        with transaction.atomic():
            StripeCustomer.objects.create(user_id=user.pk, stripe_customer_id=remote_id)
    except IntegrityError:
        return StripeCustomer.objects.get(user_id=user.pk).stripe_customer_id
    return remote_id


def checkout_start(*, user, plan: Plan, success_url: str, cancel_url: str) -> str:
    """The Stripe Checkout page's address for subscribing `user` to `plan`."""
    if not gateway.is_configured():
        raise VipError(_("Billing is not configured on this site, so VIP cannot be bought here."))
    if user.is_staff:
        raise VipError(_("VIP is for customers, not staff."))
    subscription = current_subscription(user)
    if subscription and subscription.status in VIP_STATUSES:
        raise VipError(_("You already have a VIP subscription. Manage it from your account."))
    customer_id = stripe_customer_id_for(user=user)
    return gateway.create_checkout_session(
        customer_id=customer_id,
        price_id=plan.stripe_price_id,
        user_id=user.pk,
        plan_id=plan.pk,
        success_url=success_url,
        cancel_url=cancel_url,
    )


def portal_start(*, user, return_url: str) -> str:
    """Stripe's billing portal, where the customer changes or cancels their plan."""
    if not gateway.is_configured():
        raise VipError(_("Billing is not configured on this site."))
    link = StripeCustomer.objects.filter(user_id=user.pk).first()
    if link is None:
        raise VipError(_("You have no VIP subscription to manage yet."))
    return gateway.create_portal_session(customer_id=link.stripe_customer_id, return_url=return_url)


# --- Stripe: webhooks and subscriptions -----------------------------------------------------------


def webhook_receive(*, payload: bytes, signature: str | None, now=None) -> StripeEvent | None:
    """Verify and record one webhook delivery, and store the task that syncs it
    (`event_sync`) with it: Stripe gets its answer at once, and a delivery recorded
    is a delivery synced. Returns the new event row, or None for a repeated delivery
    (nothing happens twice). A bad signature raises gateway.BadSignature before
    anything is written."""
    now = now or timezone.now()
    event = gateway.verify_event(payload, signature)
    event_id, kind = event.get("id"), event.get("type")
    if not (isinstance(event_id, str) and event_id and isinstance(kind, str)):
        raise gateway.BadSignature("an event without an id or type")
    try:
        with transaction.atomic():
            record = StripeEvent.objects.create(
                event_id=event_id[:100],
                type=kind[:100],
                subscription_id=gateway.subscription_id_of(event)[:100],
                received_at=now,
            )
            event_sync.enqueue(event_id=record.pk)
    except IntegrityError:
        return None
    return record


@background(retries=STRIPE_RETRIES)
def event_sync(*, event_id: int) -> str:
    """The background task of one webhook event: bring its subscription in line with
    Stripe's current object. Stripe unreachable raises, and the task is retried.

    The read happens before the customer's lock is taken, so that a slow Stripe never
    holds a database lock; two events about one subscription that change it within
    milliseconds could store the older read, until the next event re-reads it."""
    event = StripeEvent.objects.get(pk=event_id)
    now = timezone.now()
    if event.processed_at is not None:
        return event.outcome
    if event.type not in HANDLED_EVENTS or not event.subscription_id:
        return _event_done(event, now, "ignored")
    try:
        remote = gateway.retrieve_subscription(event.subscription_id)
    except gateway.GatewayError:
        StripeEvent.objects.filter(pk=event.pk).update(
            attempts=F("attempts") + 1, outcome="Stripe unreachable; will retry"
        )
        raise
    if remote is None:
        return _event_done(event, now, "subscription not found in Stripe")
    subscription = subscription_apply(remote=remote, now=now)
    outcome = f"subscription {remote.status}" if subscription else "unknown customer"
    return _event_done(event, now, outcome)


def _event_done(event: StripeEvent, now, outcome: str) -> str:
    StripeEvent.objects.filter(pk=event.pk, processed_at__isnull=True).update(
        processed_at=now, outcome=outcome[:200], attempts=F("attempts") + 1
    )
    return outcome


def _customer_id_of(remote: gateway.RemoteSubscription) -> int | None:
    """Our user for a Stripe subscription: by its Stripe customer, or by the user id
    our checkout put in its metadata (then the customer is linked for next time)."""
    link = StripeCustomer.objects.filter(stripe_customer_id=remote.customer_id).first()
    if link:
        return link.user_id
    if not remote.user_id.isdigit():
        return None
    user = User.objects.filter(pk=int(remote.user_id), is_staff=False).first()
    if user is None:
        return None
    if remote.customer_id:
        try:
            with transaction.atomic():
                StripeCustomer.objects.create(user=user, stripe_customer_id=remote.customer_id)
        except IntegrityError:
            pass  # already linked (to this customer or an earlier one): keep it
    return user.pk


def subscription_apply(*, remote: gateway.RemoteSubscription, now) -> Subscription | None:
    """Store Stripe's current state of a subscription, under the customer's lock.
    A change of status is audited once; becoming VIP sends one welcome email."""
    customer_id = _customer_id_of(remote)
    if customer_id is None:
        logger.warning("stripe subscription %s: unknown customer", remote.id)
        return None
    with transaction.atomic():
        customer = _locked_customer(customer_id)
        subscription = Subscription.objects.filter(stripe_subscription_id=remote.id).first()
        previous = subscription.status if subscription else None
        if subscription is None:
            subscription = Subscription(
                stripe_subscription_id=remote.id, customer=customer, created_at=now
            )
        subscription.plan = Plan.objects.filter(stripe_price_id=remote.price_id).first() or (
            subscription.plan
        )
        subscription.status = remote.status
        subscription.current_period_end = remote.current_period_end
        subscription.cancel_at_period_end = remote.cancel_at_period_end
        if remote.status == Subscription.Status.PAST_DUE:
            subscription.past_due_since = subscription.past_due_since or now
        else:
            subscription.past_due_since = None
        subscription.updated_at = now
        subscription.save()
        if previous != remote.status:
            _audit(customer, Kind.SUBSCRIPTION_CHANGED, now=now, subscription=remote.id,
                   **{"from": previous, "to": remote.status})  # fmt: skip
        was_vip = customer.is_vip_at(now)
        _refresh_vip(customer, now=now)
        if not was_vip and customer.is_vip_at(now) and remote.status in VIP_STATUSES:
            _welcome_email(customer, subscription)
    return subscription


def _welcome_email(customer, subscription: Subscription) -> None:
    """Written in the customer's language when it is sent (templates/vip/email)."""
    plan = subscription.plan
    email_template_send_later(
        template="vip/email/welcome",
        values={
            "name": customer.get_short_name(),
            "guaranteed_minutes": plan.guaranteed_minutes if plan else None,
            "url": settings.SITE_URL + reverse("account"),
        },
        to=[customer],
    )


# --- The guarantee: service credits ----------------------------------------------------------


def credit_record(*, breach: SLABreach, now) -> ServiceCredit | None:
    """Record the credit owed for one missed VIP guarantee; None if another monitor
    recorded it first. Its amount comes from the plan whose promise was missed."""
    ticket = breach.ticket
    customer = ticket.customer
    plan = (
        Plan.objects.filter(sla_policy_id=ticket.sla_policy_id).first()
        if (ticket.sla_policy_id)
        else None
    )
    plan = plan or _plan_now(customer)
    amount = plan.credit_amount if plan else Decimal("0")
    status, note = CreditStatus.PENDING, ""
    if plan is None or amount <= 0:
        status, note = CreditStatus.NOT_APPLIED, "no paid plan to credit"
    elif not gateway.is_configured():
        status, note = CreditStatus.NOT_APPLIED, "billing not configured"
    elif not StripeCustomer.objects.filter(user_id=customer.pk).exists():
        status, note = CreditStatus.NOT_APPLIED, "no Stripe customer"
    try:
        with transaction.atomic():
            credit = ServiceCredit.objects.create(
                breach=breach, ticket=ticket, customer=customer, plan=plan, amount=amount,
                currency=plan.currency if plan else "EUR", status=status, note=note,
                created_at=now,
            )  # fmt: skip
            _audit(customer, Kind.CREDIT_RECORDED, now=now, credit=credit.pk, ticket=ticket.pk,
                   amount=str(amount), currency=credit.currency, status=status)  # fmt: skip
            if status == CreditStatus.PENDING:
                credit_apply.enqueue(credit_id=credit.pk)
    except IntegrityError:
        return None
    return credit


def _plan_now(customer) -> Plan | None:
    subscription = current_subscription(customer)
    return subscription.plan if subscription else None


def credits_to_record(*, limit: int = 200):
    """VIP first-response breaches that have no credit yet."""
    return (
        SLABreach.objects.filter(
            ticket__tier=Tier.VIP,
            target=SLABreach.Target.FIRST_RESPONSE,
            vip_credit__isnull=True,
        )
        .select_related("ticket__customer")
        .order_by("id")[:limit]
    )


@background(retries=STRIPE_RETRIES)
def credit_apply(*, credit_id: int) -> str:
    """The background task that applies one credit as a Stripe customer-balance
    credit; returns the credit's status. Stripe unreachable raises, and the task is
    retried with backoff; the idempotency key (from the credit's id) makes a retry
    after a crash, or two tasks for one credit, credit the customer once."""
    now = timezone.now()
    claimed = ServiceCredit.objects.filter(
        pk=credit_id,
        status__in=[CreditStatus.PENDING, CreditStatus.FAILED, CreditStatus.APPLYING],
    ).update(status=CreditStatus.APPLYING, attempts=F("attempts") + 1)
    credit = ServiceCredit.objects.select_related("customer__stripe_customer").get(pk=credit_id)
    if not claimed:
        return credit.status  # applied, or not to be, already
    link = getattr(credit.customer, "stripe_customer", None)
    note = (
        "no paid plan to credit" if credit.amount <= 0
        else "billing not configured" if not gateway.is_configured()
        else "no Stripe customer" if link is None
        else ""
    )  # fmt: skip
    if note:
        _credit_update(credit, status=CreditStatus.NOT_APPLIED, note=note)
        return credit.status
    try:
        transaction_id = gateway.credit_balance(
            customer_id=link.stripe_customer_id,
            amount=str(credit.amount),
            currency=credit.currency,
            description=f"Service credit: we missed our VIP promise on request #{credit.ticket_id}",
            idempotency_key=f"supportsite-credit-{credit.pk}-{link.stripe_customer_id}",
        )
    except gateway.GatewayError:
        _credit_update(credit, status=CreditStatus.FAILED, note="Stripe unreachable; will retry")
        raise
    with transaction.atomic():
        _credit_update(credit, status=CreditStatus.APPLIED, note="",
                       stripe_transaction_id=transaction_id, applied_at=now)  # fmt: skip
        _audit(credit.customer, Kind.CREDIT_APPLIED, now=now, credit=credit.pk,
               stripe_transaction=transaction_id)  # fmt: skip
    return credit.status


def _credit_update(credit: ServiceCredit, **fields) -> None:
    ServiceCredit.objects.filter(pk=credit.pk).update(**fields)
    for name, value in fields.items():
        setattr(credit, name, value)


def credit_retry(*, credit: ServiceCredit, actor, now=None) -> ServiceCredit:
    """Staff ask for a credit that was not applied to be tried again: it is applied
    by a task worker within seconds."""
    if credit.status == CreditStatus.APPLIED:
        raise VipError(_("Credit #%(credit)s is already applied.") % {"credit": credit.pk})
    with transaction.atomic():
        changed = (
            ServiceCredit.objects.filter(pk=credit.pk)
            .exclude(status=CreditStatus.APPLIED)
            .update(status=CreditStatus.PENDING, note="")
        )
        if changed:
            credit_apply.enqueue(credit_id=credit.pk)
    credit.refresh_from_db()
    return credit
