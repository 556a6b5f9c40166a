"""Who owes a second factor, and whether a session has given it.

While STAFF_TWO_FACTOR is on, a staff login owes one; customers never do. A session has
given it once a confirmed device of its user accepted a code in it: django-otp keeps that
device's id in the session, and its middleware sets `request.user.otp_device` from it on
every request — to None if the device has since been removed (a reset)."""

from importlib import import_module

from django.conf import settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device


def second_factor_required(user) -> bool:
    return bool(settings.STAFF_TWO_FACTOR and user.is_authenticated and user.is_staff)


def owes_second_factor(user) -> bool:
    """For `request.user` as django-otp's middleware left it. Without that middleware
    there is no `is_verified`, and the answer is "owes" rather than a silent pass."""
    if not second_factor_required(user):
        return False
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified and is_verified())


def session_passed_second_factor(user, session) -> bool:
    """The same answer for a session read outside a request (a websocket's scope).
    Sync: it may read the session and the device."""
    if not second_factor_required(user):
        return True
    return device_of_session(user, session.get(DEVICE_ID_SESSION_KEY)) is not None


def session_key_passed_second_factor(user, session_key: str | None) -> bool:
    """session_passed_second_factor for the session stored under `session_key`. (Sync.)"""
    if not second_factor_required(user):
        return True
    if not session_key:
        return False
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    return session_passed_second_factor(user, session)


def device_of_session(user, persistent_id: str | None) -> Device | None:
    """The device a session says verified it, if it still exists, is confirmed and is
    `user`'s: the checks django-otp's middleware makes for a request."""
    if not persistent_id:
        return None
    device = Device.from_persistent_id(persistent_id)
    if device is None or device.user_id != user.pk or not device.confirmed:
        return None
    return device
