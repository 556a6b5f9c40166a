"""What the second-factor tests share: codes as the authenticator app would show them,
devices set up, and logins that have or have not passed the second factor."""

import re
from urllib.parse import urlencode

from asgiref.sync import sync_to_async
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.tests.factories import TEST_PASSWORD
from twofactor import devices


def code_of(device, steps_ahead: int = 0) -> str:
    """The code the authenticator app shows now (or `steps_ahead` 30-second steps on:
    a device accepts one code per step, so a second sign-in in the same test takes the
    next step's, which the device still accepts)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{totp.token():0{device.digits}d}"


def wrong_code_for(device) -> str:
    right = {code_of(device, steps) for steps in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in right)


def authenticator_for(user) -> tuple[TOTPDevice, list[str]]:
    """An authenticator app set up and confirmed, and the recovery codes issued with it."""
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return device, devices.recovery_codes_issue(user=user)


def password_login(user, page: str = "/admin/login/") -> Client:
    """A browser that signed in (at the admin, or at `page`) with the password only."""
    client = Client()
    response = client.post(page, {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302, "the password login failed"
    return client


def passed_login(user, device) -> Client:
    """A browser that signed in and then typed the app's code."""
    client = password_login(user)
    response = client.post("/admin/second-factor/verify/", {"code": code_of(device)})
    assert response.status_code == 302, "the code was refused"
    return client


def session_cookie_of(client: Client) -> str:
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def verifying_device_id(client: Client) -> str | None:
    return client.session.get(DEVICE_ID_SESSION_KEY)


async def staff_signed_in(browser, server, user, device, *, size, path="/admin/", **options):
    """A page, in a browser context of its own (`options` for the context), where `user`
    signed in through the admin's login page and the second factor, then landed on
    `path`; and what it watches (core.tests.browser.Watched)."""
    from core.tests.browser import Watched

    context = await browser.new_context(viewport={"width": size[0], "height": size[1]}, **options)
    page = await context.new_page()
    watched = Watched(page)
    await page.goto(f"{server.url}/admin/login/?{urlencode({'next': path})}")
    await page.locator("#id_username").fill(user.email)
    await page.locator("#id_password").fill(TEST_PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    await page.wait_for_url(re.compile(r"/admin/second-factor/verify/"))
    code = await sync_to_async(code_of)(device)
    await page.get_by_label("Code").fill(code)
    await page.get_by_role("button", name="Continue").click()
    await page.wait_for_url(f"{server.url}{path}")
    return context, page, watched
