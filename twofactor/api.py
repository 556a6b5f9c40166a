from drf_spectacular.authentication import SessionScheme
from rest_framework import authentication, exceptions

from twofactor.policy import owes_second_factor


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session login, refusing a staff session that owes its second factor: 403
    with the code `second_factor_required`, so the API shows such a session nothing the
    admin would not. Customers' sessions, and tokens, are as before."""

    def authenticate(self, request):
        found = super().authenticate(request)
        if found is not None and owes_second_factor(found[0]):
            raise exceptions.AuthenticationFailed(
                "Finish signing in with your second factor at /admin/ first.",
                code="second_factor_required",
            )
        return found


class SessionSchemeWithSecondFactor(SessionScheme):
    """The schema declares it as the session cookie it is (drf-spectacular matches
    authentication classes by name, not by their parents)."""

    target_class = "twofactor.api.SessionAuthentication"
