"""Lookup plus permission for a customer's VIP records: another customer's credit or
subscription answers the same 404 as one that does not exist (logged `authz_denied`)."""

from accounts.access import owned_or_404
from vip.models import ServiceCredit, Subscription


def credits_of(user):
    return ServiceCredit.objects.filter(customer_id=user.pk)


def subscriptions_of(user):
    return Subscription.objects.filter(customer_id=user.pk).select_related("plan")


def credit_for_user(user, credit_id) -> ServiceCredit:
    return owned_or_404(credits_of(user), user=user, object_id=credit_id, kind="credit")


def subscription_for_user(user, subscription_id) -> Subscription:
    return owned_or_404(
        subscriptions_of(user), user=user, object_id=subscription_id, kind="subscription"
    )
