"""Read-only queries over one customer's records. Everything here is scoped by the
customer passed in; nothing takes a customer id from elsewhere."""

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Instalment, Purchase, Refund


def purchases_of(customer) -> QuerySet[Purchase]:
    return Purchase.objects.filter(customer_id=customer.pk)


def instalments_of(customer) -> QuerySet[Instalment]:
    return Instalment.objects.filter(purchase__customer_id=customer.pk).select_related("purchase")


def refunds_of(customer) -> QuerySet[Refund]:
    return Refund.objects.filter(purchase__customer_id=customer.pk).select_related("purchase")


def open_instalments_of(customer) -> QuerySet[Instalment]:
    """Still to pay, soonest first: late and failed ones come before scheduled ones
    because they fell due earlier."""
    return instalments_of(customer).exclude(status=Instalment.Status.PAID).order_by("due_on", "id")


def past_instalments_of(customer) -> QuerySet[Instalment]:
    return instalments_of(customer).filter(status=Instalment.Status.PAID).order_by("-due_on", "-id")


def next_instalment_of(customer) -> Instalment | None:
    """The next scheduled payment from today on."""
    today = timezone.localdate()
    return (
        instalments_of(customer)
        .filter(status=Instalment.Status.SCHEDULED, due_on__gte=today)
        .order_by("due_on", "id")
        .first()
    )


def overdue_instalments_of(customer) -> QuerySet[Instalment]:
    return instalments_of(customer).filter(
        status__in=[Instalment.Status.LATE, Instalment.Status.FAILED]
    )


def pending_refunds_of(customer) -> QuerySet[Refund]:
    return refunds_of(customer).filter(
        status__in=[Refund.Status.REQUESTED, Refund.Status.PROCESSING]
    )
