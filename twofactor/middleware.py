from django.shortcuts import redirect
from rest_framework.views import APIView

from twofactor import devices
from twofactor.policy import owes_second_factor
from twofactor.views import with_next

# What a session that owes its second factor may still reach: the pages that collect
# it, and logging in (as someone else) and out.
OPEN_BEFORE_SECOND_FACTOR = {
    "twofactor:set_up",
    "twofactor:verify",
    "admin:login",
    "admin:logout",
    "login",
    "logout",
}


class StaffSecondFactorMiddleware:
    """Until a staff session has given its second factor, every page sends it to set up
    an authenticator app (if it has none) or to type a code, then back. The API's
    views answer for themselves, in JSON (twofactor.api.SessionAuthentication).
    Install after django-otp's OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not owes_second_factor(request.user):
            return None
        if request.resolver_match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        if issubclass(getattr(view_func, "cls", object), APIView):
            return None
        step = "twofactor:verify" if devices.authenticator(request.user) else "twofactor:set_up"
        return redirect(with_next(step, request, then=request.get_full_path()))
