"""Recovery codes: each lets its owner in once instead of the app's code, however it is
typed; new ones replace the old; they are the owner's only."""

import pytest
from django_otp.plugins.otp_static.models import StaticToken

from twofactor import devices
from twofactor.tests.helpers import authenticator_for, password_login, verifying_device_id

pytestmark = pytest.mark.usefixtures("second_factor_on")
VERIFY = "/admin/second-factor/verify/"


def test_a_recovery_code_lets_a_staff_member_in_once(agent):
    _, codes = authenticator_for(agent)
    first = password_login(agent)

    used = first.post(VERIFY, {"code": codes[3]}, follow=True)
    second = password_login(agent)
    used_again = second.post(VERIFY, {"code": codes[3]})

    assert used.status_code == 200
    assert used.redirect_chain[-1][0] == "/admin/"
    assert "You signed in with a recovery code: 9 left" in used.content.decode()
    assert verifying_device_id(first) is not None
    assert "That code is not right" in used_again.content.decode()
    assert second.get("/admin/").status_code == 302
    assert devices.recovery_codes_left(agent) == 9


def test_a_recovery_code_may_be_typed_in_capitals_and_with_spaces(agent):
    _, codes = authenticator_for(agent)
    client = password_login(agent)

    response = client.post(VERIFY, {"code": f" {codes[0][:4].upper()} {codes[0][4:]} "})

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_another_staff_members_recovery_code_does_not_work(agent, supervisor):
    authenticator_for(agent)
    _, their_codes = authenticator_for(supervisor)
    client = password_login(agent)

    response = client.post(VERIFY, {"code": their_codes[0]})

    assert "That code is not right" in response.content.decode()
    assert devices.recovery_codes_left(supervisor) == 10


def test_new_recovery_codes_replace_the_old_ones(agent):
    _, old = authenticator_for(agent)

    new = devices.recovery_codes_issue(user=agent)
    client = password_login(agent)

    assert not set(old) & set(new)
    assert client.post(VERIFY, {"code": new[0]}).status_code == 302
    assert not StaticToken.objects.filter(token__in=old).exists()
    assert devices.recovery_codes_left(agent) == 9
