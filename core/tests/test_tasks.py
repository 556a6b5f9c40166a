"""Background tasks (core.tasks, core.mail, core.admin): stored with the transaction that
asks for them, run once, retried with doubling delays until their attempts are spent,
put back when their worker dies, retried by staff; emails keep one Message-ID across
tries and Stripe credits one idempotency key. Time is passed by editing rows'
run_after and started_at, never by sleeping."""

import datetime as dt
import os
import sys
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.mail.utils import DNS_NAME
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus as Status
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client.parser import text_string_to_metric_families

from accounts.tests.factories import UserFactory
from assistant.consumers import ask_for_a_person
from core import tasks
from core.mail import email_send_later, send_email
from core.tasks import Retries, reclaim_stalled, retry_now, run_ready
from core.tests import task_samples as samples
from tickets.sla import monitor_pass
from tickets.tests.concurrency import run_together
from vip import monitor
from vip.models import ServiceCredit, VipEvent
from vip.services import STRIPE_RETRIES, credit_apply, credit_retry
from vip.tests import conftest as vip_fixtures

pytestmark = pytest.mark.django_db

# The VIP app's fixtures (a plan; Stripe on, against a local fake of its API).
plan = vip_fixtures.plan
fake_stripe = vip_fixtures.fake_stripe
stripe_on = vip_fixtures.stripe_on

on_postgresql = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="PostgreSQL only (workers claim with SELECT ... FOR UPDATE SKIP LOCKED, and a "
    "thread reads while another holds a transaction open); the PostgreSQL pass runs it",
)
CHANGELIST = "admin:django_tasks_database_dbtaskresult_changelist"


@pytest.fixture(autouse=True)
def fresh_samples():
    samples.RAN.clear()
    samples.BROKEN.clear()
    samples.FlakyEmailBackend.failures = 0
    samples.FlakyEmailBackend.attempted = []
    yield
    samples.RAN.clear()
    samples.BROKEN.clear()


def row_of(result) -> DBTaskResult:
    return DBTaskResult.objects.get(pk=result.id)


def make_due(result) -> None:
    """Pass the time: the row's next try is due now."""
    DBTaskResult.objects.filter(pk=result.id).update(run_after=timezone.now())


def tasks_failed(client) -> float:
    """supportsite_tasks_failed_total as /metrics says it (summed over processes)."""
    response = client.get("/metrics")
    assert response.status_code == 200
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            if sample.name == "supportsite_tasks_failed_total":
                return sample.value
    raise AssertionError("supportsite_tasks_failed_total is not exported")


def set_running(result, *, started_ago: dt.timedelta, worker_ids: list[str]) -> None:
    """The row as a worker that claimed it `started_ago` and died would leave it."""
    DBTaskResult.objects.filter(pk=result.id).update(
        status=Status.RUNNING, started_at=timezone.now() - started_ago, worker_ids=worker_ids
    )


# --- Stored with the transaction; run once ---------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_task_asked_for_in_a_transaction_that_rolls_back_never_exists():
    def change_then_undone():
        with transaction.atomic():
            samples.record.enqueue(n=1)
            email_send_later(subject="Hello", body="Body", to=["ann@example.com"])
            assert DBTaskResult.objects.count() == 2
            raise RuntimeError("the change that asked for them is undone")

    with pytest.raises(RuntimeError, match="undone"):
        change_then_undone()

    assert not DBTaskResult.objects.exists()
    assert run_ready() == 0
    assert samples.RAN == []
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_task_committed_runs_once():
    with transaction.atomic():
        result = samples.record.enqueue(n=7)

    assert run_ready() == 1
    assert run_ready() == 0

    assert samples.RAN == [7]
    row = row_of(result)
    assert (row.status, row.return_value, row.worker_ids) == (Status.SUCCESSFUL, 7, ["inline"])
    assert row.finished_at is not None


def test_a_task_not_yet_due_is_not_run():
    result = samples.record.using(run_after=timezone.now() + dt.timedelta(hours=1)).enqueue(n=1)

    assert run_ready() == 0
    assert row_of(result).status == Status.READY

    make_due(result)
    assert run_ready() == 1
    assert samples.RAN == [1]


def test_run_ready_runs_at_most_max_tasks():
    for n in range(3):
        samples.record.enqueue(n=n)

    assert run_ready(max_tasks=2) == 2
    assert run_ready() == 1
    assert sorted(samples.RAN) == [0, 1, 2]


