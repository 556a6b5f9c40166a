import pytest
from django.core.management import CommandError, call_command

from accounts.models import Instalment, Purchase, Refund, User
from accounts.roles import AGENTS, SUPERVISORS


def counts():
    return (
        User.objects.count(),
        Purchase.objects.count(),
        Instalment.objects.count(),
        Refund.objects.count(),
    )


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_seed_demo_is_idempotent(seeded, settings):
    first = counts()

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert counts() == first
    assert first[0] == 23  # 20 customers and 3 staff


def test_seed_demo_makes_a_varied_realistic_set(seeded):
    statuses = set(Instalment.objects.values_list("status", flat=True))
    refund_statuses = set(Refund.objects.values_list("status", flat=True))

    assert {"paid", "scheduled", "late", "failed"} <= statuses
    assert "issued" in refund_statuses
    assert refund_statuses & {"requested", "processing"}
    for purchase in Purchase.objects.prefetch_related("instalments"):
        assert sum(i.amount for i in purchase.instalments.all()) == purchase.amount


def test_seed_demo_creates_the_staff_cast(seeded):
    assert User.objects.get(email="agent@example.com").groups.filter(name=AGENTS).exists()
    assert User.objects.get(email="supervisor@example.com").groups.filter(name=SUPERVISORS).exists()
    assert User.objects.get(email="admin@example.com").is_superuser
    assert User.objects.filter(is_staff=False).count() == 20


def test_seed_demo_prints_the_logins(db, settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")

    out = capsys.readouterr().out
    assert "agent@example.com" in out
    assert "alice@example.com" in out
    assert "demo-password" in out


def test_seed_demo_refuses_production_without_force(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    assert not User.objects.exists()
