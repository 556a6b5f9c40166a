"""The second-factor pages, in the admin's look: setting up an authenticator app (its QR
code and its key as text, confirmed with a code), the recovery codes shown once, the code
asked after the password, and a staff member's own page to reset their app or get new
recovery codes. They exist while STAFF_TWO_FACTOR is on; every one is staff-only and
never cached (they show secrets)."""

from functools import wraps

import django_otp
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404
from django.middleware.csrf import rotate_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from twofactor import devices
from twofactor.forms import AuthenticatorCodeForm, CodeForm, ManageForm
from twofactor.qr import qr_code_data_uri

# The recovery codes just issued, kept in the session only until their page shows them.
FRESH_CODES_SESSION_KEY = "twofactor_fresh_recovery_codes"


def second_factor_page(view):
    @wraps(view)
    def page(request, *args, **kwargs):
        if not settings.STAFF_TWO_FACTOR:
            raise Http404("The second factor is off.")
        return view(request, *args, **kwargs)

    return staff_member_required(never_cache(page))


@second_factor_page
def set_up(request):
    if devices.authenticator(request.user):
        # Only the holder of the current device may replace it (the reset, with a code).
        return redirect(with_next("twofactor:verify", request))
    device = devices.authenticator_pending(request.user)
    form = AuthenticatorCodeForm(request.POST or None)
    if form.is_valid():
        try:
            codes = devices.authenticator_confirm(device=device, code=form.cleaned_data["code"])
        except devices.CodeRefused as refused:
            form.add_error("code", str(refused))
        else:
            passed(request, device)
            request.session[FRESH_CODES_SESSION_KEY] = codes
            return redirect(with_next("twofactor:recovery_codes", request))
    return admin_page(
        request,
        "twofactor/set_up.html",
        "Set up your authenticator app",
        form=form,
        qr_code=qr_code_data_uri(device.config_url),
        key=devices.authenticator_key(device),
        account=request.user.get_username(),
    )


@second_factor_page
def recovery_codes(request):
    codes = request.session.pop(FRESH_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("twofactor:manage")
    return admin_page(
        request,
        "twofactor/recovery_codes.html",
        "Your recovery codes",
        codes=codes,
        next=next_url(request),
    )


@second_factor_page
def verify(request):
    if not devices.authenticator(request.user):
        return redirect(with_next("twofactor:set_up", request))
    if request.user.is_verified():
        return redirect(next_url(request))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        try:
            device = devices.device_for_code(user=request.user, code=form.cleaned_data["code"])
        except devices.CodeRefused as refused:
            form.add_error("code", str(refused))
        else:
            passed(request, device)
            if isinstance(device, StaticDevice):
                left = devices.recovery_codes_left(request.user)
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code: %(left)s left. "
                        "Get new ones from your Second factor page when you are low."
                    )
                    % {"left": left},
                )
            return redirect(next_url(request))
    return admin_page(request, "twofactor/verify.html", _("Second factor"), form=form)


@second_factor_page
def manage(request):
    """A staff member's own second factor. (The middleware has made sure this session
    passed it.)"""
    user = request.user
    form = ManageForm(request.POST or None)
    if form.is_valid():
        try:
            devices.device_for_code(user=user, code=form.cleaned_data["code"])
        except devices.CodeRefused as refused:
            form.add_error("code", str(refused))
        else:
            if form.cleaned_data["action"] == "reset":
                devices.second_factor_reset(user=user, by=user)
                request.session.pop(DEVICE_ID_SESSION_KEY, None)
                messages.success(
                    request, _("Your authenticator app was removed: set up the new one.")
                )
                return redirect("twofactor:set_up")
            request.session[FRESH_CODES_SESSION_KEY] = devices.recovery_codes_issue(user=user)
            return redirect("twofactor:recovery_codes")
    return admin_page(
        request,
        "twofactor/manage.html",
        "Your second factor",
        form=form,
        authenticator=devices.authenticator(user),
        recovery_codes_left=devices.recovery_codes_left(user),
    )


def passed(request, device) -> None:
    """This session has given its second factor. The session key and CSRF token change,
    as at login: the session is worth more now than whoever may have seen it before."""
    request.session.cycle_key()
    rotate_token(request)
    django_otp.login(request, device)


def next_url(request) -> str:
    """Where to go once done: the page that asked (on this site), else the admin."""
    wanted = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("admin:index")


def with_next(view_name: str, request, then: str | None = None) -> str:
    """The address of `view_name`, passing on where to go afterwards: `then`, else
    where this request was to go."""
    return f"{reverse(view_name)}?{urlencode({'next': then or next_url(request)})}"


def admin_page(request, template: str, title: str, **context):
    """Rendered in the admin's frame, without its list of apps: a session on these pages
    may not have passed the second factor yet."""
    site = admin.site
    return render(
        request,
        template,
        {
            "title": title,
            "site_title": site.site_title,
            "site_header": site.site_header,
            "site_url": site.site_url,
            "has_permission": site.has_permission(request),
            "is_nav_sidebar_enabled": False,
            **context,
        },
    )
