"""The architecture (README's layout), checked on the product's modules (tests
excluded):
- the direction of dependence, on every import statement: core knows no app;
  accounts knows no other app; twofactor knows only accounts (and core); tickets knows
  neither assistant nor vip; assistant and vip do not know each other; attachments
  knows tickets and accounts, and only the assistant's chat knows it; no app knows
  privacy, which knows accounts and tickets only;
- each app's tables are its own: no module names another app's table in SQL, nor
  writes another app's models through their managers (it calls that app's services);
- one module talks to psycopg (core.db); everything else goes through Django."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["core", "accounts", "twofactor", "tickets", "assistant", "vip", "attachments", "privacy"]
MAY_NOT_IMPORT = {
    "core": {"accounts", "twofactor", "tickets", "assistant", "vip", "attachments", "privacy"},
    "accounts": {"twofactor", "tickets", "assistant", "vip", "attachments", "privacy"},
    "twofactor": {"tickets", "assistant", "vip", "attachments", "privacy"},
    "tickets": {"assistant", "vip", "attachments", "privacy"},
    "assistant": {"vip", "privacy"},
    "vip": {"assistant", "attachments", "privacy"},
    # Files in conversations: above tickets, below the assistant's chat socket.
    "attachments": {"assistant", "vip", "privacy"},
    # privacy reaches the apps' `erasure` modules through the app registry, by name.
    "privacy": {"twofactor", "assistant", "vip", "attachments"},
}


def product_modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "tests" not in path.relative_to(ROOT).parts:
            yield path


def imported_apps(path: Path) -> set[str]:
    return imported_names(path) & set(APPS)


@pytest.mark.parametrize("app", APPS)
def test_an_app_imports_only_what_lies_below_it(app):
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) & MAY_NOT_IMPORT[app])
        for path in product_modules(app)
    }
    assert {path: apps for path, apps in wrong.items() if apps} == {}


def test_the_check_sees_imports():
    assert "core" in imported_apps(ROOT / "tickets" / "consumers.py")


# A table named where SQL names one; an app's tables are "<app label>_<model>", and
# Django's sessions are "django_session".
TABLE_IN_SQL = re.compile(r"\b(?:FROM|JOIN|UPDATE|INTO|TABLE)\s+\"?([a-z]+)_\w+", re.IGNORECASE)
OWNER = {"django": "core", **{app: app for app in APPS}}  # Django's own: for core's login check


def strings_of(path: Path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value


def tables_of_other_apps(app: str, path: Path) -> set[str]:
    named = {match for text in strings_of(path) for match in TABLE_IN_SQL.findall(text)}
    return {prefix for prefix in named if prefix in OWNER and OWNER[prefix] != app}


@pytest.mark.parametrize("app", APPS)
def test_no_module_names_another_apps_table_in_sql(app):
    wrong = {
        str(path.relative_to(ROOT)): sorted(tables_of_other_apps(app, path))
        for path in product_modules(app)
    }
    assert {path: tables for path, tables in wrong.items() if tables} == {}


def test_the_check_sees_a_table_named_in_sql(tmp_path):
    module = tmp_path / "sneaky.py"
    module.write_text('SQL = """UPDATE tickets_ticket SET x = 1"""\nURL = "admin:tickets_ticket"\n')

    assert tables_of_other_apps("assistant", module) == {"tickets"}
    assert tables_of_other_apps("tickets", module) == set()


def test_one_module_imports_psycopg():
    importers = {
        str(path.relative_to(ROOT))
        for app in [*APPS, "supportsite"]
        for path in product_modules(app)
        if imported_names(path) & {"psycopg", "psycopg_pool"}
    }
    assert importers == {"core/db.py"}


def imported_names(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


WRITES = {"create", "get_or_create", "update_or_create", "bulk_create", "bulk_update",
          "update", "delete"}  # fmt: skip


def models_of_other_apps(app: str, tree: ast.AST) -> set[str]:
    """The names this module imports from another app's models."""
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0
        and node.module.endswith(".models") and node.module.split(".")[0] in set(APPS) - {app}
        for alias in node.names
    }  # fmt: skip


def writes_to_other_apps(app: str, path: Path) -> set[str]:
    """`Model.objects....write(...)` calls on another app's models."""
    tree = ast.parse(path.read_text(), filename=str(path))
    foreign, found = models_of_other_apps(app, tree), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr not in WRITES:
                continue
            chain = node.func.value
            while isinstance(chain, ast.Call | ast.Attribute):
                chain = chain.func if isinstance(chain, ast.Call) else chain.value
                manager = isinstance(chain, ast.Attribute) and chain.attr == "objects"
                if manager and isinstance(chain.value, ast.Name) and chain.value.id in foreign:
                    found.add(f"{chain.value.id}.{node.func.attr}")
    return found


@pytest.mark.parametrize("app", APPS)
def test_no_module_writes_another_apps_models(app):
    wrong = {
        str(path.relative_to(ROOT)): sorted(writes_to_other_apps(app, path))
        for path in product_modules(app)
    }
    assert {path: writes for path, writes in wrong.items() if writes} == {}


def test_the_check_sees_a_write_to_another_apps_model(tmp_path):
    module = tmp_path / "sneaky.py"
    module.write_text(
        "from accounts.models import User\n"
        "User.objects.filter(pk=1).update(vip_until=None)\n"
        "User.objects.filter(pk=1).exists()\n"
    )

    assert writes_to_other_apps("vip", module) == {"User.update"}
    assert writes_to_other_apps("accounts", module) == set()
