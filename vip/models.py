"""Plans, Stripe subscriptions, staff grants and the guarantee's service credits.

Writes go through `vip.services`. The customer's resulting tier is stored on the
account (`accounts.User.vip_until`) so that every app can read it; how it is earned
is decided here only (see `vip.services.customer_refresh_vip`).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords
from tickets.models import SLABreach, SLAPolicy, Ticket
from vip.perks import HELP_TEXT as PERKS_HELP_TEXT
from vip.perks import perk_lines


class Plan(models.Model):
    class Interval(models.TextChoices):
        MONTH = "month", _("Monthly")
        YEAR = "year", _("Yearly")

    name = models.CharField(_("name"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=100, help_text=_("Lower is shown first.")
    )
    is_active = models.BooleanField(
        _("is active"), default=True, help_text=_("Shown on the pricing page.")
    )
    price = models.DecimalField(
        _("price"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    currency = models.CharField(
        _("currency"), max_length=3, default="EUR", help_text=_("ISO code, e.g. EUR.")
    )
    interval = models.CharField(
        _("interval"), max_length=5, choices=Interval.choices, default=Interval.MONTH
    )
    stripe_price_id = models.CharField(
        _("stripe price id"),
        max_length=100,
        unique=True,
        help_text=_("The recurring Price in Stripe, e.g. price_1Q…"),
    )
    guaranteed_minutes = models.PositiveIntegerField(
        _("guaranteed minutes"),
        default=15,
        validators=[MinValueValidator(1)],
        help_text=_("A person's first reply within this many minutes, around the clock."),
    )
    perks = models.TextField(_("perks"), blank=True, help_text=PERKS_HELP_TEXT)
    credit_amount = models.DecimalField(
        _("credit amount"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Credited to the customer's Stripe balance for each missed guarantee."),
    )
    # Kept in step with guaranteed_minutes by vip.services.plan_save; a VIP ticket of
    # this plan's subscribers is handed off under it.
    sla_policy = models.ForeignKey(
        SLAPolicy,
        verbose_name=_("sla policy"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Who changed it, when, from what (the admin's History).
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "price", "id"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self):
        return self.name

    @property
    def perk_list(self) -> list[str]:
        """The perks as customers read them, with the guarantee filled in."""
        return perk_lines(self.perks, guaranteed_minutes=self.guaranteed_minutes)


class StripeCustomer(models.Model):
    """The one Stripe customer of a user, created at their first checkout."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="stripe_customer",
    )
    stripe_customer_id = models.CharField(_("stripe customer id"), max_length=100, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("stripe customer")
        verbose_name_plural = _("stripe customers")

    def __str__(self):
        return self.stripe_customer_id


class Subscription(models.Model):
    """Our copy of a Stripe subscription, always taken from Stripe's current object."""

    class Status(models.TextChoices):
        INCOMPLETE = "incomplete", _("Incomplete")
        INCOMPLETE_EXPIRED = "incomplete_expired", _("Incomplete, expired")
        TRIALING = "trialing", _("Trial")
        ACTIVE = "active", _("Active")
        PAST_DUE = "past_due", _("Payment overdue")
        UNPAID = "unpaid", _("Unpaid")
        CANCELED = "canceled", _("Cancelled")
        PAUSED = "paused", _("Paused")

    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="vip_subscriptions",
    )
    stripe_subscription_id = models.CharField(
        _("stripe subscription id"), max_length=100, unique=True
    )
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), null=True, blank=True, on_delete=models.PROTECT
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    current_period_end = models.DateTimeField(_("current period end"), null=True, blank=True)
    cancel_at_period_end = models.BooleanField(_("cancel at period end"), default=False)
    # When we first saw it past due: VIP lasts VIP_PAST_DUE_GRACE_DAYS from here.
    past_due_since = models.DateTimeField(_("past due since"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["customer", "-updated_at"], name="vip_sub_customer_recent")]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")

    def __str__(self):
        return f"{self.stripe_subscription_id} ({self.status})"


class ComplimentaryGrant(models.Model):
    """VIP given by staff, with who, when, why and until; revoked the same way."""

    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="vip_grants",
        limit_choices_to={"is_staff": False},
    )
    until = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=200)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoke_reason = models.CharField(_("revoke reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["-granted_at", "-id"]
        verbose_name = _("complimentary VIP grant")
        verbose_name_plural = _("complimentary VIP grants")

    def __str__(self):
        return f"VIP for {self.customer} until {self.until:%Y-%m-%d}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class ServiceCredit(models.Model):
    """Compensation for one missed VIP guarantee: exactly one per breach."""

    class Status(models.TextChoices):
        PENDING = "pending", _("To be applied")
        APPLYING = "applying", _("Being applied")
        APPLIED = "applied", _("Applied to the Stripe balance")
        FAILED = "failed", _("Failed, will retry")
        NOT_APPLIED = "not_applied", _("Not applied")

    breach = models.OneToOneField(
        SLABreach, verbose_name=_("breach"), on_delete=models.PROTECT, related_name="vip_credit"
    )
    ticket = models.ForeignKey(
        Ticket, verbose_name=_("ticket"), on_delete=models.PROTECT, related_name="vip_credits"
    )
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="vip_credits",
    )
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), null=True, blank=True, on_delete=models.SET_NULL
    )
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("Why it is not applied.")
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    stripe_transaction_id = models.CharField(_("stripe transaction id"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("service credit")
        verbose_name_plural = _("service credits")

    def __str__(self):
        return f"{self.amount} {self.currency} for ticket #{self.ticket_id}"

    @property
    def status_text(self) -> str:
        if self.status == self.Status.NOT_APPLIED and self.note:
            return f"Not applied: {self.note}"
        return self.get_status_display()


class StripeEvent(models.Model):
    """Every webhook event received, once: the unique event id deduplicates
    deliveries. `processed_at` stays empty until its subscription is synced."""

    event_id = models.CharField(_("event id"), max_length=100, unique=True)
    type = models.CharField(_("type"), max_length=100)
    subscription_id = models.CharField(_("subscription id"), max_length=100, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("stripe event")
        verbose_name_plural = _("stripe events")

    def __str__(self):
        return f"{self.type} {self.event_id}"


class VipEvent(models.Model):
    """The audit trail of a customer's VIP: grants, revocations, subscription
    changes and credits."""

    class Kind(models.TextChoices):
        GRANTED = "granted", _("Complimentary VIP granted")
        REVOKED = "revoked", _("Complimentary VIP revoked")
        SUBSCRIPTION_CHANGED = "subscription_changed", _("Subscription changed")
        CREDIT_RECORDED = "credit_recorded", _("Service credit recorded")
        CREDIT_APPLIED = "credit_applied", _("Service credit applied")

    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="vip_events",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["customer", "-created_at"], name="vip_event_customer")]
        verbose_name = _("VIP audit event")
        verbose_name_plural = _("VIP audit events")

    def __str__(self):
        return f"{self.customer}: {self.get_kind_display()}"
