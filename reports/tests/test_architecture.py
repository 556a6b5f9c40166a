"""reports sits on top: it reads tickets, vip and accounts, and nothing imports it;
it names no table in SQL and writes no other app's rows (its demo goes through the
tickets services). The same checks as core/tests/test_architecture.py."""

import pytest

from core.tests.test_architecture import (
    APPS,
    ROOT,
    imported_names,
    product_modules,
    tables_of_other_apps,
    writes_to_other_apps,
)


@pytest.mark.parametrize("app", APPS)
def test_no_other_app_imports_reports(app):
    importers = [
        str(path.relative_to(ROOT))
        for path in product_modules(app)
        if "reports" in imported_names(path)
    ]
    assert importers == []


def test_reports_imports_neither_the_assistant_nor_the_second_factor():
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_names(path) & {"assistant", "twofactor"})
        for path in product_modules("reports")
    }
    assert {path: names for path, names in wrong.items() if names} == {}


def test_reports_names_no_table_in_sql_and_writes_no_rows():
    for path in product_modules("reports"):
        assert tables_of_other_apps("reports", path) == set(), path
        assert writes_to_other_apps("reports", path) == set(), path