# --- Retries with backoff ------------------------------------------------------------------


def test_the_delay_doubles_from_the_first_up_to_the_longest():
    retries = Retries(attempts=9, first_delay=dt.timedelta(minutes=1),
                      max_delay=dt.timedelta(minutes=5))  # fmt: skip

    delays = [retries.delay_after(attempt) for attempt in range(1, 6)]

    assert delays == [dt.timedelta(minutes=m) for m in (1, 2, 4, 5, 5)]


def test_a_failing_task_is_retried_after_its_delay_doubling_then_left_failed_and_counted(client):
    failed_before = tasks_failed(client)
    result = samples.always_fails.enqueue(n=1)

    for attempt, delay in ((1, samples.FIRST_DELAY), (2, 2 * samples.FIRST_DELAY)):
        before = timezone.now()
        assert run_ready() == 1
        after = timezone.now()
        row = row_of(result)
        assert row.status == Status.READY, f"attempt {attempt}"
        assert len(row.worker_ids) == attempt
        assert before + delay <= row.run_after <= after + delay, f"attempt {attempt}"
        assert row.finished_at is None
        # The last error stays on the row while it waits (the admin shows it).
        assert row.exception_class_path == "core.tests.task_samples.SampleFailure"
        assert run_ready() == 0, "a retry not yet due is not run"
        make_due(result)

    assert run_ready() == 1

    row = row_of(result)
    assert row.status == Status.FAILED
    assert len(row.worker_ids) == 3
    assert row.finished_at is not None
    assert row.exception_class_path == "core.tests.task_samples.SampleFailure"
    assert "Traceback (most recent call last)" in row.traceback
    assert "SampleFailure: sample failure 1" in row.traceback
    assert samples.RAN == [1, 1, 1]
    assert tasks_failed(client) == failed_before + 1
    make_due(result)  # however long one waits, a task failed for good is not run again
    assert run_ready() == 0
    assert tasks_failed(client) == failed_before + 1


def test_a_task_without_retries_of_its_own_gets_the_default():
    assert tasks.retries_of(samples.record.module_path) == tasks.DEFAULT_RETRIES
    assert tasks.retries_of(samples.always_fails.module_path) == samples.THREE_TRIES
    assert tasks.retries_of(credit_apply.module_path) == STRIPE_RETRIES


# --- A worker that died mid-task -----------------------------------------------------------


def test_a_task_running_longer_than_the_limit_is_put_back_and_run(settings):
    settings.TASK_STALLED_AFTER_SECONDS = 60
    result = samples.record.enqueue(n=5)
    set_running(result, started_ago=dt.timedelta(seconds=61), worker_ids=["lost"])

    assert reclaim_stalled(now=timezone.now()) == 1
    assert row_of(result).status == Status.READY
    assert reclaim_stalled(now=timezone.now()) == 0

    assert run_ready() == 1
    row = row_of(result)
    assert (row.status, row.worker_ids) == (Status.SUCCESSFUL, ["lost", "inline"])
    assert samples.RAN == [5]


def test_a_task_running_within_the_limit_is_left_alone(settings):
    settings.TASK_STALLED_AFTER_SECONDS = 60
    result = samples.record.enqueue(n=5)
    set_running(result, started_ago=dt.timedelta(seconds=50), worker_ids=["busy"])

    assert reclaim_stalled(now=timezone.now()) == 0
    assert run_ready() == 0

    row = row_of(result)
    assert (row.status, row.worker_ids) == (Status.RUNNING, ["busy"])
    assert samples.RAN == []


def test_a_stalled_task_with_its_attempts_spent_fails_as_worker_lost(settings, client):
    settings.TASK_STALLED_AFTER_SECONDS = 60
    failed_before = tasks_failed(client)
    result = samples.always_fails.enqueue(n=1)  # three attempts
    set_running(result, started_ago=dt.timedelta(minutes=5), worker_ids=["a", "b", "c"])

    assert reclaim_stalled(now=timezone.now()) == 0

    row = row_of(result)
    assert row.status == Status.FAILED
    assert row.exception_class_path == "core.tasks.WorkerLost"
    assert "The worker running it stopped" in row.traceback
    assert row.finished_at is not None
    assert tasks_failed(client) == failed_before + 1
    assert run_ready() == 0
    assert samples.RAN == []


