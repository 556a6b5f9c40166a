"""The customer panel beside a ticket's conversation: who is asking, and what staff
need to know about their account — payments due or failed, refunds, purchases and
the ratings they gave before. Apps above tickets add their own sections (vip: VIP
state and service credits) by registering a function at ready(): tickets imports
none of them.

Each section costs a fixed number of queries, whatever the customer's history."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext

from accounts.models import Instalment, Purchase, Refund
from tickets.models import CSATRating

SHOWN = 5  # rows per section


@dataclass
class Row:
    text: str
    detail: str = ""
    url: str = ""  # an admin page, shown only to staff who may view it
    alert: bool = False  # something staff should see first (a failed payment...)


@dataclass
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)
    empty: str = ""  # what an empty section says: "None." unless given

    def __post_init__(self):
        self.empty = self.empty or gettext("None.")


SectionFinder = Callable[..., Section | None]
_registered: list[SectionFinder] = []


def register_section(finder: SectionFinder) -> None:
    """`finder(customer, *, user)` gives a Section, or None to show nothing."""
    if finder not in _registered:
        _registered.append(finder)


def admin_url(user, model, pk) -> str:
    meta = model._meta
    if not user.has_perm(f"{meta.app_label}.view_{meta.model_name}"):
        return ""
    try:
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[pk])
    except NoReverseMatch:
        return ""


def money(amount, currency) -> str:
    return f"{amount} {currency}"


def day(date) -> str:
    """A date as staff read it: "7 Mar 2026", the month in their language."""
    return date_format(date, "j M Y")


MISSED = (Instalment.Status.FAILED, Instalment.Status.LATE)


def payments(customer, *, user) -> Section:
    """Failed and late payments first, then the next ones due."""
    unpaid = (
        Instalment.objects.filter(
            purchase__customer_id=customer.pk, status__in=[*MISSED, Instalment.Status.SCHEDULED]
        )
        .select_related("purchase")
        .order_by("due_on", "pk")
    )
    rows = sorted(unpaid[: SHOWN * 4], key=lambda i: i.status not in MISSED)
    return Section(
        gettext("Payments"),
        [
            Row(
                gettext("%(amount)s due %(date)s")
                % {"amount": money(i.amount, i.purchase.currency), "date": day(i.due_on)},
                gettext("%(merchant)s, payment %(number)s · %(status)s")
                % {
                    "merchant": i.purchase.merchant,
                    "number": i.number,
                    "status": i.get_status_display(),
                }
                + (f" ({i.get_failure_reason_display()})" if i.failure_reason else ""),
                admin_url(user, Instalment, i.pk),
                alert=i.status in MISSED,
            )
            for i in rows[:SHOWN]
        ],
        empty=gettext("Nothing due."),
    )


def refunds(customer, *, user) -> Section:
    latest = (
        Refund.objects.filter(purchase__customer_id=customer.pk)
        .select_related("purchase")
        .order_by("-requested_on", "-pk")[:SHOWN]
    )
    return Section(
        gettext("Refunds"),
        [
            Row(
                f"{money(r.amount, r.purchase.currency)} · {r.get_status_display()}",
                gettext("%(merchant)s, asked %(date)s")
                % {"merchant": r.purchase.merchant, "date": day(r.requested_on)},
                admin_url(user, Refund, r.pk),
            )
            for r in latest
        ],
    )


def purchases(customer, *, user) -> Section:
    latest = Purchase.objects.filter(customer_id=customer.pk).order_by("-purchased_on")[:SHOWN]
    return Section(
        gettext("Recent purchases"),
        [
            Row(
                f"{p.merchant} · {p.reference}",
                f"{money(p.amount, p.currency)}, {p.get_status_display()}",
                admin_url(user, Purchase, p.pk),
            )
            for p in latest
        ],
    )


def ratings(customer, *, user) -> Section:
    given = (
        CSATRating.objects.filter(ticket__customer_id=customer.pk)
        .select_related("ticket")
        .order_by("-created_at")[:SHOWN]
    )
    return Section(
        gettext("Past ratings"),
        [
            Row(
                f"{'★' * r.score}{'☆' * (5 - r.score)} {r.score}/5",
                f"#{r.ticket_id} {r.comment[:80]}".strip(),
                reverse("admin:tickets_ticket_change", args=[r.ticket_id]),
                alert=r.score <= 2,
            )
            for r in given
        ],
        empty=gettext("No ratings yet."),
    )


def sections_for(customer, *, user) -> list[Section]:
    """The panel's sections: the registered ones (VIP) first, then the account's."""
    found = [finder(customer, user=user) for finder in _registered]
    own = [payments, refunds, purchases, ratings]
    return [s for s in found if s is not None] + [finder(customer, user=user) for finder in own]
