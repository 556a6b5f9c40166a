"""The VIP section of the customer panel beside a ticket (registered with
tickets.customer_panel in VipConfig.ready): whether the customer is VIP and why, and
the service credits they were given for missed guarantees."""

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from tickets.customer_panel import Row, Section, admin_url
from vip.models import ServiceCredit, Subscription
from vip.tier import current_subscription

SHOWN = 3


def vip_section(customer, *, user) -> Section:
    now = timezone.now()
    rows = []
    if customer.is_vip_at(now):
        until = timezone.localtime(customer.vip_until)
        rows.append(Row("VIP", gettext("until %(date)s") % {"date": day(until)}, alert=True))
    else:
        rows.append(Row(gettext("Not VIP")))
    subscription = current_subscription(customer)
    if subscription is not None:
        plan = subscription.plan.name if subscription.plan else gettext("no plan")
        rows.append(
            Row(
                gettext("Subscription: %(plan)s") % {"plan": plan},
                subscription.get_status_display(),
                admin_url(user, Subscription, subscription.pk),
            )
        )
    credits = ServiceCredit.objects.filter(customer_id=customer.pk)
    totals = credits.values("currency").annotate(count=Count("pk"), total=Sum("amount"))
    for total in totals.order_by("currency"):
        rows.append(
            Row(
                gettext("Credits: %(count)s, %(total)s %(currency)s")
                % {
                    "count": total["count"],
                    "total": f"{total['total']:.2f}",
                    "currency": total["currency"],
                },
                gettext("for missed guarantees"),
            )
        )
    for credit in credits.order_by("-created_at")[:SHOWN]:
        rows.append(
            Row(
                f"{credit.amount} {credit.currency} · {credit.get_status_display()}",
                f"#{credit.ticket_id}, {day(timezone.localtime(credit.created_at))}",
                admin_url(user, ServiceCredit, credit.pk),
            )
        )
    return Section("VIP", rows)


def day(moment) -> str:
    """`3 Mar 2025`, its month in the reader's language."""
    return date_format(moment, "j M Y")