def test_a_worker_that_never_ran_the_task_still_knows_its_retries(settings, monkeypatch):
    """A fresh worker process puts back a task whose module it has not imported yet:
    the task's own Retries count, not the default's eight attempts."""
    settings.TASK_STALLED_AFTER_SECONDS = 60
    result = samples.tried_once.enqueue(n=1)  # one attempt: never run twice
    set_running(result, started_ago=dt.timedelta(minutes=5), worker_ids=["lost"])
    # As in a process that has not imported the task's module yet:
    monkeypatch.delitem(tasks._retries, samples.tried_once.module_path)
    monkeypatch.delitem(sys.modules, samples.__name__)
    # (importing it again rebinds core.tests.task_samples: bound back at the end)
    monkeypatch.setattr(sys.modules["core.tests"], "task_samples", samples)

    assert reclaim_stalled(now=timezone.now()) == 0

    row = row_of(result)
    assert (row.status, row.exception_class_path) == (Status.FAILED, "core.tasks.WorkerLost")
    assert run_ready() == 0


# --- Staff retry failed tasks ------------------------------------------------------------------


def failed_for_good(n: int):
    """A task that failed with its (one) attempt spent."""
    samples.BROKEN.set()
    result = samples.until_fixed.enqueue(n=n)
    assert run_ready() == 1
    samples.BROKEN.clear()
    assert row_of(result).status == Status.FAILED
    return result


def test_retry_now_makes_only_failed_tasks_ready_at_once():
    failed = failed_for_good(1)
    done = samples.record.enqueue(n=2)
    run_ready()
    waiting = samples.record.using(run_after=timezone.now() + dt.timedelta(hours=1)).enqueue(n=3)
    samples.RAN.clear()

    assert retry_now(DBTaskResult.objects.all()) == 1

    assert row_of(failed).status == Status.READY
    assert row_of(failed).finished_at is None
    assert row_of(done).status == Status.SUCCESSFUL
    assert row_of(waiting).status == Status.READY
    assert row_of(waiting).run_after > timezone.now()
    assert run_ready() == 1
    assert samples.RAN == [1]
    assert row_of(failed).status == Status.SUCCESSFUL


def test_a_task_retried_by_staff_that_fails_again_is_failed_at_once_and_counted(client):
    failed = failed_for_good(1)
    failed_before = tasks_failed(client)
    samples.BROKEN.set()

    retry_now(DBTaskResult.objects.filter(pk=failed.id))
    assert run_ready() == 1

    row = row_of(failed)
    assert (row.status, len(row.worker_ids)) == (Status.FAILED, 2)
    assert tasks_failed(client) == failed_before + 1


def action_choices(response) -> set[str]:
    """The admin actions the page offers (none: no action form at all)."""
    form = response.context["action_form"]
    return {name for name, _ in form.fields["action"].choices} if form else set()


def test_supervisors_may_view_and_retry_tasks_and_agents_may_not(supervisor, agent):
    label = DBTaskResult._meta.app_label  # django_tasks_database, not the module's name

    assert supervisor.has_perm(f"{label}.view_dbtaskresult")
    assert supervisor.has_perm(f"{label}.change_dbtaskresult")
    assert not agent.has_perm(f"{label}.view_dbtaskresult")
    assert not agent.has_perm(f"{label}.change_dbtaskresult")


def test_a_supervisor_lists_failed_tasks_and_retries_them_from_the_admin(client, supervisor):
    failed = failed_for_good(1)
    done = samples.record.enqueue(n=2)
    run_ready()
    waiting = samples.record.using(run_after=timezone.now() + dt.timedelta(hours=1)).enqueue(n=3)
    done_before, waiting_before = row_of(done), row_of(waiting)
    samples.RAN.clear()
    client.force_login(supervisor)

    listing = client.get(reverse(CHANGELIST), {"status__exact": Status.FAILED})

    assert listing.status_code == 200
    assert [str(row.pk) for row in listing.context["cl"].result_list] == [failed.id]
    page = listing.content.decode()
    assert "until_fixed" in page
    assert "SampleFailure" in page  # the last error
    assert "retry" in action_choices(listing)

    response = client.post(
        reverse(CHANGELIST),
        {"action": "retry", "_selected_action": [failed.id, done.id, waiting.id]},
        follow=True,
    )

    assert response.status_code == 200
    [message] = [str(m) for m in response.context["messages"]]
    assert message == (
        "1 failed task will run again within seconds. 2 not failed, left as they were."
    )
    row = row_of(failed)
    assert (row.status, row.run_after) == (Status.READY, get_date_max())
    for before in (done_before, waiting_before):
        after = DBTaskResult.objects.get(pk=before.pk)
        assert (after.status, after.run_after, after.finished_at, after.worker_ids) == (
            before.status, before.run_after, before.finished_at, before.worker_ids,
        )  # fmt: skip

    assert run_ready() == 1
    assert samples.RAN == [1]
    assert row_of(failed).status == Status.SUCCESSFUL


