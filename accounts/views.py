"""The customer's website: sign-up, profile, the "My account" pages and the download
of everything we hold about the customer.

Log in, log out, password change and reset are Django's own views (see urls.py)."""

import math

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from rest_framework.throttling import SimpleRateThrottle

from accounts import export, selectors
from accounts.access import instalment_for_user, purchase_for_user, refund_for_user
from accounts.forms import ProfileForm, SignupForm
from accounts.language import user_set_language


def home(request):
    if request.user.is_authenticated:
        return redirect("account")
    return render(request, "home.html")


def contact(request):
    """Where "Talk to a human" leads: every way to reach a person."""
    return render(request, "contact.html")


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("account")
    form = SignupForm(request.POST or None)
    if form.is_valid():
        user = form.save()
        # The language they signed up in is theirs from now on, on every device.
        user_set_language(user=user, language=get_language())
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your account is ready."))
        return redirect("account")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def overview(request):
    customer = request.user
    context = {
        "next_instalment": selectors.next_instalment_of(customer),
        "overdue": list(selectors.overdue_instalments_of(customer)),
        "pending_refunds": list(selectors.pending_refunds_of(customer)),
        "recent_purchases": list(selectors.purchases_of(customer)[:5]),
    }
    return render(request, "accounts/overview.html", context)


@login_required
def purchase_list(request):
    purchases = selectors.purchases_of(request.user)
    return render(request, "accounts/purchase_list.html", {"purchases": purchases})


@login_required
def purchase_detail(request, purchase_id):
    purchase = purchase_for_user(request.user, purchase_id)
    context = {
        "purchase": purchase,
        "instalments": purchase.instalments.order_by("number"),
        "refunds": purchase.refunds.all(),
    }
    return render(request, "accounts/purchase_detail.html", context)


@login_required
def payment_list(request):
    context = {
        "upcoming": selectors.open_instalments_of(request.user),
        "past": selectors.past_instalments_of(request.user),
    }
    return render(request, "accounts/payment_list.html", context)


@login_required
def payment_detail(request, instalment_id):
    instalment = instalment_for_user(request.user, instalment_id)
    return render(request, "accounts/payment_detail.html", {"instalment": instalment})


@login_required
def refund_list(request):
    refunds = selectors.refunds_of(request.user)
    return render(request, "accounts/refund_list.html", {"refunds": refunds})


@login_required
def refund_detail(request, refund_id):
    refund = refund_for_user(request.user, refund_id)
    return render(request, "accounts/refund_detail.html", {"refund": refund})


class ExportThrottle(SimpleRateThrottle):
    """Downloads of one customer's data: DRF's limiter (the API's), on the same
    cache. Enough for anyone who wants their data; not for a script pulling it in a
    loop, each download reading every record of the account."""

    rate = "10/hour"
    scope = "data_export"

    def get_cache_key(self, request, view=None):
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


@never_cache
@login_required
@require_GET
def data_export(request):
    """Everything the product holds about the customer, as one JSON file
    (docs/data-export.md). Staff accounts are refused: they hold no customer records,
    and a customer's export is made in the admin."""
    if request.user.is_staff:
        return render(request, "accounts/export_staff.html", status=403)
    throttle = ExportThrottle()
    if not throttle.allow_request(request, None):
        minutes = math.ceil((throttle.wait() or 60) / 60)
        messages.error(
            request,
            ngettext(
                "You have downloaded your data %(count)s times in the last hour. "
                "Please try again in %(minutes)s minute.",
                "You have downloaded your data %(count)s times in the last hour. "
                "Please try again in %(minutes)s minutes.",
                minutes,
            )
            % {"count": throttle.num_requests, "minutes": minutes},
        )
        return redirect("account")
    return export.download(request.user, by=request.user, via="account")
