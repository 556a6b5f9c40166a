"""The customer socket's batch (assistant.consumers.store_sent): the logins checked
together, then the messages of those still logged in posted together. A message whose
login ended is refused (LoggedOut) and nothing of it is stored; the others are."""

import datetime as dt
from dataclasses import dataclass
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from accounts.models import User
from assistant.consumers import Sent, store_sent
from core.websocket import LoggedOut, LoginProof, check_login
from tickets import services
from tickets.chat import CustomerPost, Posted
from tickets.models import Message, Ticket

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class Socket:
    """What a customer's chat socket holds: its user, session key and login proof."""

    user: User
    session_key: str
    proof: LoginProof | None

    def says(self, ticket, text, client_msg_id) -> Sent:
        post = CustomerPost(self.user, Ticket.objects.get(pk=ticket.pk), text, client_msg_id)
        return Sent(post, self.session_key, self.proof)


def socket_of(user) -> Socket:
    """A fresh logged-in session of `user` and the proof of its full login check."""
    client = Client()
    client.force_login(user)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    proof = check_login(session_key, user.pk)
    assert proof is not None
    return Socket(user, session_key, proof)


def seqs(ticket) -> list[int]:
    return list(Message.objects.filter(ticket=ticket).order_by("seq").values_list("seq", flat=True))


def log_out(socket):
    Session.objects.filter(session_key=socket.session_key).delete()


def change_password(socket):
    socket.user.set_password("a brand new passphrase")
    socket.user.save()


def deactivate(socket):
    User.objects.filter(pk=socket.user.pk).update(is_active=False)


def expire(socket):
    Session.objects.filter(session_key=socket.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )


@pytest.mark.parametrize("end_login", [log_out, change_password, deactivate, expire])
def test_a_message_whose_login_ended_is_refused_while_the_others_are_stored(
    customer, other_customer, end_login
):
    ann, bob = socket_of(customer), socket_of(other_customer)
    anns = services.ticket_open(customer=customer, subject="Help")
    bobs = services.ticket_open(customer=other_customer, subject="Help")
    sent = [ann.says(anns, "still me?", "a-1"), bob.says(bobs, "hi", "b-1")]
    end_login(ann)

    refused, (posted, proof) = store_sent(sent)

    assert isinstance(refused, LoggedOut)
    assert isinstance(posted, Posted)
    assert proof == bob.proof
    assert (seqs(anns), seqs(bobs)) == ([], [1])
    anns.refresh_from_db()
    assert anns.last_seq == 0


def test_a_changed_but_valid_session_is_stored_with_a_new_proof(customer):
    ann = socket_of(customer)
    ticket = services.ticket_open(customer=customer, subject="Help")
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key=ann.session_key)
    session["theme"] = "dark"
    session.save()
    now_stored = Session.objects.get(session_key=ann.session_key).session_data

    [(posted, proof)] = store_sent([ann.says(ticket, "hello", "m-1")])

    assert posted.created
    assert proof.session_data == now_stored != ann.proof.session_data
    assert seqs(ticket) == [1]


def test_an_unchanged_login_is_checked_without_the_full_check(customer, monkeypatch):
    ann = socket_of(customer)
    tickets = [services.ticket_open(customer=customer, subject=f"topic {n}") for n in range(20)]
    monkeypatch.setattr(
        "core.websocket.check_login",
        lambda *args: pytest.fail("the full login check ran for an unchanged login"),
    )

    results = store_sent([ann.says(t, "hi", f"m-{t.pk}") for t in tickets])

    assert all(posted.created and posted.message.seq == 1 for posted, _ in results)
    assert Message.objects.count() == 20


def test_a_socket_without_a_proof_gets_the_full_check(customer):
    ann = socket_of(customer)
    ann.proof = None
    ticket = services.ticket_open(customer=customer, subject="Help")

    [(posted, proof)] = store_sent([ann.says(ticket, "hello", "m-1")])

    assert posted.created
    assert proof is not None
