"""VIP on other apps' pages, without those apps knowing vip: the badge, the account
panel, a ticket's credit and the chat's promise. `{% load vip %}` in a template."""

from django import template

from vip import stripe_gateway as gateway
from vip import tier
from vip.models import ServiceCredit
from vip.perks import duration_words

register = template.Library()


@register.filter
def duration(minutes) -> str:
    """`15` -> `15 minutes`, `240` -> `4 hours`, `90` -> `1 hour 30 minutes`."""
    return duration_words(minutes)


def _customer(context):
    user = context.get("user")
    return user if user is not None and user.is_authenticated and not user.is_staff else None


@register.inclusion_tag("vip/includes/badge.html", takes_context=True)
def vip_badge(context):
    customer = _customer(context)
    return {"is_vip": bool(customer and tier.is_vip(customer))}


@register.inclusion_tag("vip/includes/account_panel.html", takes_context=True)
def vip_account_panel(context):
    customer = _customer(context)
    return {
        "status": tier.status_of(customer) if customer else None,
        "standard": tier.standard_promise(),
        "billing_configured": gateway.is_configured(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("vip/includes/ticket_credit.html", takes_context=True)
def vip_ticket_credit(context, ticket):
    customer = _customer(context)
    credits = (
        ServiceCredit.objects.filter(ticket_id=ticket.pk, customer_id=customer.pk)
        if customer
        else ServiceCredit.objects.none()
    )
    return {"credits": list(credits)}


@register.inclusion_tag("vip/includes/chat_promise.html", takes_context=True)
def vip_chat_promise(context):
    customer = _customer(context)
    status = tier.status_of(customer, credits=0) if customer else None
    return {"status": status, "standard": tier.standard_promise()}
