from django import template
from django.conf import settings
from django.urls import reverse

from twofactor.policy import owes_second_factor

register = template.Library()


@register.simple_tag(takes_context=True)
def second_factor_page_url(context) -> str:
    """A staff member's own second-factor page, while the site asks for one and this
    session has given it (before that, the page would only send them back)."""
    request = context.get("request")
    if not settings.STAFF_TWO_FACTOR or request is None or owes_second_factor(request.user):
        return ""
    return reverse("twofactor:manage")
