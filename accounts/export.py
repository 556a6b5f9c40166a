"""A customer's data, all of it, as one JSON document (GDPR Art. 15 and 20): what
`/account/export/` downloads and the admin's "Export the selected customer's data"
produces. docs/data-export.md describes every section and field.

Each app says what it holds about a customer in an `export` module with
`customer_export(user) -> dict` (section name -> JSON value), read through the app
registry as the roles are, so accounts imports no other app. Every app reads its own
tables, scoped to the customer, in a fixed number of queries.

An app holding the customer's files adds `customer_files(user)` to that module: a list
of (entry, read) pairs, the entry for the document's `attachments` list (with the
file's `path` in the ZIP) and `read()` its bytes. With any file the download is a ZIP
of the document and the files; without, the document alone.

Values are JSON's own: moments ISO 8601 in UTC with their offset, calendar days
ISO 8601 dates, money `{"amount": "25.00", "currency": "EUR"}` (a string, never a
float)."""

import datetime as dt
import json
import logging
import tempfile
import zipfile
from decimal import Decimal

from axes.models import AccessAttempt, AccessLog
from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext

from accounts import selectors
from core.app_modules import app_modules

FORMAT = "supportsite-export"
VERSION = 1

audit = logging.getLogger("supportsite.audit")


class ExportError(Exception):
    """This account cannot be exported here (a staff account)."""


def moment(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value is not None else None


def day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def money(amount: Decimal, currency: str) -> dict[str, str]:
    return {"amount": f"{Decimal(amount):.2f}", "currency": currency}


def staff_name(user) -> str:
    """Staff as customers see them (tickets.notify.author_name): first name, never an
    email."""
    return f"{user.get_short_name()}, support" if user is not None else "supportsite"


def customer_export(user) -> dict:
    """accounts' sections: the profile and the account's records."""
    return {
        "profile": {
            "email": user.email,
            "full_name": user.full_name,
            "date_joined": moment(user.date_joined),
            "last_login": moment(user.last_login),
            "is_active": user.is_active,
            "vip_until": moment(user.vip_until),
        },
        "purchases": [
            {
                "id": purchase.pk,
                "reference": purchase.reference,
                "merchant": purchase.merchant,
                "description": purchase.description,
                "amount": money(purchase.amount, purchase.currency),
                "purchased_on": day(purchase.purchased_on),
                "status": purchase.status,
            }
            for purchase in selectors.purchases_of(user).order_by("purchased_on", "id")
        ],
        "instalments": [
            {
                "id": instalment.pk,
                "purchase_reference": instalment.purchase.reference,
                "number": instalment.number,
                "due_on": day(instalment.due_on),
                "amount": money(instalment.amount, instalment.currency),
                "status": instalment.status,
                "paid_on": day(instalment.paid_on),
                "failure_reason": instalment.failure_reason or None,
            }
            for instalment in selectors.instalments_of(user).order_by("due_on", "id")
        ],
        "refunds": [
            {
                "id": refund.pk,
                "purchase_reference": refund.purchase.reference,
                "amount": money(refund.amount, refund.currency),
                "reason": refund.reason,
                "status": refund.status,
                "requested_on": day(refund.requested_on),
                "expected_on": day(refund.expected_on),
                "issued_on": day(refund.issued_on),
            }
            for refund in selectors.refunds_of(user).order_by("requested_on", "id")
        ],
        **login_records(user),
    }


def login_records(user) -> dict:
    """What the login throttle (django-axes, accounts.auth) keeps under the account's
    email: each login, and the failed attempts it still counts."""
    logins = AccessLog.objects.filter(username=user.email).order_by("attempt_time", "id")
    failures = AccessAttempt.objects.filter(username=user.email).order_by("attempt_time", "id")
    return {
        "logins": [
            {
                "at": moment(log.attempt_time),
                "logged_out_at": moment(log.logout_time),
                "ip_address": log.ip_address,
                "user_agent": log.user_agent,
            }
            for log in logins
        ],
        "failed_logins": [
            {
                "last_at": moment(attempt.attempt_time),
                "failures": attempt.failures_since_start,
                "ip_address": attempt.ip_address,
                "user_agent": attempt.user_agent,
            }
            for attempt in failures
        ],
    }


def app_exports(function: str = "customer_export"):
    """Every other app's `export.<function>`, in the order the apps are installed."""
    for app, module in app_modules("export"):
        if app != "accounts" and hasattr(module, function):
            yield app, getattr(module, function)


def customer_files(user) -> list:
    """Every app's files of the customer, as (entry, read) pairs."""
    return [each for _, files in app_exports("customer_files") for each in files(user)]


def customer_document(user, *, now: dt.datetime | None = None, files=None) -> dict:
    """The whole export of one customer (`files`: customer_files, if the caller has
    them). Staff accounts are refused: they hold no customer records, and their work
    is not a customer's data."""
    if user.is_staff:
        raise ExportError(gettext("Staff accounts have no customer data to export."))
    sections = customer_export(user)
    for app, export in app_exports():
        for name, value in export(user).items():
            if name in sections:
                raise RuntimeError(f"{app} exports a section named {name!r} twice")
            sections[name] = value
    return {
        "format": FORMAT,
        "version": VERSION,
        "generated_at": moment(now or timezone.now()),
        "customer": {"id": user.pk, "email": user.email, "full_name": user.full_name},
        "sections": sections,
        # Files the customer sent or received, in the download's ZIP.
        "attachments": [entry for entry, _ in (customer_files(user) if files is None else files)],
    }


def download(user, *, by, via: str) -> HttpResponse:
    """The document as a file to download, never cached, with the audit line saying
    who took whose data and how (`account`: the customer themselves; `admin`: staff).
    ExportError for a staff account."""
    now = timezone.now()
    files = customer_files(user) if not user.is_staff else []
    text = json.dumps(customer_document(user, now=now, files=files), ensure_ascii=False, indent=2)
    audit.info("data_export customer=%s by=%s via=%s", user.pk, by.pk, via)
    name = f"supportsite-export-{timezone.localdate(now):%Y-%m-%d}"
    if files:
        response = FileResponse(
            _zip(text, files), content_type="application/zip", as_attachment=True,
            filename=f"{name}.zip",
        )  # fmt: skip
    else:
        response = HttpResponse(text, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    add_never_cache_headers(response)
    return response


def _zip(document: str, files: list):
    """The document as `export.json` and each file at its entry's `path`, in a
    temporary file (kept in memory while small): images and PDFs are compressed
    already, so they are stored as they are."""
    archive = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("export.json", document, compress_type=zipfile.ZIP_DEFLATED)
        for entry, read in files:
            bundle.writestr(entry["path"], read(), compress_type=zipfile.ZIP_STORED)
    archive.seek(0)
    return archive
