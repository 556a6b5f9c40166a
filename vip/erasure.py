"""What vip removes when a customer's data is erased (privacy.services).

Kept, because the law keeps them (bookkeeping): subscriptions and service credits,
with amounts, dates and Stripe's ids, under the account's id only (accounts erases
the name and email). Removed: the Stripe customer (deleted at Stripe through the
gateway, by a task, after the commit) and the words staff wrote about the customer
(why VIP was granted or revoked)."""

from core.erasure import REMOVED, forget_admin_log, forget_texts
from core.tasks import background
from vip import stripe_gateway as gateway
from vip.models import ComplimentaryGrant, StripeCustomer, VipEvent
from vip.services import STRIPE_RETRIES


def erase_customer(user) -> None:
    grants = ComplimentaryGrant.objects.filter(customer=user)
    forget_texts([*grants.values_list("reason", flat=True),
                  *grants.values_list("revoke_reason", flat=True)])  # fmt: skip
    forget_admin_log(ComplimentaryGrant, grants.values_list("pk", flat=True))
    grants.update(reason=REMOVED, revoke_reason="")
    for event in VipEvent.objects.filter(customer=user, data__has_key="reason"):
        VipEvent.objects.filter(pk=event.pk).update(data={**event.data, "reason": REMOVED})
    link = StripeCustomer.objects.filter(user=user).first()
    if link is not None:
        link.delete()
        # Enqueued in this transaction: run only if the erasure commits.
        stripe_customer_delete.enqueue(customer_id=link.stripe_customer_id)


@background(retries=STRIPE_RETRIES)
def stripe_customer_delete(*, customer_id: str) -> str:
    """Delete the erased customer at Stripe. Unreachable: retried for about a day,
    then left failed in the admin. Their credits still pending are then never applied
    (credit_apply finds no Stripe customer)."""
    if not gateway.is_configured():
        return "billing not configured"
    gateway.delete_customer(customer_id)
    return "deleted"
