"""core.erasure: what a person wrote, looked for where copies are kept beside the
apps' tables — in any case, escaped or not in JSON, never a few letters of someone
else's words, never a task a worker is running."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from assistant.models import Article
from core.erasure import REMOVED, forget_texts
from core.mail import email_send_later

pytestmark = pytest.mark.django_db


def test_history_rows_lose_the_text_in_text_and_json_columns_in_any_case(superuser):
    article = Article(title="Delivery to Åsa Berg", body="Ask ÅSA BERG.", topics=["Åsa Berg"])
    article.save()

    forget_texts(["åsa berg"])

    old = article.history.get()
    assert (old.title, old.body, old.topics) == (
        f"Delivery to {REMOVED}", f"Ask {REMOVED}.", [REMOVED])  # fmt: skip


def test_the_admin_log_loses_the_text(superuser, customer):
    LogEntry.objects.log_actions(
        user_id=superuser.pk, queryset=[customer], action_flag=CHANGE,
        change_message="Ann Customer asked by phone",
    )  # fmt: skip

    forget_texts(["ann@example.com", "Ann Customer"])

    entry = LogEntry.objects.get()
    assert (entry.object_repr, entry.change_message) == (REMOVED, f"{REMOVED} asked by phone")


def test_tasks_that_mention_a_text_are_dropped_but_not_one_running_nor_others():
    email_send_later(subject="Your parcel", body="Hi Ann", to=["ann@example.com"])
    email_send_later(subject="Your parcel", body="Hi Bob", to=["bob@example.com"])
    email_send_later(subject="Sending now", body="Hi Ann", to=["ann@example.com"])
    DBTaskResult.objects.filter(args_kwargs__kwargs__subject="Sending now").update(
        status=TaskResultStatus.RUNNING
    )

    forget_texts(["ANN@example.com"])

    left = DBTaskResult.objects.values_list("args_kwargs__kwargs__body", flat=True)
    assert sorted(left) == ["Hi Ann", "Hi Bob"]  # the running one, and Bob's


def test_short_texts_are_not_looked_for():
    email_send_later(subject="ok", body="ok thanks", to=["someone@example.com"])

    forget_texts(["ok", "  ", ""])

    assert DBTaskResult.objects.count() == 1


def test_a_customer_who_wrote_a_great_deal_is_searched_for_in_pieces(superuser, customer):
    """Thousands of texts (every message of years of chats): SQLite would refuse one
    query naming them all."""
    LogEntry.objects.log_actions(
        user_id=superuser.pk, queryset=[customer], action_flag=CHANGE,
        change_message="message number 2999 of many",
    )  # fmt: skip

    forget_texts([f"message number {n} of many" for n in range(3000)])

    assert LogEntry.objects.get().change_message == REMOVED
