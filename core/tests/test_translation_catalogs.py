"""The Swedish and German catalogs ship complete: every string translated, none fuzzy,
every placeholder matching its English, and nothing that `make messages` would extract
from the code and templates missing from them. The install compiles them (make's
`translations`, with Babel: no GNU gettext needed)."""

import os
import shutil
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

from core.translations import catalogs, compile_catalogs

LANGUAGES = {code for code, _name in settings.LANGUAGES} - {"en"}
# What a copy of the repository needs to run makemessages: not the build output.
NOT_COPIED = shutil.ignore_patterns(".venv", ".git", "var", "__pycache__", "*.mo", "node_modules")


def unfinished(po_path) -> list[str]:
    """Each message of the catalog that is untranslated, fuzzy or has a placeholder its
    English does not."""
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file)
    problems = [f"{message.id!r} is fuzzy" for message in catalog if message.id and message.fuzzy]
    problems += [
        f"{message.id!r} is not translated"
        for message in catalog
        if message.id and not all(message.string if isinstance(message.string, tuple)
                                  else [message.string])
    ]  # fmt: skip
    problems += [f"{message.id!r}: {error}" for message, errors in catalog.check()
                 for error in errors]  # fmt: skip
    return problems


def test_every_language_the_site_offers_has_its_catalogs():
    found = {(path.parent.parent.name, path.stem) for path in catalogs(settings.BASE_DIR)}

    assert {
        (language, domain) for language in LANGUAGES for domain in ("django", "djangojs")
    } <= found


@pytest.mark.parametrize("po_path", catalogs(settings.BASE_DIR), ids=str)
def test_each_catalog_is_complete(po_path):
    assert unfinished(po_path) == []


def test_the_catalogs_hold_everything_makemessages_extracts(tmp_path):
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        pytest.skip("GNU gettext (xgettext, msgmerge) is not installed: apt-get install gettext")
    copy = tmp_path / "repo"
    shutil.copytree(settings.BASE_DIR, copy, ignore=NOT_COPIED)
    environment = {**os.environ, "DATA_DIR": str(tmp_path / "var")}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    for domain in ("django", "djangojs"):
        subprocess.run(  # nosec B603 (our own interpreter and manage.py, fixed arguments)
            [sys.executable, "manage.py", "makemessages", "--all", "--domain", domain],
            cwd=copy, env=environment, check=True, capture_output=True,
        )  # fmt: skip

    assert {path: unfinished(path) for path in catalogs(copy)} == {
        path: [] for path in catalogs(copy)
    }


def test_the_catalogs_compile_to_what_django_reads(tmp_path):
    locale = tmp_path / "locale" / "sv" / "LC_MESSAGES"
    locale.mkdir(parents=True)
    shutil.copy(settings.BASE_DIR / "locale" / "sv" / "LC_MESSAGES" / "django.po", locale)

    compiled = compile_catalogs(tmp_path)

    assert compiled == [locale / "django.po"]
    assert (locale / "django.mo").stat().st_size > 1000
    assert compile_catalogs(tmp_path) == []  # up to date: nothing to do