def test_an_agent_sees_no_tasks_and_cannot_retry(client, agent):
    failed = failed_for_good(1)
    client.force_login(agent)

    listing = client.get(reverse(CHANGELIST))
    action = client.post(reverse(CHANGELIST), {"action": "retry", "_selected_action": [failed.id]})

    assert listing.status_code == 403
    assert action.status_code == 403
    assert row_of(failed).status == Status.FAILED


def test_staff_who_may_only_view_tasks_get_no_retry_action(client):
    from django.contrib.auth.models import Permission

    viewer = UserFactory(email="viewer@example.com", is_staff=True)
    view = Permission.objects.get(
        content_type__app_label="django_tasks_database", codename="view_dbtaskresult"
    )
    viewer.user_permissions.add(view)
    failed = failed_for_good(1)
    client.force_login(viewer)

    listing = client.get(reverse(CHANGELIST))
    client.post(reverse(CHANGELIST), {"action": "retry", "_selected_action": [failed.id]})

    assert listing.status_code == 200
    assert "retry" not in action_choices(listing)
    assert row_of(failed).status == Status.FAILED


# --- Emails (core.mail) -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_an_email_is_sent_by_a_worker_after_the_commit_with_a_message_id_from_its_task():
    with transaction.atomic():
        email_send_later(subject="Your  request\nis answered", body="Hello", to=["ann@example.com"])
        assert mail.outbox == []
    assert mail.outbox == []  # committed: stored, not sent

    assert run_ready() == 1

    [email] = mail.outbox
    row = DBTaskResult.objects.get()
    assert row.task_path == send_email.module_path
    assert (email.subject, email.body, email.to) == ("Your request is answered", "Hello",
                                                      ["ann@example.com"])  # fmt: skip
    assert email.message()["Message-ID"] == f"<{row.id}@{DNS_NAME}>"
    assert run_ready() == 0
    assert len(mail.outbox) == 1


def test_an_email_without_recipients_is_not_stored():
    email_send_later(subject="Hello", body="Body", to=["", ""])

    assert not DBTaskResult.objects.exists()


def test_a_mail_server_failure_is_retried_and_the_email_sent_once_with_the_same_message_id(
    settings,
):
    settings.EMAIL_BACKEND = "core.tests.task_samples.FlakyEmailBackend"
    samples.FlakyEmailBackend.failures = 1
    email_send_later(subject="Hello", body="Body", to=["ann@example.com"])
    row = DBTaskResult.objects.get()

    assert run_ready() == 1
    failed_try = DBTaskResult.objects.get()
    assert failed_try.status == Status.READY
    assert failed_try.run_after > timezone.now()
    assert failed_try.exception_class_path == "smtplib.SMTPServerDisconnected"
    assert mail.outbox == []
    assert run_ready() == 0

    make_due(row)
    assert run_ready() == 1

    [email] = mail.outbox
    first, second = samples.FlakyEmailBackend.attempted
    message_id = f"<{row.id}@{DNS_NAME}>"
    assert first.message()["Message-ID"] == second.message()["Message-ID"] == message_id
    assert email.message()["Message-ID"] == message_id
    sent = DBTaskResult.objects.get()
    assert (sent.status, len(sent.worker_ids)) == (Status.SUCCESSFUL, 2)


# --- Stripe credits (vip.services.credit_apply) ------------------------------------------------


@pytest.fixture
def billed_vip(plan, customer, stripe_on):
    vip_fixtures.subscribe(customer, plan, stripe_id="cus_test_ann")
    customer.refresh_from_db()
    return customer


def missed_promise(customer) -> ServiceCredit:
    """A VIP's first response missed: the monitor records a credit and stores its task."""
    ticket = ask_for_a_person(customer, None)
    now = ticket.first_response_due_at + dt.timedelta(minutes=1)
    monitor_pass(now=now)
    monitor.tick(now=now)
    return ServiceCredit.objects.get()


