"""A staff member's own second-factor page: new recovery codes, or a reset to set up a
new app (a new phone). Both take a current code, so a session left open on someone's
desk cannot swap their second factor for another."""

import re

import pytest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from twofactor import devices
from twofactor.tests.helpers import authenticator_for, code_of, passed_login, wrong_code_for

pytestmark = pytest.mark.usefixtures("second_factor_on")
OWN_PAGE = "/admin/second-factor/"


def test_the_page_says_what_the_staff_member_has(agent):
    device, _ = authenticator_for(agent)
    client = passed_login(agent, device)

    page = client.get(OWN_PAGE).content.decode()

    assert "Your second factor" in page
    assert "<strong>10</strong> recovery codes left" in page


def test_a_reset_with_a_current_code_removes_the_app_and_asks_for_a_new_one(agent):
    device, _ = authenticator_for(agent)
    client = passed_login(agent, device)

    reset = client.post(OWN_PAGE, {"action": "reset", "code": code_of(device, steps_ahead=1)})
    next_page = client.get("/admin/")

    assert reset["Location"] == "/admin/second-factor/set-up/"
    assert not TOTPDevice.objects.filter(user=agent, confirmed=True).exists()
    assert not StaticDevice.objects.filter(user=agent).exists()
    assert next_page["Location"].startswith("/admin/second-factor/set-up/")


def test_a_reset_without_the_right_code_changes_nothing(agent):
    device, _ = authenticator_for(agent)
    client = passed_login(agent, device)

    response = client.post(OWN_PAGE, {"action": "reset", "code": wrong_code_for(device)})

    assert "That code is not right" in response.content.decode()
    assert TOTPDevice.objects.filter(user=agent, confirmed=True).exists()
    assert client.get("/admin/").status_code == 200


def test_new_recovery_codes_with_a_current_code_are_shown_once(agent):
    device, old = authenticator_for(agent)
    client = passed_login(agent, device)

    response = client.post(
        OWN_PAGE, {"action": "recovery_codes", "code": code_of(device, steps_ahead=1)}, follow=True
    )

    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(new) == 10
    assert not set(new) & set(old)
    assert devices.recovery_codes_left(agent) == 10


def test_a_recovery_code_counts_as_a_current_code(agent):
    device, codes = authenticator_for(agent)
    client = passed_login(agent, device)

    response = client.post(OWN_PAGE, {"action": "recovery_codes", "code": codes[0]})

    assert response["Location"] == "/admin/second-factor/recovery-codes/"
