"""The demo logins `make run` prints (last) say whether staff will be asked for a second
factor, and how to turn it on."""

import pytest
from django.core.management import call_command


def staff_line(capsys) -> str:
    call_command("seed_demo", "--logins-only")
    return next(line for line in capsys.readouterr().out.splitlines() if line.startswith("Staff"))


@pytest.mark.django_db
def test_with_debug_on_the_demo_says_staff_need_only_the_password(capsys):
    line = staff_line(capsys)

    assert "password only" in line
    assert "STAFF_TWO_FACTOR=1 make run" in line


@pytest.mark.django_db
def test_with_the_second_factor_on_the_demo_says_staff_set_up_an_app(settings, capsys):
    settings.STAFF_TWO_FACTOR = True

    assert "the first sign-in sets up an authenticator app" in staff_line(capsys)
