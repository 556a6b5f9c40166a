"""Supervisors and superusers reset a colleague's second factor from the admin (Staff
second factor > Authenticator apps): the colleague sets up a new app at their next
sign-in, and a session that passed with the old one no longer counts. No admin page
shows a key or a recovery code."""

import pytest
from django.contrib import admin
from django.contrib.admin.models import DELETION, LogEntry
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from twofactor import devices
from twofactor.tests.helpers import authenticator_for, passed_login

pytestmark = pytest.mark.usefixtures("second_factor_on")
LIST = "/admin/twofactor/authenticator/"


def reset(client, *devices_):
    return client.post(
        LIST,
        {"action": "reset_second_factor", "_selected_action": [d.pk for d in devices_]},
        follow=True,
    )


def test_a_supervisor_resets_an_agents_second_factor(supervisor, agent):
    agents_device, _ = authenticator_for(agent)
    agents_session = passed_login(agent, agents_device)
    supervisors_device, _ = authenticator_for(supervisor)
    client = passed_login(supervisor, supervisors_device)

    response = reset(client, agents_device)

    assert "Second factor reset for agent@example.com." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=agent).exists()
    assert not StaticDevice.objects.filter(user=agent).exists()
    assert LogEntry.objects.filter(user=supervisor, action_flag=DELETION).count() == 1
    # The agent's session passed with the device that is gone: set up a new one first.
    assert agents_session.get("/admin/")["Location"].startswith("/admin/second-factor/set-up/")


def test_nobody_resets_their_own_here_and_only_a_superuser_a_superusers(supervisor, superuser):
    roots_device, _ = authenticator_for(superuser)
    own_device, _ = authenticator_for(supervisor)
    client = passed_login(supervisor, own_device)

    response = reset(client, roots_device, own_device)

    assert "Not reset: root@example.com, super@example.com" in response.content.decode()
    assert TOTPDevice.objects.count() == 2


def test_a_superuser_resets_anyones_but_their_own(superuser, supervisor):
    supervisors_device, _ = authenticator_for(supervisor)
    own_device, _ = authenticator_for(superuser)
    client = passed_login(superuser, own_device)

    reset(client, supervisors_device)

    assert list(TOTPDevice.objects.values_list("user__email", flat=True)) == [superuser.email]


def test_agents_cannot_see_or_reset_colleagues_second_factors(agent, supervisor):
    supervisors_device, _ = authenticator_for(supervisor)
    device, _ = authenticator_for(agent)
    client = passed_login(agent, device)

    assert client.get(LIST).status_code == 403
    assert reset(client, supervisors_device).status_code == 403
    assert TOTPDevice.objects.filter(user=supervisor).exists()


def test_no_admin_page_shows_a_key_or_a_recovery_code(superuser, agent):
    agents_device, agents_codes = authenticator_for(agent)
    device, _ = authenticator_for(superuser)
    client = passed_login(superuser, device)

    pages = [LIST, f"{LIST}{agents_device.pk}/change/"]
    shown = "".join(client.get(page).content.decode() for page in pages)

    assert "agent@example.com" in shown
    assert agents_device.key not in shown
    assert devices.authenticator_key(agents_device) not in shown
    assert not any(code in shown for code in agents_codes)
    assert not admin.site.is_registered(TOTPDevice)  # django-otp's pages, which show keys
    assert not admin.site.is_registered(StaticDevice)
