"""Staff roles as Django groups: what agents and supervisors may do in the admin.

Each app grants permissions on its own models in a `roles` module with a
ROLE_PERMISSIONS dict shaped like the one below; `ensure_roles` gathers them all and
makes the groups match. It can be re-run at any time."""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction

AGENTS = "Agents"
SUPERVISORS = "Supervisors"

# role -> {"app_label.model": [actions]}
ROLE_PERMISSIONS: dict[str, dict[str, list[str]]] = {
    AGENTS: {
        "accounts.user": ["view"],
        "accounts.purchase": ["view"],
        "accounts.instalment": ["view"],
        "accounts.refund": ["view"],
    },
    SUPERVISORS: {
        "accounts.user": ["view"],
        "accounts.purchase": ["view", "change"],
        "accounts.instalment": ["view", "change"],
        "accounts.refund": ["view", "change"],
    },
}


def _permissions_for(grants: dict[str, list[str]]) -> list[Permission]:
    wanted = set()
    for model_label, actions in grants.items():
        app_label, model = model_label.split(".")
        wanted.update((app_label, f"{action}_{model}") for action in actions)
    permissions = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in wanted}
    ).select_related("content_type")
    return [p for p in permissions if (p.content_type.app_label, p.codename) in wanted]


def all_role_permissions() -> dict[str, dict[str, list[str]]]:
    merged = {role: dict(grants) for role, grants in ROLE_PERMISSIONS.items()}
    for app_config in apps.get_app_configs():
        if app_config.name == "accounts":
            continue
        try:
            module = importlib.import_module(f"{app_config.name}.roles")
        except ModuleNotFoundError as error:
            if error.name != f"{app_config.name}.roles":
                raise
            continue
        for role, grants in module.ROLE_PERMISSIONS.items():
            merged.setdefault(role, {}).update(grants)
    return merged


@transaction.atomic
def ensure_roles() -> dict[str, Group]:
    groups = {}
    for role, grants in all_role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(_permissions_for(grants))
        groups[role] = group
    return groups
