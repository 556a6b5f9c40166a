"""A wrong code is refused with a message that says what to do, and counts: after each
one the device refuses every code, the right one too, for twice as long as before."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from twofactor.tests.helpers import authenticator_for, code_of, password_login, wrong_code_for

pytestmark = pytest.mark.usefixtures("second_factor_on")
VERIFY = "/admin/second-factor/verify/"


def test_a_wrong_code_is_refused_and_the_admin_stays_closed(agent):
    device, _ = authenticator_for(agent)
    client = password_login(agent)

    response = client.post(VERIFY, {"code": wrong_code_for(device)})

    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert client.get("/admin/").status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


@pytest.mark.parametrize("typed", ["", "12345", "not a code at all, far too long"])
def test_what_is_not_a_code_is_refused(agent, typed):
    authenticator_for(agent)
    client = password_login(agent)

    response = client.post(VERIFY, {"code": typed})

    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_right_after_a_wrong_code_even_the_right_one_must_wait(agent):
    device, _ = authenticator_for(agent)
    client = password_login(agent)
    client.post(VERIFY, {"code": wrong_code_for(device)})

    response = client.post(VERIFY, {"code": code_of(device)})

    assert "Too many wrong codes. Wait 1 second, then try again." in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_the_wait_doubles_with_each_wrong_code_and_ends(agent):
    device, _ = authenticator_for(agent)
    client = password_login(agent)
    for tries in range(1, 5):
        # Each try made once the previous wait is over.
        TOTPDevice.objects.filter(pk=device.pk).update(
            throttling_failure_timestamp=timezone.now() - timedelta(minutes=10)
        )
        client.post(VERIFY, {"code": wrong_code_for(device)})
        device.refresh_from_db()
        assert device.throttling_failure_count == tries

    waiting = client.post(VERIFY, {"code": code_of(device)})
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=9)
    )
    after_the_wait = client.post(VERIFY, {"code": code_of(device)})

    assert "Wait 8 seconds, then try again." in waiting.content.decode()
    assert after_the_wait.status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_setting_up_is_throttled_too(agent):
    client = password_login(agent)
    client.get("/admin/second-factor/set-up/")
    device = TOTPDevice.objects.get(user=agent)
    client.post("/admin/second-factor/set-up/", {"code": wrong_code_for(device)})

    response = client.post("/admin/second-factor/set-up/", {"code": code_of(device)})

    assert "Too many wrong codes" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
