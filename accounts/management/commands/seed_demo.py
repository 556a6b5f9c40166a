"""`python manage.py seed_demo`: a living demo system in one step.

Idempotent: people are matched by email and purchases by reference, so running it
again changes nothing. The data is generated from a fixed seed relative to the day
it first runs, so every demo looks alike: ~20 customers with purchases paid in
instalments, some late or failed payments, pending and issued refunds, and the staff
cast (agent, supervisor, superuser).
"""

import importlib
import random
import unicodedata
from datetime import timedelta
from decimal import ROUND_DOWN, Decimal

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Instalment, Purchase, Refund, User
from accounts.roles import AGENTS, SUPERVISORS, ensure_roles

DEMO_PASSWORD = "demo-password"  # noqa: S105  (demo only; printed on purpose)

STAFF = [
    # email, name, role group (None for the superuser)
    ("agent@example.com", "Dana Agent", AGENTS),
    ("supervisor@example.com", "Sam Supervisor", SUPERVISORS),
    ("admin@example.com", "Ada Admin", None),
]

CUSTOMER_NAMES = [
    "Alice Martin",
    "Bruno Costa",
    "Chloé Dubois",
    "Dev Patel",
    "Elif Yılmaz",
    "Femi Adeyemi",
    "Greta Lindqvist",
    "Hiro Tanaka",
    "Ines García",
    "Jonas Weber",
    "Kasia Nowak",
    "Liam O'Brien",
    "Maya Cohen",
    "Nora Haddad",
    "Omar Farouk",
    "Priya Nair",
    "Quentin Moreau",
    "Rosa Bianchi",
    "Sven Eriksen",
    "Tara Singh",
]

MERCHANTS = [
    ("Zalando", "Clothing order"),
    ("IKEA", "Sofa and shelves"),
    ("MediaMarkt", "Headphones"),
    ("H&M", "Winter coat"),
    ("Apple Store", "iPad"),
    ("Adidas", "Running shoes"),
    ("Booking.com", "Hotel stay"),
    ("Decathlon", "Bike and helmet"),
    ("Sephora", "Skincare set"),
    ("Nike", "Trainers"),
    ("Lufthansa", "Flight to Lisbon"),
    ("Otto", "Washing machine"),
]

# (number of payments, days between them)
PLANS = [(4, 14), (3, 30), (6, 30)]

REFUND_REASONS = [
    "Item returned",
    "Order cancelled by merchant",
    "Wrong size",
    "Arrived damaged",
    "Duplicate charge",
]


class Command(BaseCommand):
    help = "Create demo customers, their purchases, payments and refunds, and the staff cast."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even with DEBUG off (the demo logins share a known password).",
        )
        parser.add_argument(
            "--no-logins", action="store_true", help="Do not print the demo logins."
        )
        parser.add_argument(
            "--logins-only",
            action="store_true",
            help="Only print the demo logins (`make run` does, as the last thing before serving).",
        )

    def handle(self, *args, force=False, no_logins=False, logins_only=False, **options):
        if logins_only:
            staff = list(User.objects.filter(email__in=[email for email, _, _ in STAFF]))
            staff.sort(key=lambda user: [email for email, _, _ in STAFF].index(user.email))
            emails = [_email_for(name) for name in CUSTOMER_NAMES]
            customers = sorted(
                User.objects.filter(email__in=emails), key=lambda user: emails.index(user.email)
            )
            self._print_logins(customers, staff)
            return
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like production, and demo accounts share a known "
                "password. Pass --force to seed anyway."
            )
        with transaction.atomic():
            groups = ensure_roles()
            staff = [
                self._staff_member(email, name, groups.get(role)) for email, name, role in STAFF
            ]
            rng = random.Random(2026)  # noqa: S311  (repeatable demo data, not secrets)
            today = timezone.localdate()
            customers = []
            for index, name in enumerate(CUSTOMER_NAMES):
                customer = self._customer(name)
                customers.append(customer)
                if not customer.purchases.exists():
                    _seed_records(customer, index=index, rng=rng, today=today)
            for app_demo in _app_demos():
                app_demo.seed(customers=customers, staff=staff, stdout=self.stdout)
        if not no_logins:
            self._print_logins(customers, staff)

    def _staff_member(self, email, name, group):
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": name, "is_staff": True}
        )
        if created:
            user.is_superuser = group is None
            user.set_password(DEMO_PASSWORD)
            user.save()
            if group:
                user.groups.add(group)
        return user

    def _customer(self, name):
        email = _email_for(name)
        user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user

    def _print_logins(self, customers, staff):
        out = self.stdout
        out.write(self.style.SUCCESS("Demo data is ready. Every demo login uses the password:"))
        out.write(f"    {DEMO_PASSWORD}")
        if settings.STAFF_TWO_FACTOR:
            out.write("Staff (admin at /admin/; the first sign-in sets up an authenticator app):")
        else:
            out.write(
                "Staff (admin at /admin/; password only, as the second factor is off: "
                "STAFF_TWO_FACTOR=1 make run asks for it):"
            )
        for user in staff:
            role = (
                "superuser"
                if user.is_superuser
                else ", ".join(user.groups.values_list("name", flat=True))
            )
            out.write(f"    {user.email:<28} {role}")
        out.write("Customers (website at /), for example:")
        now = timezone.now()
        vips = [user for user in customers[5:] if user.is_vip_at(now)]
        for user in customers[:5] + vips:
            vip = "  (VIP subscriber)" if user.is_vip_at(now) else ""
            out.write(f"    {user.email:<28} {user.full_name}{vip}")
        more = len(customers) - 5 - len(vips)
        out.write(f"    ... and {more} more (see /admin/accounts/user/).")


