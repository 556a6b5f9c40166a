"""The translation catalogs: every `.po` in the repository, compiled to the `.mo` files
Django reads, with Babel (pure Python, so a fresh machine needs no GNU gettext).

The `.mo` files are build output (gitignored): `make` compiles them when it installs,
and the test run does before it starts (conftest.py)."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

# The project's catalogs (locale/) and each app's (<app>/locale/).
CATALOG_PATTERNS = ("locale/*/LC_MESSAGES/*.po", "*/locale/*/LC_MESSAGES/*.po")


class CatalogError(Exception):
    """A translation whose placeholders do not match its English (it would crash or
    show the wrong value at run time)."""


def catalogs(base_dir: Path) -> list[Path]:
    return sorted(path for pattern in CATALOG_PATTERNS for path in base_dir.glob(pattern))


def compile_catalogs(base_dir: Path, *, force: bool = False) -> list[Path]:
    """Compile each `.po` under `base_dir` whose `.mo` is missing or older; returns the
    ones compiled. Fuzzy entries are left out, as gettext's msgfmt does."""
    compiled = []
    for po_path in catalogs(base_dir):
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        problems = [
            f"{po_path}:{message.lineno}: {error}"
            for message, errors in catalog.check()
            for error in errors
        ]
        if problems:
            raise CatalogError("\n".join(problems))
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)
        compiled.append(po_path)
    return compiled
