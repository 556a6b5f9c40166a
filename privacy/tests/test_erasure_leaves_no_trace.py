"""The centrepiece: a customer who used everything is erased, and afterwards no row of
any table and no file under the data folder holds their name, email or any text of
their conversations; what the law keeps (purchases, payments, refunds, credits) is
still there without their identity, and their Stripe customer is deleted at Stripe.
Committed for real (a transactional test), so the database file is what a server
would leave on disk."""

import os
import re

import pytest
from django.conf import settings
from django.core import mail

from accounts.models import Instalment, Purchase, Refund
from accounts.tests.factories import TEST_PASSWORD
from attachments.models import ATTACHMENT_STORAGE
from core.tasks import run_ready
from privacy.models import ErasureRequest
from privacy.services import customer_erase
from privacy.tests.footprint import EMAIL, customer_with_everything
from privacy.tests.scan import files_holding, rows_holding
from tickets.models import Ticket, TicketEvent
from vip.models import ServiceCredit, Subscription

pytestmark = pytest.mark.django_db(transaction=True)


def data_files_root():
    return settings.DATA_DIR


def other_runs_database(path: str) -> bool:
    """Another test run's SQLite file in the same folder: not this run's data."""
    match = re.search(r"test-(\d+)\.sqlite3", path)
    return bool(match) and int(match.group(1)) != os.getpid()


@pytest.fixture
def footprint(client, desk, agent, supervisor, superuser, plan, stripe_on):
    return customer_with_everything(
        client=client, agent=agent, supervisor=supervisor, superuser=superuser, plan=plan
    )


def test_before_the_erasure_the_scan_finds_the_person_everywhere(footprint):
    held = rows_holding(footprint.needles)

    tables = {line.split(".")[0] + "." + line.split(".")[1] for line in held}
    # The scan sees what it must: our tables, Django's, and the libraries'.
    for table in ["accounts.User", "attachments.Attachment", "tickets.Message", "tickets.Ticket",
                  "tickets.CSATRating",
                  "axes.AccessLog", "admin.LogEntry", "django_tasks_database.DBTaskResult",
                  "tickets.HistoricalCannedResponse", "vip.ComplimentaryGrant"]:  # fmt: skip
        assert table in tables, table


def test_after_the_erasure_no_row_and_no_file_holds_the_person(footprint, supervisor, stripe_on):
    customer = footprint.customer
    kept = {
        "purchases": Purchase.objects.filter(customer=customer).count(),
        "instalments": Instalment.objects.filter(purchase__customer=customer).count(),
        "refunds": Refund.objects.filter(purchase__customer=customer).count(),
        "credits": ServiceCredit.objects.filter(customer=customer).count(),
        "subscriptions": Subscription.objects.filter(customer=customer).count(),
    }

    mail.outbox.clear()
    customer_erase(customer=customer, by=supervisor)
    run_ready()  # the Stripe customer's deletion, queued by the erasure

    assert mail.outbox == []  # the reply and the password reset waiting for them: dropped
    assert rows_holding(footprint.needles) == []
    files = [line for line in files_holding(footprint.needles, data_files_root())
             if not other_runs_database(line)]  # fmt: skip
    assert files == []
    assert footprint.files
    assert not any(ATTACHMENT_STORAGE.exists(name) for name in footprint.files)
    # What the law keeps is still there, under the account's number alone.
    customer.refresh_from_db()
    assert (customer.email, customer.full_name) == (f"erased-{customer.pk}@erased.invalid", "")
    assert kept == {
        "purchases": Purchase.objects.filter(customer=customer).count(),
        "instalments": Instalment.objects.filter(purchase__customer=customer).count(),
        "refunds": Refund.objects.filter(purchase__customer=customer).count(),
        "credits": ServiceCredit.objects.filter(customer=customer).count(),
        "subscriptions": Subscription.objects.filter(customer=customer).count(),
    }
    assert (kept["credits"], kept["purchases"]) == (1, 1)
    # Stripe was told through the one seam, and its customer is gone.
    deleted = stripe_on.calls("DELETE", f"/v1/customers/{footprint.stripe_customer_id}")
    assert len(deleted) == 1
    assert footprint.stripe_customer_id in stripe_on.deleted_customers
    # The record says an erasure happened and who approved it; the timeline of each
    # conversation says its text was removed, never what it was.
    erasure = ErasureRequest.objects.get(customer=customer, status="done")
    assert erasure.decided_by == supervisor
    assert ErasureRequest.objects.filter(customer=customer).count() == 2  # and the declined one
    tickets = Ticket.objects.filter(customer=customer)
    marks = TicketEvent.objects.filter(ticket__in=tickets, kind="text_removed")
    assert (
        [mark.data for mark in marks]
        == [{"why": "erasure"}] * tickets.count()
        == [{"why": "erasure"}] * 3
    )


def test_an_erased_customer_is_logged_out_and_can_never_log_in_again(footprint, supervisor, client):
    assert client.get("/account/").status_code == 200  # logged in while building it

    customer_erase(customer=footprint.customer, by=supervisor)

    assert client.get("/account/").status_code == 302  # that session is gone
    erased = f"erased-{footprint.customer.pk}@erased.invalid"
    for email in [EMAIL, erased]:
        client.post("/login/", {"username": email, "password": TEST_PASSWORD})
        assert client.get("/account/").status_code == 302, email
