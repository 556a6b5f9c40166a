"""The direction of dependence (DESIGN.md, README's layout), checked on every import
statement of the product's modules (tests excluded): core knows no app; accounts knows
no other app; tickets knows neither assistant nor vip; assistant and vip do not know
each other."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["core", "accounts", "tickets", "assistant", "vip"]
MAY_NOT_IMPORT = {
    "core": {"accounts", "tickets", "assistant", "vip"},
    "accounts": {"tickets", "assistant", "vip"},
    "tickets": {"assistant", "vip"},
    "assistant": {"vip"},
    "vip": {"assistant"},
}


def product_modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "tests" not in path.relative_to(ROOT).parts:
            yield path


def imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found & set(APPS)


@pytest.mark.parametrize("app", APPS)
def test_an_app_imports_only_what_lies_below_it(app):
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) & MAY_NOT_IMPORT[app])
        for path in product_modules(app)
    }
    assert {path: apps for path, apps in wrong.items() if apps} == {}


def test_the_check_sees_imports():
    assert "core" in imported_apps(ROOT / "tickets" / "consumers.py")
