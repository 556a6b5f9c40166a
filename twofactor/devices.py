"""Every change to staff's second-factor devices: an authenticator app (django-otp's
TOTP device) and recovery codes (its static device, whose codes are spent on use).

A code is checked under a lock on its device's row, so two requests cannot spend one
code (TOTP refuses a code of a time step it has already accepted), and django-otp's
throttling applies: after each wrong code the device refuses every code, right or
wrong, for twice as long as after the one before (1 s, 2 s, 4 s...)."""

import logging
import math
import re
from base64 import b32encode

from django.db import transaction
from django.utils import timezone
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_CODE = re.compile(r"[0-9]{6}")

WRONG_CODE = (
    "That code is not right. Type the 6-digit code your authenticator app shows now, "
    "or one of your recovery codes."
)


class CodeRefused(Exception):
    """A code that was not accepted; the message says why, to the person who typed it."""


def authenticator(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def authenticator_pending(user) -> TOTPDevice:
    """The authenticator being set up: the same key on every visit until it is
    confirmed (so a page reloaded after scanning still matches the app)."""
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if pending is None:
        pending = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return pending


def authenticator_key(device: TOTPDevice) -> str:
    """The key as authenticator apps take it when typed: base32, in groups of four."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[start : start + 4] for start in range(0, len(key), 4))


def authenticator_confirm(*, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the authenticator being set up with a code it shows, and issue the
    user's recovery codes; returns them (to be shown once). CodeRefused if the code is
    not right."""
    if not _accepted(device, normalized(code)):
        raise CodeRefused("That code is not right. Type the 6-digit code the app shows now.")
    with transaction.atomic():
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        device.confirmed = True
        return recovery_codes_issue(user=device.user)


def recovery_codes_issue(*, user) -> list[str]:
    """New recovery codes for the user, replacing any left; returns them (the only
    time they are shown)."""
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, defaults={"name": "Recovery codes"}
        )
        device.token_set.all().delete()
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def device_for_code(*, user, code: str) -> Device:
    """The user's device that accepts `code` — six digits from the authenticator app,
    or a recovery code, which is spent — else CodeRefused."""
    code = normalized(code)
    model = TOTPDevice if AUTHENTICATOR_CODE.fullmatch(code) else StaticDevice
    device = model.objects.filter(user=user, confirmed=True).first()
    if device is None or not _accepted(device, code):
        raise CodeRefused(WRONG_CODE)
    return device


@transaction.atomic
def second_factor_reset(*, user, by) -> None:
    """Remove the user's authenticator app and recovery codes: their next staff sign-in
    sets up a new one. Sessions that passed with the old device no longer count."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    logger.info("second factor of user %s reset by user %s", user.pk, by.pk)


def normalized(code: str) -> str:
    """As people type codes: "123 456", " ABCD-EFGH " are 123456 and abcdefgh."""
    return re.sub(r"[\s-]", "", code).lower()


def _accepted(device: Device, code: str) -> bool:
    """Whether `device` accepts `code`, checked (and the code spent, or the failure
    counted) under a lock on the device's row; CodeRefused while it is throttled."""
    with transaction.atomic():
        locked = type(device).objects.select_for_update().get(pk=device.pk)
        allowed, refusal = locked.verify_is_allowed()
        accepted = allowed and locked.verify_token(code)
    if not allowed:
        seconds = max(1, math.ceil((refusal["locked_until"] - timezone.now()).total_seconds()))
        wait = f"{seconds} second{'s' if seconds != 1 else ''}"
        raise CodeRefused(f"Too many wrong codes. Wait {wait}, then try again.")
    return accepted
