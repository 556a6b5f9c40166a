"""Every message gets the ticket's next seq: increasing and gap-free under
concurrency, and a resend with the same client id is stored once."""

import pytest

from tickets import services
from tickets.models import Message
from tickets.tests.concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def post(ticket, body, client_msg_id=None):
    def call():
        message, created = services.message_post(
            ticket=ticket.pk,
            author_kind=Message.Author.CUSTOMER,
            author=ticket.customer,
            body=body,
            client_msg_id=client_msg_id,
        )
        return message.seq, created

    return call


def test_concurrent_writers_get_gap_free_increasing_seqs(customer):
    ticket = services.ticket_open(customer=customer, subject="Busy")
    writers = 8
    per_writer = 10

    def writer(n):
        return lambda: [post(ticket, f"w{n} m{i}")()[0] for i in range(per_writer)]

    results = run_together([writer(n) for n in range(writers)])

    assert not [r for r in results if isinstance(r, Exception)], results
    for seqs in results:
        assert seqs == sorted(seqs)  # each writer sees its own messages in order
    stored = list(Message.objects.filter(ticket=ticket).values_list("seq", flat=True))
    assert stored == list(range(1, writers * per_writer + 1))
    ticket.refresh_from_db()
    assert ticket.last_seq == writers * per_writer


def test_concurrent_resends_of_one_message_are_stored_once(customer):
    ticket = services.ticket_open(customer=customer, subject="Flaky network")

    results = run_together([post(ticket, "Hello?", client_msg_id="abc-1") for _ in range(6)])

    assert not [r for r in results if isinstance(r, Exception)], results
    assert {seq for seq, _ in results} == {1}
    assert sum(created for _, created in results) == 1
    assert Message.objects.filter(ticket=ticket).count() == 1


def test_the_same_client_id_on_another_ticket_is_a_different_message(customer):
    first = services.ticket_open(customer=customer, subject="One")
    second = services.ticket_open(customer=customer, subject="Two")

    post(first, "Hi", client_msg_id="same")()
    post(second, "Hi", client_msg_id="same")()

    assert Message.objects.filter(client_msg_id="same").count() == 2
