"""One seam per outside service: only vip/stripe_gateway.py imports stripe, and
tickets never imports vip."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["core", "accounts", "tickets", "assistant", "vip", "privacy", "supportsite"]
IMPORTS_STRIPE = re.compile(r"^\s*(import stripe|from stripe\b)", re.MULTILINE)
IMPORTS_VIP = re.compile(r"^\s*(import vip|from vip\b)", re.MULTILINE)


def sources(app):
    return [
        path for path in (ROOT / app).rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    ]  # fmt: skip


def test_only_the_gateway_imports_stripe():
    importers = {
        str(path.relative_to(ROOT))
        for app in APPS
        for path in sources(app)
        if IMPORTS_STRIPE.search(path.read_text())
    }
    assert importers == {"vip/stripe_gateway.py"}


def test_tickets_and_accounts_never_import_vip():
    for app in ("tickets", "accounts"):
        for path in sources(app):
            assert not IMPORTS_VIP.search(path.read_text()), path
