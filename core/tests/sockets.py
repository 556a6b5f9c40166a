"""Helpers for tests that open websockets as a logged-in user."""

from django.conf import settings
from django.test import Client


def session_cookie(user) -> str:
    """A `Cookie` header value for a fresh logged-in session of `user`."""
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