def credit_tasks() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=credit_apply.module_path))


def balance_calls(stripe):
    return stripe.calls("POST", "/v1/customers/cus_test_ann/balance_transactions")


def test_stripe_failing_leaves_the_credit_failed_and_its_task_waiting_then_applies_it_once(
    billed_vip, stripe_on
):
    credit = missed_promise(billed_vip)
    [task] = credit_tasks()
    stripe_on.fail_next = 1

    before = timezone.now()
    run_ready()

    credit.refresh_from_db()
    assert (credit.status, credit.note) == (ServiceCredit.Status.FAILED,
                                            "Stripe unreachable; will retry")  # fmt: skip
    task.refresh_from_db()
    assert task.status == Status.READY
    assert task.run_after >= before + STRIPE_RETRIES.first_delay
    assert run_ready() == 0

    make_due(task)
    assert run_ready() == 1

    credit.refresh_from_db()
    task.refresh_from_db()
    assert credit.status == ServiceCredit.Status.APPLIED
    assert credit.attempts == 2
    assert (task.status, task.return_value) == (Status.SUCCESSFUL, "applied")
    calls = balance_calls(stripe_on)
    assert len(calls) == 2
    assert {call.idempotency_key for call in calls} == {
        f"supportsite-credit-{credit.pk}-cus_test_ann"
    }
    assert VipEvent.objects.filter(kind=VipEvent.Kind.CREDIT_APPLIED).count() == 1


def test_two_tasks_for_one_credit_credit_it_once(billed_vip, stripe_on, supervisor):
    credit = missed_promise(billed_vip)

    credit_retry(credit=credit, actor=supervisor)  # while its first task waits
    assert len(credit_tasks()) == 2
    run_ready()

    credit.refresh_from_db()
    assert credit.status == ServiceCredit.Status.APPLIED
    assert [task.status for task in credit_tasks()] == [Status.SUCCESSFUL] * 2
    assert len(balance_calls(stripe_on)) == 1
    assert VipEvent.objects.filter(kind=VipEvent.Kind.CREDIT_APPLIED).count() == 1


def test_a_credit_retried_by_staff_after_a_failure_is_applied_once(
    billed_vip, stripe_on, supervisor
):
    credit = missed_promise(billed_vip)
    [first] = credit_tasks()
    stripe_on.fail_next = 1
    run_ready()  # fails; its retry waits a minute

    credit_retry(credit=ServiceCredit.objects.get(), actor=supervisor)
    assert run_ready() == 1  # the staff's task, at once
    make_due(first)
    assert run_ready() == 1  # the first one's retry: nothing left to do

    credit.refresh_from_db()
    assert credit.status == ServiceCredit.Status.APPLIED
    assert len({call.idempotency_key for call in balance_calls(stripe_on)}) == 1
    assert [task.status for task in credit_tasks()] == [Status.SUCCESSFUL] * 2
    assert VipEvent.objects.filter(kind=VipEvent.Kind.CREDIT_APPLIED).count() == 1


# --- Several workers at once (PostgreSQL) ------------------------------------------------------


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_workers_draining_fifty_tasks_run_each_exactly_once():
    results = [samples.record.enqueue(n=n) for n in range(50)]

    ran = run_together([
        lambda: run_ready(worker_id="worker-a", max_tasks=100),
        lambda: run_ready(worker_id="worker-b", max_tasks=100),
    ])  # fmt: skip

    assert all(isinstance(count, int) for count in ran), ran
    assert sum(ran) == 50
    assert sorted(samples.RAN) == list(range(50))
    rows = DBTaskResult.objects.filter(pk__in=[result.id for result in results])
    assert {row.status for row in rows} == {Status.SUCCESSFUL}
    assert all(len(row.worker_ids) == 1 for row in rows)
    assert {row.worker_ids[0] for row in rows} <= {"worker-a", "worker-b"}


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_worker_does_not_see_a_task_before_its_transaction_commits():
    seen = SimpleNamespace(before=None)
    with transaction.atomic():
        samples.record.enqueue(n=1)
        [seen.before] = run_together([run_ready])

    assert seen.before == 0
    assert samples.RAN == []
    assert run_ready() == 1
    assert samples.RAN == [1]
    assert connection.vendor == "postgresql"
