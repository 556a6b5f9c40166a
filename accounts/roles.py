"""Staff roles as Django groups: what agents and supervisors may do in the admin.

Each app grants permissions on its own models in a `roles` module with a
ROLE_PERMISSIONS dict shaped like the one below; `ensure_roles` gathers them all and
makes the groups match. It can be re-run at any time, and `migrate` runs it at its end
(`roles_after_migrate`), so a new installation has the roles and an upgrade brings
them in step with the code."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import DEFAULT_DB_ALIAS, transaction

from core.app_modules import app_modules

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
        # "export": a customer's data as one file (accounts.export), from the admin.
        "accounts.user": ["view", "export"],
        "accounts.purchase": ["view", "change"],
        "accounts.instalment": ["view", "change"],
        "accounts.refund": ["view", "change"],
        # Invite staff and give them one of these two roles (accounts.admin); never
        # `accounts.user` changes, which could make someone a superuser.
        "accounts.staffmember": ["view", "add", "change"],
        # Background tasks (core.admin): see the failed ones and retry them ("change").
        "django_tasks_database.dbtaskresult": ["view", "change"],
    },
}

# The roles a supervisor may give (accounts.admin.StaffMemberAdmin): these and no other.
ROLES = [AGENTS, SUPERVISORS]


def _permissions_for(grants: dict[str, list[str]], using: str) -> list[Permission]:
    wanted = set()
    for model_label, actions in grants.items():
        app_label, model = model_label.split(".")
        wanted.update((app_label, f"{action}_{model}") for action in actions)
    permissions = (
        Permission.objects.using(using)
        .filter(content_type__app_label__in={app for app, _ in wanted})
        .select_related("content_type")
    )
    return [p for p in permissions if (p.content_type.app_label, p.codename) in wanted]


def all_role_permissions() -> dict[str, dict[str, list[str]]]:
    merged = {role: dict(grants) for role, grants in ROLE_PERMISSIONS.items()}
    for app, module in app_modules("roles"):
        if app == "accounts":
            continue
        for role, grants in module.ROLE_PERMISSIONS.items():
            merged.setdefault(role, {}).update(grants)
    return merged


def ensure_roles(using: str = DEFAULT_DB_ALIAS) -> dict[str, Group]:
    groups = {}
    with transaction.atomic(using=using):
        for role, grants in all_role_permissions().items():
            group, _ = Group.objects.using(using).get_or_create(name=role)
            group.permissions.set(_permissions_for(grants, using))
            groups[role] = group
    return groups


def roles_after_migrate(*, using=DEFAULT_DB_ALIAS, **kwargs):
    """post_migrate receiver for accounts (connected in accounts.apps).

    Django creates each app's permissions in post_migrate, app after app, and accounts
    comes before the apps whose roles it gathers: so create them all first (what
    Django does for each app later then finds them there). A data migration would not
    do: it runs before any permission exists on a new database, and only once, so
    roles changed in the code would never reach an upgraded one. `flush` sends
    post_migrate too, so a flushed test database gets its roles back."""
    migrated = kwargs.get("apps")
    if migrated is not None and not _has_model(migrated, "auth", "Group"):
        return  # a partial `migrate` that has not made auth's tables yet
    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    ensure_roles(using)


def _has_model(app_registry, app_label: str, model: str) -> bool:
    try:
        app_registry.get_model(app_label, model)
    except LookupError:
        return False
    return True