def _app_demos():
    """Other apps add their demo data in a `demo` module with a `seed()` function;
    found by name, so accounts needs to know nothing about them."""
    for app_config in apps.get_app_configs():
        if app_config.name == "accounts":
            continue
        try:
            yield importlib.import_module(f"{app_config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{app_config.name}.demo":
                raise


def _email_for(name: str) -> str:
    """`Chloé Dubois` -> `chloe@example.com`."""
    first = unicodedata.normalize("NFKD", name.split(" ")[0].lower())
    return f"{first.encode('ascii', 'ignore').decode()}@example.com"


def _seed_records(customer, *, index, rng, today):
    """Two to four purchases; the first customer (Alice) gets one of everything."""
    count = 4 if index == 0 else rng.randint(2, 4)
    for number in range(count):
        merchant, description = rng.choice(MERCHANTS)
        plan_size, spacing = rng.choice(PLANS)
        amount = Decimal(rng.randrange(2_000, 90_000)) / 100
        purchased_on = today - timedelta(days=rng.randint(5, 150))
        purchase = Purchase.objects.create(
            customer=customer,
            reference=f"DEMO-{index + 1:02d}{number + 1}",
            merchant=merchant,
            description=description,
            amount=amount,
            currency="EUR",
            purchased_on=purchased_on,
        )
        trouble = _trouble_for(index, number, rng)
        _seed_schedule(purchase, plan_size=plan_size, spacing=spacing, today=today, trouble=trouble)
        if index == 0 and number == 1:
            _seed_refund(purchase, rng=rng, today=today, issued=True)
        elif (index == 0 and number == 0) or rng.random() < 0.25:
            _seed_refund(purchase, rng=rng, today=today, issued=rng.random() < 0.5)


def _trouble_for(index, number, rng):
    """What goes wrong with the latest payment due: nothing, late or failed."""
    if index == 0:
        return {0: "late", 1: "failed"}.get(number)
    roll = rng.random()
    return "late" if roll < 0.15 else "failed" if roll < 0.25 else None


def _split(amount: Decimal, parts: int) -> list[Decimal]:
    """Equal instalments; the last one absorbs the rounding so they add up."""
    share = (amount / parts).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return [share] * (parts - 1) + [amount - share * (parts - 1)]


def _seed_schedule(purchase, *, plan_size, spacing, today, trouble):
    """Payments due so far are paid, later ones scheduled; with `trouble`, the most
    recent payment that fell due is late or failed instead."""
    due_dates = [purchase.purchased_on + timedelta(days=spacing * n) for n in range(plan_size)]
    amounts = _split(purchase.amount, plan_size)
    instalments = [
        Instalment(
            purchase=purchase,
            number=number,
            due_on=due_on,
            amount=amount,
            status=Instalment.Status.PAID if due_on <= today else Instalment.Status.SCHEDULED,
            paid_on=due_on if due_on <= today else None,
        )
        for number, (due_on, amount) in enumerate(zip(due_dates, amounts, strict=True), 1)
    ]
    fallen_due = [i for i in instalments if i.due_on <= today]
    if trouble and fallen_due:
        fallen_due[-1].status = (
            Instalment.Status.LATE if trouble == "late" else Instalment.Status.FAILED
        )
        fallen_due[-1].paid_on = None
        if trouble == "failed":
            # From the reference, not the random generator: the rest of the data stays as it was.
            reasons = Instalment.FailureReason.values
            fallen_due[-1].failure_reason = reasons[
                sum(map(ord, purchase.reference)) % len(reasons)
            ]
    Instalment.objects.bulk_create(instalments)
    if all(i.status == Instalment.Status.PAID for i in instalments):
        purchase.status = Purchase.Status.PAID
        purchase.save(update_fields=["status"])


def _seed_refund(purchase, *, rng, today, issued):
    requested_on = min(today, purchase.purchased_on + timedelta(days=rng.randint(2, 20)))
    # Partial refunds (a returned item, a price correction): the plan carries on.
    amount = (purchase.amount * Decimal(rng.choice(["0.25", "0.5"]))).quantize(Decimal("0.01"))
    refund = Refund(
        purchase=purchase,
        amount=amount,
        reason=rng.choice(REFUND_REASONS),
        requested_on=requested_on,
        expected_on=requested_on + timedelta(days=10),
    )
    if issued:
        refund.status = Refund.Status.ISSUED
        refund.issued_on = min(today, requested_on + timedelta(days=rng.randint(3, 9)))
    else:
        refund.status = rng.choice([Refund.Status.REQUESTED, Refund.Status.PROCESSING])
        refund.expected_on = max(refund.expected_on, today + timedelta(days=rng.randint(2, 8)))
    refund.save()
