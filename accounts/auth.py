"""Hooks for django-axes, the login throttle."""

from accounts.models import normalize_email


def login_attempt_username(request, credentials) -> str:
    """Count failures per email in the case the login uses, so `Ann@x` and `ann@x`
    share one counter."""
    if credentials and credentials.get("username"):
        return normalize_email(credentials["username"])
    data = getattr(request, "data", None) or request.POST
    return normalize_email(data.get("username", ""))
