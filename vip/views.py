"""VIP pages: pricing, subscribing through Stripe Checkout, the billing portal, and
Stripe's webhook. Views parse and render; vip.services does the work."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from vip import services, tier
from vip import stripe_gateway as gateway
from vip.models import Plan

logger = logging.getLogger(__name__)


def pricing(request):
    user = request.user
    customer = user.is_authenticated and not user.is_staff
    context = {
        "plans": Plan.objects.filter(is_active=True),
        "standard": tier.standard_promise(),
        "billing_configured": gateway.is_configured(),
        "status": tier.status_of(user) if customer else None,
        "is_customer": customer,
    }
    return render(request, "vip/pricing.html", context)


@login_required
@require_POST
def subscribe(request, plan_id):
    plan = get_object_or_404(Plan, pk=plan_id, is_active=True)
    try:
        checkout_url = services.checkout_start(
            user=request.user,
            plan=plan,
            success_url=request.build_absolute_uri(reverse("vip_welcome")),
            cancel_url=request.build_absolute_uri(reverse("vip_cancelled")),
        )
    except (services.VipError, gateway.GatewayError) as error:
        messages.error(request, str(error))
        return redirect("vip_pricing")
    return redirect(checkout_url)


@login_required
def welcome(request):
    """Stripe Checkout's success page. VIP starts when Stripe's webhook confirms the
    payment, usually within seconds."""
    return render(request, "vip/welcome.html", {"status": tier.status_of(request.user)})


def cancelled(request):
    return render(request, "vip/cancelled.html")


@login_required
@require_POST
def manage(request):
    try:
        portal_url = services.portal_start(
            user=request.user, return_url=request.build_absolute_uri(reverse("account"))
        )
    except (services.VipError, gateway.GatewayError) as error:
        messages.error(request, str(error))
        return redirect("vip_pricing")
    return redirect(portal_url)


def _error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=status)


@csrf_exempt  # Stripe cannot send our CSRF token; the signature authenticates it instead
@require_POST
def stripe_webhook(request):
    if not gateway.is_configured():
        return _error("billing_not_configured", "Billing is not configured on this site.", 503)
    try:
        event = services.webhook_receive(
            payload=request.body, signature=request.headers.get("Stripe-Signature")
        )
    except gateway.BadSignature as error:
        logger.warning("stripe webhook refused: %s", error)
        return _error("bad_signature", "The Stripe signature is missing or not valid.", 400)
    return JsonResponse({"received": True, "duplicate": event is None})
