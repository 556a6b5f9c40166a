"""A staff member's sign-in with the second factor on: the password, then setting up an
authenticator app the first time (QR code, key as text, a code to confirm it, recovery
codes shown once), a code every time after; and back to the page they asked for."""

import re
from urllib.parse import quote

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from twofactor.tests.helpers import (
    authenticator_for,
    code_of,
    password_login,
    verifying_device_id,
    wrong_code_for,
)

pytestmark = pytest.mark.usefixtures("second_factor_on")

SET_UP = "/admin/second-factor/set-up/"
VERIFY = "/admin/second-factor/verify/"
RECOVERY_CODES = "/admin/second-factor/recovery-codes/"


def key_on(page) -> str:
    return re.search(r'id="authenticator-key">([A-Z2-7 ]+)<', page.content.decode()).group(1)


def test_staff_without_an_authenticator_are_sent_to_set_one_up(agent):
    client = password_login(agent)

    response = client.get("/admin/tickets/ticket/")

    assert response.status_code == 302
    assert response["Location"] == f"{SET_UP}?next={quote('/admin/tickets/ticket/', safe='')}"


def test_the_set_up_page_shows_the_key_as_a_qr_code_and_as_text(agent):
    client = password_login(agent)

    page = client.get(SET_UP)
    again = client.get(SET_UP)

    device = TOTPDevice.objects.get(user=agent)
    assert not device.confirmed
    assert 'src="data:image/svg+xml' in page.content.decode()
    assert key_on(page).replace(" ", "") == device.config_url.split("secret=")[1].split("&")[0]
    assert key_on(again) == key_on(page)  # reloaded after scanning: still the same key
    assert "no-store" in page["Cache-Control"]


def test_confirming_with_the_apps_code_shows_ten_recovery_codes_once(agent):
    client = password_login(agent)
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=agent)

    confirmed = client.post(f"{SET_UP}?next=/admin/tickets/ticket/", {"code": code_of(device)})
    shown = client.get(confirmed["Location"])
    shown_again = client.get(RECOVERY_CODES)

    assert confirmed.status_code == 302
    assert confirmed["Location"].startswith(RECOVERY_CODES)
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", shown.content.decode())
    assert len(set(codes)) == 10
    assert 'href="/admin/tickets/ticket/"' in shown.content.decode()
    assert shown_again.status_code == 302  # to the staff member's page, without codes
    device.refresh_from_db()
    assert device.confirmed
    assert verifying_device_id(client) == device.persistent_id
    assert client.get("/admin/tickets/ticket/").status_code == 200


def test_a_wrong_code_leaves_the_authenticator_unconfirmed(agent):
    client = password_login(agent)
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=agent)

    response = client.post(SET_UP, {"code": wrong_code_for(device)})

    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/admin/").status_code == 302


def test_staff_with_an_authenticator_are_asked_for_a_code_and_let_in_with_it(agent):
    device, _ = authenticator_for(agent)
    client = password_login(agent)
    password_session = client.session.session_key

    asked = client.get("/admin/accounts/purchase/?q=DEMO")
    answered = client.post(asked["Location"], {"code": code_of(device)})

    assert (
        asked["Location"] == f"{VERIFY}?next={quote('/admin/accounts/purchase/?q=DEMO', safe='')}"
    )
    assert answered.status_code == 302
    assert answered["Location"] == "/admin/accounts/purchase/?q=DEMO"
    assert client.get(answered["Location"]).status_code == 200
    # The session is worth more now: whoever saw its old key cannot use it.
    assert client.session.session_key != password_session


def test_the_set_up_page_cannot_add_a_second_authenticator(agent):
    authenticator_for(agent)
    client = password_login(agent)

    response = client.get(SET_UP)

    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=agent).count() == 1


def test_after_the_code_a_staff_member_goes_back_only_to_this_site(agent):
    device, _ = authenticator_for(agent)
    client = password_login(agent)

    response = client.post(f"{VERIFY}?next=https://evil.example/admin/", {"code": code_of(device)})

    assert response["Location"] == "/admin/"


def test_the_admin_header_links_to_the_staff_members_second_factor_page(agent):
    device, _ = authenticator_for(agent)
    client = password_login(agent)
    before = client.get(VERIFY).content.decode()
    client.post(VERIFY, {"code": code_of(device)})

    page = client.get("/admin/").content.decode()

    assert '<a href="/admin/second-factor/">Second factor</a>' in page
    assert "Second factor</a>" not in before  # it would only lead back here
