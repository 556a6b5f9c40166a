"""Who uses the site, and the account records a customer (and the assistant acting for
them) may read: purchases, the instalments that pay for them, and refunds."""

from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

POSITIVE_AMOUNT = MinValueValidator(Decimal("0.01"))
# settings.LANGUAGES, each by its own name, as the page header's language switcher
# shows it: a person finds their own language whatever the page's.
LANGUAGE_CHOICES = [
    ("en", pgettext_lazy("a language, by its own name", "English")),
    ("sv", pgettext_lazy("a language, by its own name", "Svenska")),
    ("de", pgettext_lazy("a language, by its own name", "Deutsch")),
]


def normalize_email(email: str) -> str:
    """Emails are logins: store and compare them in one case."""
    return (email or "").strip().lower()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, email):
        return self.get(email=normalize_email(email))


class User(AbstractBaseUser, PermissionsMixin):
    """Customers and staff alike; staff (`is_staff`) work from the admin."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    is_active = models.BooleanField(_("is active"), default=True)
    is_staff = models.BooleanField(
        _("is staff"), default=False, help_text=_("Staff can log in to the admin and work tickets.")
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # The language they read the site and their emails in (accounts.language); empty
    # until they choose one: then their browser's.
    language = models.CharField(_("language"), max_length=8, blank=True, choices=LANGUAGE_CHOICES)
    # Until when the customer is VIP. Only the vip app writes it (from Stripe
    # subscriptions and staff grants) and only it knows how VIP is earned; anyone may
    # read it, through `is_vip_at`.
    vip_until = models.DateTimeField(_("vip until"), null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]
        # Supervisors' (accounts.roles): the admin's export of a customer's data.
        permissions = [("export_user", "Can export a customer's data (right of access)")]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.email

    def clean(self):
        super().clean()
        self.email = normalize_email(self.email)

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email.split("@")[0]

    def is_vip_at(self, now) -> bool:
        """The plain comparison behind `vip.tier.is_vip`, for apps that may not import vip."""
        return self.vip_until is not None and self.vip_until > now


class StaffManager(UserManager):
    use_in_migrations = False

    def get_queryset(self):
        return super().get_queryset().filter(is_staff=True)


class StaffMember(User):
    """Staff as supervisors manage them in the admin (accounts.admin): invited by email,
    given roles, deactivated. A proxy so that this is a permission of its own, apart
    from changing users (`accounts.change_user`), which can make anyone a superuser."""

    objects = StaffManager()

    class Meta:
        proxy = True
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")

    @property
    def has_accepted_invitation(self) -> bool:
        """Invited staff have no password until they choose one from the email."""
        return self.has_usable_password()


class Purchase(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Paying in instalments")
        PAID = "paid", _("Paid in full")
        REFUNDED = "refunded", _("Refunded")
        CANCELLED = "cancelled", _("Cancelled")

    customer = models.ForeignKey(
        User, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="purchases"
    )
    reference = models.CharField(
        _("reference"),
        max_length=20,
        unique=True,
        help_text=_("The order reference the customer sees."),
    )
    merchant = models.CharField(_("merchant"), max_length=120)
    description = models.CharField(_("description"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, validators=[POSITIVE_AMOUNT]
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    purchased_on = models.DateField(_("purchased on"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )

    class Meta:
        ordering = ["-purchased_on", "-id"]
        indexes = [models.Index(fields=["customer", "-purchased_on"])]
        verbose_name = _("purchase")
        verbose_name_plural = _("purchases")

    def __str__(self):
        return f"{self.reference} · {self.merchant}"


class Instalment(models.Model):
    """One payment in a purchase's schedule."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        PAID = "paid", _("Paid")
        LATE = "late", _("Late")
        FAILED = "failed", _("Failed")

    class FailureReason(models.TextChoices):
        CARD_EXPIRED = "card_expired", _("The card on file has expired")
        INSUFFICIENT_FUNDS = "insufficient_funds", _("There was not enough money on the card")
        BANK_DECLINED = "bank_declined", _("The bank declined the payment")

    purchase = models.ForeignKey(
        Purchase, verbose_name=_("purchase"), on_delete=models.CASCADE, related_name="instalments"
    )
    number = models.PositiveSmallIntegerField(
        _("number"), help_text=_("1 for the first payment, and so on.")
    )
    due_on = models.DateField(_("due on"))
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, validators=[POSITIVE_AMOUNT]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    failure_reason = models.CharField(
        _("failure reason"), max_length=20, choices=FailureReason.choices, blank=True,
        help_text=_("Why the last attempt to take a failed payment did not go through."),
    )  # fmt: skip

    class Meta:
        ordering = ["due_on", "purchase_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["purchase", "number"], name="instalment_number_unique_per_purchase"
            )
        ]
        indexes = [models.Index(fields=["purchase", "due_on"])]
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")

    def __str__(self):
        return f"{self.purchase.reference} #{self.number}"

    @property
    def currency(self):
        return self.purchase.currency


class Refund(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        PROCESSING = "processing", _("Being processed")
        ISSUED = "issued", _("Issued")
        DECLINED = "declined", _("Declined")

    purchase = models.ForeignKey(
        Purchase, verbose_name=_("purchase"), on_delete=models.CASCADE, related_name="refunds"
    )
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, validators=[POSITIVE_AMOUNT]
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED
    )
    requested_on = models.DateField(_("requested on"))
    expected_on = models.DateField(
        _("expected on"),
        null=True,
        blank=True,
        help_text=_("When the money should reach the customer."),
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_on", "-id"]
        indexes = [models.Index(fields=["purchase", "-requested_on"])]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")

    def __str__(self):
        return f"Refund of {self.amount} {self.currency} for {self.purchase.reference}"

    @property
    def currency(self):
        return self.purchase.currency
