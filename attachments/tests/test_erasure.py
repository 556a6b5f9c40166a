"""The hooks erasure and retention call: rows and files go, others' stay."""

import pytest
from django.db import transaction

from attachments.erasure import erase_customer, forget_conversations
from attachments.models import Attachment
from attachments.services import attachment_upload
from attachments.tests import samples
from attachments.tests.helpers import sent_image

pytestmark = pytest.mark.django_db(transaction=True)


def files_in(folder) -> set:
    return {path.name for path in folder.rglob("*") if path.is_file()}


def test_erasing_a_customer_removes_their_files_and_thumbnails_on_commit(
    customer, other_customer, agent, attachment_folder
):
    sent = sent_image(customer)
    from_agent = sent_image(customer, uploader=agent)
    unsent = attachment_upload(uploader=customer, upload=samples.upload(samples.pdf(), "a.pdf"))
    kept = sent_image(other_customer)
    assert len(files_in(attachment_folder)) == 7
    with transaction.atomic():
        erase_customer(customer)
        assert len(files_in(attachment_folder)) == 7  # not before the commit
    assert set(Attachment.objects.values_list("pk", flat=True)) == {kept.pk}
    assert files_in(attachment_folder) == {kept.file.name.split("/")[-1],
                                           kept.thumbnail.name.split("/")[-1]}  # fmt: skip
    assert not {sent.pk, from_agent.pk, unsent.pk} & set(
        Attachment.objects.values_list("pk", flat=True)
    )


def test_a_rolled_back_erasure_keeps_the_files(customer, attachment_folder):
    sent_image(customer)

    def erase_then_fail():
        with transaction.atomic():
            erase_customer(customer)
            raise RuntimeError("the caller failed")

    with pytest.raises(RuntimeError):
        erase_then_fail()
    assert Attachment.objects.count() == 1
    assert len(files_in(attachment_folder)) == 2


def test_forgetting_conversations_removes_only_theirs(customer, attachment_folder):
    old, recent = sent_image(customer), sent_image(customer)
    forget_conversations([old.ticket_id])
    assert list(Attachment.objects.values_list("pk", flat=True)) == [recent.pk]
    assert files_in(attachment_folder) == {recent.file.name.split("/")[-1],
                                           recent.thumbnail.name.split("/")[-1]}  # fmt: skip


def test_the_monitor_removes_uploads_nobody_sent_after_a_day(customer, attachment_folder):
    import datetime as dt

    from django.utils import timezone

    from attachments.monitor import tick

    sent = sent_image(customer)
    unsent = attachment_upload(uploader=customer, upload=samples.upload(samples.pdf(), "a.pdf"))
    assert tick(now=timezone.now()) == 0  # not a day old yet
    assert tick(now=timezone.now() + dt.timedelta(days=1, minutes=1)) == 1
    assert list(Attachment.objects.values_list("pk", flat=True)) == [sent.pk]
    assert unsent.file.name.split("/")[-1] not in files_in(attachment_folder)
