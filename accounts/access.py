"""Lookup plus permission, in one call: the only way views (and later the
assistant's tools) fetch a customer's records by id.

Another customer's record raises the same Http404 as one that does not exist, so a
probe cannot tell the two apart. Every refusal is logged as `authz_denied`.
"""

import logging

from django.http import Http404

from accounts.models import Instalment, Purchase, Refund

logger = logging.getLogger("supportsite.authz")


def owned_or_404(queryset, *, user, object_id, kind):
    """The record with this id from `queryset` (already scoped to the user), or the
    same Http404 as a missing one, logged as `authz_denied`."""
    try:
        return queryset.get(pk=int(object_id))
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        logger.warning("authz_denied user=%s %s=%r", getattr(user, "pk", None), kind, object_id)
        raise Http404(f"No {kind} found.") from None


def purchase_for_user(user, purchase_id) -> Purchase:
    queryset = Purchase.objects.filter(customer_id=user.pk)
    return owned_or_404(queryset, user=user, object_id=purchase_id, kind="purchase")


def instalment_for_user(user, instalment_id) -> Instalment:
    queryset = Instalment.objects.select_related("purchase").filter(purchase__customer_id=user.pk)
    return owned_or_404(queryset, user=user, object_id=instalment_id, kind="instalment")


def refund_for_user(user, refund_id) -> Refund:
    queryset = Refund.objects.select_related("purchase").filter(purchase__customer_id=user.pk)
    return owned_or_404(queryset, user=user, object_id=refund_id, kind="refund")
