"""vip's part of a customer's data export (accounts.export): their Stripe customer
id, subscriptions, complimentary grants, service credits and the VIP audit events
about them. Five queries whatever the number of rows.

Staff who granted or revoked VIP are named as customers see staff (first name),
never by email. Left out: Stripe's webhook events (kept once per event id to
deduplicate deliveries; what they changed is in the subscriptions and events) and a
credit's count of attempts (retry bookkeeping)."""

from accounts.export import moment, money, staff_name
from vip.access import credits_of, subscriptions_of
from vip.models import ComplimentaryGrant, StripeCustomer, VipEvent


def customer_export(user) -> dict:
    stripe_customer = StripeCustomer.objects.filter(user_id=user.pk).first()
    grants = ComplimentaryGrant.objects.filter(customer_id=user.pk).select_related(
        "granted_by", "revoked_by"
    )
    events = VipEvent.objects.filter(customer_id=user.pk).select_related("actor")
    return {
        "vip_billing": {
            "stripe_customer_id": stripe_customer.stripe_customer_id if stripe_customer else None,
            "created_at": moment(stripe_customer.created_at) if stripe_customer else None,
        },
        "vip_subscriptions": [
            {
                "id": subscription.pk,
                "stripe_subscription_id": subscription.stripe_subscription_id,
                "plan": subscription.plan.name if subscription.plan else None,
                "price": (
                    money(subscription.plan.price, subscription.plan.currency)
                    if subscription.plan
                    else None
                ),
                "interval": subscription.plan.interval if subscription.plan else None,
                "status": subscription.status,
                "current_period_end": moment(subscription.current_period_end),
                "cancel_at_period_end": subscription.cancel_at_period_end,
                "past_due_since": moment(subscription.past_due_since),
                "created_at": moment(subscription.created_at),
                "updated_at": moment(subscription.updated_at),
            }
            for subscription in subscriptions_of(user).order_by("created_at", "id")
        ],
        "vip_grants": [
            {
                "id": grant.pk,
                "until": moment(grant.until),
                "reason": grant.reason,
                "granted_by": staff_name(grant.granted_by),
                "granted_at": moment(grant.granted_at),
                "revoked_at": moment(grant.revoked_at),
                "revoked_by": staff_name(grant.revoked_by) if grant.is_revoked else None,
                "revoke_reason": grant.revoke_reason,
            }
            for grant in grants.order_by("granted_at", "id")
        ],
        "vip_credits": [
            {
                "id": credit.pk,
                "conversation_id": credit.ticket_id,
                "amount": money(credit.amount, credit.currency),
                "status": credit.status,
                "note": credit.note,
                "stripe_transaction_id": credit.stripe_transaction_id or None,
                "created_at": moment(credit.created_at),
                "applied_at": moment(credit.applied_at),
            }
            for credit in credits_of(user).order_by("created_at", "id")
        ],
        "vip_events": [
            {
                "kind": audited.kind,
                "by": staff_name(audited.actor) if audited.actor_id else None,
                "data": audited.data,
                "created_at": moment(audited.created_at),
            }
            for audited in events.order_by("created_at", "id")
        ],
    }
