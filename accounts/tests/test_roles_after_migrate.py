"""The staff roles exist after `migrate`, without seed_demo: on a new database (a fresh
process on an empty SQLite file) and on an upgraded one whose roles lag the code."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from accounts.roles import AGENTS, SUPERVISORS

ROOT = Path(__file__).resolve().parents[2]
SHOW_ROLES = (
    "import django; django.setup(); from django.contrib.auth.models import Group; "
    "[print(group.name, permission.content_type.app_label + '.' + permission.codename) "
    "for group in Group.objects.all() "
    "for permission in group.permissions.select_related('content_type')]"
)
# A few of each app's grants: enough to show every app's roles module was read.
AGENTS_MAY = {"tickets.change_ticket", "accounts.view_purchase", "assistant.view_article"}
SUPERVISORS_MAY = {
    "tickets.change_escalationrule",
    "tickets.add_cannedresponse",
    "assistant.change_intent",
    "assistant.add_article",
    "vip.change_plan",
    "accounts.add_staffmember",
}


def run(args, data_dir):
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "SYSTEMROOT"}}
    env.update(DJANGO_SETTINGS_MODULE="supportsite.settings", DATA_DIR=str(data_dir))
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def roles_of(lines: str) -> dict[str, set[str]]:
    roles: dict[str, set[str]] = {}
    for line in lines.splitlines():
        role, permission = line.rsplit(" ", 1)
        roles.setdefault(role, set()).add(permission)
    return roles


def test_a_new_database_has_both_roles_with_their_permissions_after_migrate(tmp_path):
    migrated = run(["manage.py", "migrate", "--no-input", "-v", "0"], tmp_path)
    assert migrated.returncode == 0, migrated.stderr

    shown = run(["-c", SHOW_ROLES], tmp_path)

    assert shown.returncode == 0, shown.stderr
    roles = roles_of(shown.stdout)
    assert roles[AGENTS] >= AGENTS_MAY
    assert roles[SUPERVISORS] >= SUPERVISORS_MAY
    assert "assistant.change_intent" not in roles[AGENTS]
    assert not any(permission.startswith("auth.") for permission in roles[SUPERVISORS])


def permissions_of(name):
    group = Group.objects.get(name=name)
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


@pytest.mark.django_db(transaction=True)
def test_migrate_brings_an_upgraded_databases_roles_in_step_with_the_code():
    # As an installation from before: supervisors without the assistant's rights, and no
    # Agents group at all; a permission of a model added since is missing too.
    Group.objects.get(name=SUPERVISORS).permissions.remove(
        *Permission.objects.filter(content_type__app_label="assistant")
    )
    Group.objects.filter(name=AGENTS).delete()
    Permission.objects.filter(codename="add_staffmember").delete()

    call_command("migrate", verbosity=0)

    assert permissions_of(AGENTS) >= AGENTS_MAY
    assert permissions_of(SUPERVISORS) >= SUPERVISORS_MAY


@pytest.mark.django_db(transaction=True)
def test_a_role_given_a_permission_by_hand_is_set_back_to_the_code_at_the_next_migrate():
    supervisors = Group.objects.get(name=SUPERVISORS)
    supervisors.permissions.add(Permission.objects.get(codename="change_user"))

    call_command("migrate", verbosity=0)

    assert "accounts.change_user" not in permissions_of(SUPERVISORS)


@pytest.mark.django_db
def test_every_permission_a_role_grants_exists():
    """A grant naming a wrong app label or model would give nothing, silently."""
    from accounts.roles import all_role_permissions

    known = {
        f"{app}.{codename}"
        for app, codename in Permission.objects.values_list("content_type__app_label", "codename")
    }
    granted = {
        f"{model_label.split('.')[0]}.{action}_{model_label.split('.')[1]}"
        for grants in all_role_permissions().values()
        for model_label, actions in grants.items()
        for action in actions
    }
    assert granted - known == set()
