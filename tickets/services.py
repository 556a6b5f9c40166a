"""Every write to a ticket goes through a function here, in tickets.staff (what staff
do besides talking: assign, change, merge...) or in tickets.chat (the chat's own
operations, built from the rules here): views, the admin, the API, the chat and the
assistant call these, and nothing else saves a Ticket.

Each function checks, then writes inside one transaction, then schedules its side
effects (broadcasts, emails) for after the commit.
"""

import copy
import datetime as dt
import logging
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import metrics
from core.db import insert_statement, run_together, took_ids
from core.i18n import interpolate_lazy
from tickets import notify, rows, sla
from tickets.errors import (
    AlreadyRated,
    ClaimConflict,
    InvalidTransition,
    NotAllowed,
    OwnedByColleague,
    TicketClosed,
)
from tickets.models import (
    AgentStatus,
    CSATRating,
    Ending,
    HandOffCode,
    Message,
    Priority,
    Queue,
    Tag,
    Ticket,
    TicketEvent,
    Tier,
)
from tickets.routing import least_loaded_agent, queue_for_topic
from tickets.rules import Decision, Signals, active_rules, decide

logger = logging.getLogger(__name__)

Status = Ticket.Status
HandledBy = Ticket.HandledBy
Author = Message.Author
Kind = TicketEvent.Kind

MAX_BODY_CHARS = 4000
REOPEN_WITHIN_DAYS = 7
CUSTOMER_AWAY_AFTER = dt.timedelta(minutes=2)


def _event(ticket, kind, *, actor=None, now=None, **data) -> TicketEvent:
    return TicketEvent.objects.create(
        ticket=ticket, kind=kind, actor=actor, data=data, created_at=now or timezone.now()
    )


def _locked(ticket_or_id, **scope) -> Ticket:
    """The ticket's row, locked until the transaction ends (call inside atomic).
    `scope` narrows the lookup (customer_id=...): a row outside it is not locked and
    raises Ticket.DoesNotExist like a missing one."""
    ticket_id = getattr(ticket_or_id, "pk", ticket_or_id)
    return (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("sla_policy")
        .get(pk=ticket_id, **scope)
    )


def _announce(ticket: Ticket) -> None:
    notify.broadcast_on_commit([(notify.ticket_group(ticket.pk), notify.ticket_event(ticket))])


def _require_staff(user) -> None:
    if not (user and user.is_active and user.is_staff):
        raise NotAllowed(gettext("Only staff can do that."))


# --- Opening and messages -------------------------------------------------------------


def ticket_open(
    *, customer, subject: str, tier: str | None = None, handled_by: str = HandledBy.AI
) -> Ticket:
    """Open a conversation; its tier is the customer's tier now unless given."""
    with transaction.atomic():
        return _open(customer=customer, subject=subject, tier=tier, handled_by=handled_by)


def _open(
    *, customer, subject: str, tier: str | None = None, handled_by=HandledBy.AI, opened_by=None
) -> Ticket:
    """ticket_open's work, inside the caller's transaction. `opened_by`: the staff
    member who opened it for the customer."""
    now = timezone.now()
    if tier is None:
        tier = Tier.VIP if customer.is_vip_at(now) else Tier.STANDARD
    ticket = Ticket.objects.create(
        customer=customer,
        subject=(subject.strip() or "Conversation")[:200],
        tier=tier,
        handled_by=handled_by,
        created_at=now,
        updated_at=now,
    )
    _event(ticket, Kind.CREATED, actor=opened_by or customer, now=now, tier=tier)
    return ticket


# What message_post (and the SLA clock a customer message starts) may change.
FIELDS_A_MESSAGE_CHANGES = [
    "last_seq", "last_message_at", "updated_at", "ai_turns", "last_customer_message_at",
    "customer_last_seen_at", "status", "solved_at", "next_response_due_at", "sla_due_at",
    "sla_next_check_at",
]  # fmt: skip


def clean_body(body: str | None) -> str:
    body = (body or "").strip()
    if not body:
        raise InvalidTransition(gettext("A message cannot be empty."))
    if len(body) > MAX_BODY_CHARS:
        raise InvalidTransition(
            gettext("A message can be at most %(count)s characters.") % {"count": MAX_BODY_CHARS}
        )
    return body


def message_post(
    *,
    ticket: Ticket | int,
    author_kind: str,
    body: str,
    author=None,
    client_msg_id: str | None = None,
    is_internal: bool = False,
    metadata: dict | None = None,
    origin: str | None = None,
    solved_is_over: bool = False,
) -> tuple[Message, bool]:
    """Store one message with the ticket's next `seq`; return (message, created).

    A customer message carrying a `client_msg_id` already stored on this ticket is
    a resend: the stored message comes back with created=False and nothing changes.
    `seq` is assigned under the ticket's row lock, so it is gap-free and increasing
    even with many writers. `origin` names the socket that sent it, which gets an
    ack rather than the broadcast. A customer's message reopens a solved ticket, or,
    `solved_is_over` (the chat: a message after the end starts a new conversation),
    is refused as on a closed one. (The chat posts customers' messages many at a time
    through tickets.chat.messages_post, with these same rules.)"""
    body = clean_body(body)
    with transaction.atomic():
        locked = _locked(ticket)
        posted = _post(
            locked, author_kind=author_kind, body=body, author=author,
            client_msg_id=client_msg_id, is_internal=is_internal, metadata=metadata,
            origin=origin, solved_is_over=solved_is_over,
        )  # fmt: skip
    _copy_state(locked, ticket)
    return posted


def _post(
    locked: Ticket, *, author_kind, body, author=None, client_msg_id=None, is_internal=False,
    metadata=None, origin=None, solved_is_over=False,
) -> tuple[Message, bool]:  # fmt: skip
    """message_post's work, on a ticket the caller's transaction has locked and a
    body it has cleaned."""
    if client_msg_id:
        existing = Message.objects.filter(ticket=locked, client_msg_id=client_msg_id).first()
        if existing:
            return existing, False
    over = {Status.CLOSED, Status.SOLVED} if solved_is_over else {Status.CLOSED}
    if author_kind == Author.CUSTOMER and locked.status in over:
        raise TicketClosed(gettext("This conversation is closed. Please start a new one."))
    change = add_message(
        locked, author_kind=author_kind, body=body, author=author,
        client_msg_id=client_msg_id, is_internal=is_internal, metadata=metadata,
        now=timezone.now(),
    )  # fmt: skip
    locked.save(update_fields=FIELDS_A_MESSAGE_CHANGES)
    store_rows([change])
    broadcast_messages([(change.message, origin)])
    return change.message, True


@dataclass
class Change:
    """What a rule decided for a ticket, applied to the ticket in memory: the rows
    still to store (the ticket's own changes are on the ticket)."""

    message: Message | None = None
    events: list[TicketEvent] = field(default_factory=list)


def add_message(
    ticket: Ticket, *, author_kind, body, now, author=None, client_msg_id=None,
    is_internal=False, metadata=None,
) -> Change:  # fmt: skip
    """The rules of a new message, applied to `ticket` in memory: the next seq, the
    times, a customer's effect on status and SLA clocks, the assistant's turn count.
    The message and its events are returned unsaved; the caller stores them with the
    ticket's FIELDS_A_MESSAGE_CHANGES."""
    ticket.last_seq += 1
    message = Message(
        ticket=ticket, seq=ticket.last_seq, author_kind=author_kind, author=author, body=body,
        is_internal=is_internal, client_msg_id=client_msg_id or None, metadata=metadata or {},
        created_at=now,
    )  # fmt: skip
    ticket.last_message_at = ticket.updated_at = now
    change = Change(message)
    if author_kind == Author.CUSTOMER:
        change.events = _customer_wrote(ticket, now=now)
    elif author_kind == Author.ASSISTANT:
        ticket.ai_turns += 1
    return change


def _customer_wrote(ticket: Ticket, *, now) -> list[TicketEvent]:
    ticket.last_customer_message_at = ticket.customer_last_seen_at = now
    events = []
    if ticket.status in (Status.SOLVED, Status.PENDING):
        # "from" tells a reopening (from solved) from an answer to a question (pending).
        previous, ticket.status, ticket.solved_at = ticket.status, Status.OPEN, None
        events.append(TicketEvent(
            ticket=ticket, kind=Kind.STATUS_CHANGED, actor_id=ticket.customer_id,
            data={"from": previous, "to": Status.OPEN}, created_at=now,
        ))  # fmt: skip
    if ticket.handled_by != HandledBy.AI:
        sla.sla_customer_wrote(ticket, now=now)
    return events


def store_rows(changes: list[Change]) -> None:
    """The messages and events of `changes`, stored (their tickets already written)."""
    messages, events = _rows_of(changes)
    new_messages, new_events = run_together(insert_statement(messages), insert_statement(events))
    took_ids(messages, new_messages)
    took_ids(events, new_events)


class RowMovedOn(Exception):
    """Held copies of these tickets were out of date: their rows were written since."""

    def __init__(self, ticket_ids: set[int]):
        super().__init__(f"tickets written since: {sorted(ticket_ids)}")
        self.ticket_ids = ticket_ids


def write_changes(tickets: list[Ticket], fields, changes: list[Change]) -> None:
    """The held copies `tickets` written (their `fields`, under the version guard) with
    the rows of `changes`, all sent together: one round trip on PostgreSQL. In the
    caller's transaction, which must not be kept if this raises RowMovedOn: a row moved
    on, and the rows stored with it would be wrong."""
    messages, events = _rows_of(changes)
    written, new_messages, new_events = run_together(
        rows.guarded_update(tickets, fields), insert_statement(messages), insert_statement(events)
    )
    moved_on = {ticket.pk for ticket in tickets} - rows.written_ids(written)
    if moved_on:
        raise RowMovedOn(moved_on)
    rows.mark_written(tickets, written)
    took_ids(messages, new_messages)
    took_ids(events, new_events)


def _rows_of(changes: list[Change]) -> tuple[list[Message], list[TicketEvent]]:
    return (
        [change.message for change in changes if change.message is not None],
        [event for change in changes for event in change.events],
    )


def broadcast_messages(messages: list[tuple[Message, str | None]]) -> None:
    """Each (message, the socket that sent it) to its ticket's group, after the commit."""
    notify.broadcast_on_commit([
        (notify.ticket_group(message.ticket_id), notify.message_event(message, origin=origin))
        for message, origin in messages
    ])  # fmt: skip


def save_if_unchanged(ticket: Ticket, fields) -> bool:
    """Write `fields` of `ticket`, a copy read earlier and changed in memory, if the
    row is still at the copy's version (nobody wrote it since): the guard that lets a
    rule decide on a copy without locking the row. False, and nothing written, if the
    row moved on: the caller then decides again on the locked row."""
    return bool(rows.write_if_unchanged([ticket], fields))


def change_on_held_copy(ticket: Ticket, rule, fields) -> Change | None:
    """`rule(t)` changes t in memory and returns the Change to store, or None when there
    is nothing to do. It runs on a copy of the caller's `ticket` and is written if the
    row is still at the copy's version; otherwise (or when it had nothing to do on a
    copy that may be out of date) it runs again on the locked row. The Change (its
    message's .ticket the conversation as written), or None. Broadcasts are the
    caller's."""
    held = copy.copy(ticket)
    change = rule(held)
    if change is not None:
        try:
            with transaction.atomic():
                write_changes([held], fields, [change])
            _copy_state(held, ticket)
            return change
        except (RowMovedOn, IntegrityError):
            pass  # the row moved on (its next seq taken, say): decided again on it below
    with transaction.atomic():
        locked = _locked(ticket.pk)
        change = rule(locked)
        if change is not None:
            locked.save(update_fields=fields)
            store_rows([change])
    _copy_state(locked, ticket)
    return change


def _copy_state(source: Ticket, target) -> None:
    """Keep a caller's Ticket instance in step with the row we just wrote: `source`,
    the locked copy, holds every value written (the services save it, or set on it
    what they update), so no query is needed. Related objects the caller had loaded
    stay cached unless their key changed (setting a key drops a stale one)."""
    if not isinstance(target, Ticket) or target is source:
        return
    for field_ in Ticket._meta.concrete_fields:
        setattr(target, field_.attname, getattr(source, field_.attname))
        if field_.is_relation and field_.is_cached(source):
            field_.set_cached_value(target, field_.get_cached_value(source))


def ticket_seen_by_customer(*, ticket: Ticket) -> None:
    ticket.customer_last_seen_at = now = timezone.now()
    if not save_if_unchanged(ticket, ["customer_last_seen_at"]):
        Ticket.objects.filter(pk=ticket.pk).update(customer_last_seen_at=now)


# --- Triage and hand-off --------------------------------------------------------------


def ticket_apply_triage(*, ticket: Ticket, signals: Signals, rules=None) -> Decision:
    """Record what triage found in a customer message and carry out the escalation
    rules' decision: priority, queue, tags, supervisor alert and hand-off. `rules`: the
    active rules, if the caller has them.

    Decided first on the caller's copy: when the decision changes nothing but the
    intent and sentiment (no rule matches, or only ones that offer a person), those
    are written if the row is still at the copy's version, without a lock. Otherwise,
    or if the row moved on, decided again on the locked row."""
    now = timezone.now()
    rules = active_rules() if rules is None else rules
    if isinstance(ticket, Ticket):
        decision = _record_triage_only(ticket, signals, rules, now)
        if decision is not None:
            return decision
    with transaction.atomic():
        locked = _locked(ticket)
        _set_triage(locked, signals)
        decision = decide(locked, signals, rules, now)
        if decision.matched:
            _event(locked, Kind.RULE_MATCHED, now=now, rules=decision.matched)
        _apply_priority(locked, decision.priority, now=now, why="escalation rule")
        _apply_queue(locked, decision.queue_id, now=now)
        _apply_tags(locked, decision.tags, now=now)
        locked.updated_at = now
        locked.save()
        if decision.notify_supervisors:
            reason = decision.reason or ", ".join(decision.matched) or _("escalation rule")
            notify.notify_supervisors(locked, reason=reason)
        if decision.hand_off and locked.handled_by == HandledBy.AI and locked.is_active:
            _hand_off(
                locked, reason=decision.reason, code=decision.code, now=now,
                first_steps=decision.first_steps,
            )  # fmt: skip
    _copy_state(locked, ticket)
    return decision


def _set_triage(ticket: Ticket, signals: Signals) -> None:
    ticket.intent, ticket.sentiment = signals.intent[:80], signals.sentiment


def _record_triage_only(ticket: Ticket, signals: Signals, rules, now) -> Decision | None:
    """ticket_apply_triage's common case, on the caller's copy; None, and nothing done,
    when the decision changes more than the triage or the row moved on."""
    decision = decide(ticket, signals, rules, now)
    if (decision.hand_off or decision.notify_supervisors or decision.tags
            or decision.priority is not None or decision.queue_id is not None):  # fmt: skip
        return None
    held = copy.copy(ticket)
    _set_triage(held, signals)
    held.updated_at = now
    matched = [
        TicketEvent(ticket=held, kind=Kind.RULE_MATCHED, data={"rules": decision.matched},
                    created_at=now)
    ] if decision.matched else []  # fmt: skip
    try:
        # With the matched rules' event, both in one round trip; alone, one statement.
        with transaction.atomic() if matched else nullcontext():
            write_changes([held], ["intent", "sentiment", "updated_at"], [Change(events=matched)])
    except RowMovedOn:
        return None
    _copy_state(held, ticket)
    return decision


def ticket_hand_off(
    *,
    ticket: Ticket,
    reason: str,
    code: str = HandOffCode.OTHER,
    actor=None,
    priority: int | None = None,
    queue: Queue | None = None,
) -> Ticket:
    """Give the conversation to a person. Idempotent: a ticket already with people
    (waiting or with an agent) is left as it is, so a repeated request or a retried
    failure makes exactly one hand-off. A solved one is reopened for people, except
    after a failure of the assistant: the customer ended it meanwhile, and nobody waits."""
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(ticket)
        if locked.status == Status.CLOSED:
            raise TicketClosed(gettext("This conversation is closed. Please start a new one."))
        ended_meanwhile = not locked.is_active and code == HandOffCode.ASSISTANT_FAILED
        if (locked.handled_by == HandledBy.AI or not locked.is_active) and not ended_meanwhile:
            _apply_priority(locked, priority, now=now, why=reason, actor=actor)
            _apply_queue(locked, queue.pk if queue else None, now=now, actor=actor)
            _hand_off(locked, reason=reason, code=code, now=now, actor=actor)
    _copy_state(locked, ticket)
    return locked


def ticket_request_person(
    *, customer, conversation: Ticket | int | None = None, subject: str = "", body: str = ""
) -> Ticket:
    """The customer asks for a person, by writing to one (`body`) or with the chat's
    button (no body), in ONE transaction: their `conversation` if it is theirs and
    still active, else a new one (`subject`); their message, if any; the hand-off,
    unless people already have it. If any step fails nothing is kept: never a ticket
    without its message, nor a message that was never handed off. A conversation
    that is not the customer's is never touched (nor locked): like a missing one, it
    leads to a new conversation of their own."""
    body = clean_body(body) if body else ""
    reason = "customer wrote to a person" if body else "customer asked for a person"
    with transaction.atomic():
        ticket = _own_active_conversation(customer, conversation)
        reused = ticket is not None
        if not reused:
            ticket = _open(customer=customer, subject=subject)
        if body:
            _post(ticket, author_kind=Author.CUSTOMER, author=customer, body=body)
        if ticket.handled_by == HandledBy.AI:
            _hand_off(ticket, reason=reason, code=HandOffCode.ASKED, now=timezone.now())
    if reused:
        _copy_state(ticket, conversation)
    return ticket


def _own_active_conversation(customer, conversation: Ticket | int | None) -> Ticket | None:
    """The customer's `conversation`, locked, if it is theirs and open or pending;
    None for none, a missing one, another customer's, or one solved or closed."""
    if conversation is None:
        return None
    try:
        ticket = _locked(conversation, customer_id=customer.pk)
    except Ticket.DoesNotExist:
        return None
    return ticket if ticket.is_active else None


def _hand_off(ticket: Ticket, *, reason: str, code: str, now, actor=None, first_steps=()) -> None:
    """Give the locked `ticket` to people; the customer is told when to expect one,
    and, in the same message, what to do right away (`first_steps`, from the rules)."""
    ticket.handled_by = HandledBy.QUEUE
    ticket.status = Status.OPEN
    ticket.solved_at = None
    ticket.handoff_reason = (reason or "handed to a person")[:200]
    ticket.handoff_code = HandOffCode(code or HandOffCode.OTHER)
    ticket.handed_off_at = now
    # A paid tier (vip) brings its own queue and SLA policy, and counts for a
    # customer who subscribed after the conversation began.
    level = sla.service_level_for(ticket, now=now)
    if level is not None:
        ticket.tier = level.tier
    if ticket.queue_id is None:
        # A rule's route came first; then a paid tier's own queue; then the queue whose
        # topics name what the conversation is about; then the default one.
        ticket.queue = (
            (level and level.queue)
            or queue_for_topic(ticket.intent)
            or Queue.objects.filter(is_default=True).first()
        )
    sla.sla_start(ticket, now=now, policy=level.policy if level else None)
    ticket.updated_at = now
    ticket.save()
    _event(ticket, Kind.HANDED_OFF, actor=actor, now=now, reason=ticket.handoff_reason,
           code=ticket.handoff_code)  # fmt: skip
    transaction.on_commit(metrics.HANDOFFS.labels(ticket.handoff_code).inc)
    _post_system(ticket, "\n\n".join([_wait_text(ticket), *first_steps]), now=now)
    if ticket.queue and ticket.queue.auto_assign:
        agent = least_loaded_agent(ticket.queue)
        if agent:
            _assign(ticket, agent, now=now, kind=Kind.ASSIGNED)
    _announce(ticket)
    handoff = {
        "type": "staff.handoff",
        "ticket_id": ticket.pk,
        "subject": ticket.subject,
        "tier": ticket.tier,
        "priority": ticket.priority,
        "reason": ticket.handoff_reason,
    }
    broadcasts = [(notify.STAFF_GROUP, handoff)]
    if ticket.tier == Tier.VIP and ticket.assignee_id is None:
        alert = notify.staff_alert(ticket.pk, _("a VIP customer is waiting"))
        broadcasts.append((notify.STAFF_GROUP, alert))
        # The people of its queue (the VIP-skilled ones) hear of it wherever they are.
        members = list(ticket.queue.members.filter(is_active=True)) if ticket.queue else []
        notify.agent_notice(
            members, ticket, kind=notify.Notice.VIP_WAITING,
            text=interpolate_lazy(_("A VIP customer is waiting in %(queue)s: ticket #%(pk)s."),
                                  queue=str(ticket.queue), pk=ticket.pk),
        )  # fmt: skip
    notify.broadcast_on_commit(broadcasts)


def _wait_text(ticket: Ticket) -> str:
    if ticket.first_response_due_at:
        local = timezone.localtime(ticket.first_response_due_at)
        return (
            "A person from our team will take over this conversation. "
            f"We will reply by {local:%H:%M} on {local:%-d %B} at the latest."
        )
    return "A person from our team will take over this conversation as soon as possible."


def _post_system(ticket: Ticket, body: str, *, now, internal: bool = False) -> Message:
    """Add a system message to a ticket already locked by the caller."""
    ticket.last_seq += 1
    message = Message.objects.create(
        ticket=ticket,
        seq=ticket.last_seq,
        author_kind=Author.SYSTEM,
        body=body,
        is_internal=internal,
        created_at=now,
    )
    ticket.last_message_at = now
    Ticket.objects.filter(pk=ticket.pk).update(last_seq=ticket.last_seq, last_message_at=now)
    notify.broadcast_on_commit([(notify.ticket_group(ticket.pk), notify.message_event(message))])
    return message


def ticket_hand_back(*, ticket: Ticket, actor) -> Ticket:
    """An agent explicitly returns the conversation to the assistant."""
    _require_staff(actor)
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(ticket)
        if locked.handled_by == HandledBy.AI:
            raise InvalidTransition(gettext("The assistant already handles this conversation."))
        locked.handled_by = HandledBy.AI
        locked.assignee = None
        locked.first_response_due_at = locked.next_response_due_at = None
        locked.resolution_due_at = None
        sla.refresh_due_times(locked)
        locked.updated_at = now
        locked.save()
        _event(locked, Kind.HANDED_BACK, actor=actor, now=now)
        _post_system(locked, "The assistant is back to help you.", now=now)
        _announce(locked)
    _copy_state(locked, ticket)
    return locked


def _apply_priority(ticket, priority, *, now, why="", actor=None) -> None:
    if priority is None or priority == ticket.priority:
        return
    _event(
        ticket, Kind.PRIORITY_CHANGED, actor=actor, now=now,
        **{"from": ticket.priority, "to": priority, "why": why},
    )  # fmt: skip
    ticket.priority = priority


def _apply_queue(ticket, queue_id, *, now, actor=None) -> None:
    if queue_id is None or queue_id == ticket.queue_id:
        return
    _event(ticket, Kind.QUEUE_CHANGED, actor=actor, now=now, to=queue_id)
    ticket.queue_id = queue_id


def _apply_tags(ticket, names, *, now, actor=None) -> None:
    for name in names:
        tag, _ = Tag.objects.get_or_create(name=name)
        if not ticket.tags.filter(pk=tag.pk).exists():
            ticket.tags.add(tag)
            _event(ticket, Kind.TAGGED, actor=actor, now=now, tag=name)


# --- Agents ----------------------------------------------------------------------------


def ticket_claim(*, ticket: Ticket | int, agent) -> Ticket:
    """Take a waiting ticket. Of several agents claiming at once exactly one wins;
    the others get ClaimConflict. Claiming your own ticket again is a no-op."""
    _require_staff(agent)
    now = timezone.now()
    ticket_id = getattr(ticket, "pk", ticket)
    with transaction.atomic():
        won = Ticket.objects.filter(
            pk=ticket_id, assignee__isnull=True, status__in=[Status.OPEN, Status.PENDING]
        ).update(assignee=agent, handled_by=HandledBy.AGENT, updated_at=now)
        locked = _locked(ticket_id)
        if not won:
            if locked.assignee_id == agent.pk:
                return locked
            if locked.assignee_id:
                name = locked.assignee.get_full_name()
                raise ClaimConflict(
                    gettext("%(name)s has already claimed ticket #%(pk)s.")
                    % {"name": name, "pk": ticket_id}
                )
            raise InvalidTransition(
                gettext("Ticket #%(pk)s is %(status)s.")
                % {"pk": ticket_id, "status": locked.get_status_display().lower()}
            )
        _event(locked, Kind.CLAIMED, actor=agent, now=now)
        _post_system(locked, f"{agent.get_short_name()} from our team has joined.", now=now)
        _announce(locked)
    _copy_state(locked, ticket)
    return locked


def _assign(ticket, agent, *, now, kind, actor=None) -> None:
    ticket.assignee = agent
    ticket.handled_by = HandledBy.AGENT
    ticket.updated_at = now
    Ticket.objects.filter(pk=ticket.pk).update(
        assignee=agent, handled_by=HandledBy.AGENT, updated_at=now
    )
    _event(ticket, kind, actor=actor, now=now, agent=agent.pk)
    _post_system(ticket, f"{agent.get_short_name()} from our team has joined.", now=now)
    if actor is None or actor.pk != agent.pk:  # given to them, not taken: tell them
        if actor is not None:
            text = interpolate_lazy(_("Ticket #%(pk)s was assigned to you by %(name)s."),
                                    pk=ticket.pk, name=actor.get_full_name())  # fmt: skip
        else:
            text = interpolate_lazy(_("Ticket #%(pk)s was assigned to you."), pk=ticket.pk)
        notify.agent_notice([agent], ticket, kind=notify.Notice.ASSIGNED, text=text)


def agent_reply(
    *, ticket: Ticket, agent, body: str, internal: bool = False, metadata: dict | None = None
) -> Message:
    """An agent's message (or internal note). The first public reply stamps the first
    response; a reply to a customer who is away is also emailed to them. `metadata`:
    the files it carries (attachments.services)."""
    _require_staff(agent)
    with transaction.atomic():
        locked = _locked(ticket)
        if locked.status == Status.CLOSED:
            raise TicketClosed(gettext("This ticket is closed."))
        if not internal and locked.assignee_id not in (None, agent.pk):
            # One voice for the customer: a colleague takes it over first, explicitly
            # (tickets.staff.ticket_take_over). Internal notes stay open to all staff.
            raise OwnedByColleague(
                gettext(
                    "%(name)s has this conversation: take it over to reply, or add an "
                    "internal note."
                )
                % {"name": locked.assignee.get_full_name()}
            )
        if not internal and locked.handled_by != HandledBy.AGENT:
            # Replying takes the conversation over: the assistant must not talk on.
            if locked.assignee_id is None:
                _assign(locked, agent, now=timezone.now(), kind=Kind.CLAIMED, actor=agent)
            locked.handled_by = HandledBy.AGENT
        message, _ = _post(
            locked, author_kind=Author.AGENT, author=agent, body=clean_body(body),
            is_internal=internal, metadata=metadata,
        )  # fmt: skip
        if not internal:
            now = message.created_at
            sla.sla_agent_replied(locked, now=now)
            locked.handled_by = HandledBy.AGENT
            locked.save()
            _announce(locked)
            away_since = locked.customer_last_seen_at
            if away_since is None or now - away_since > CUSTOMER_AWAY_AFTER:
                notify.customer_reply_email(locked, message)
    _copy_state(locked, ticket)
    return message


def agent_set_availability(*, agent, available: bool) -> AgentStatus:
    _require_staff(agent)
    status, _ = AgentStatus.objects.update_or_create(
        agent=agent, defaults={"is_available": available, "changed_at": timezone.now()}
    )
    return status


# --- Status ------------------------------------------------------------------------------

ALLOWED_STATUS_CHANGES = {
    Status.OPEN: {Status.PENDING, Status.SOLVED, Status.CLOSED},
    Status.PENDING: {Status.OPEN, Status.SOLVED, Status.CLOSED},
    Status.SOLVED: {Status.OPEN, Status.CLOSED},
    Status.CLOSED: set(),
}


def ticket_set_status(
    *, ticket: Ticket, status: str, actor, assistant_could_have_handled: bool = False
) -> Ticket:
    """Staff (or, reopening, the customer) move the ticket on. Solving it ends the
    conversation: who ended it is recorded, and the customer is told (`_end`). An
    agent who solves it may mark that `assistant_could_have_handled` it (a needless
    hand-off, in the reports): kept on the ticket and on the timeline."""
    now = timezone.now()
    if assistant_could_have_handled:
        _require_staff(actor)
        if status != Status.SOLVED:
            raise InvalidTransition(
                gettext("Only solving a ticket can mark that the assistant could have handled it.")
            )
    with transaction.atomic():
        locked = _locked(ticket)
        if status == locked.status:
            return locked
        if status not in ALLOWED_STATUS_CHANGES[locked.status]:
            raise InvalidTransition(
                gettext("A %(status)s ticket cannot become %(new_status)s.")
                % {
                    "status": locked.get_status_display().lower(),
                    "new_status": Status(status).label.lower(),
                }
            )
        if status == Status.SOLVED:
            ending = Ending.CUSTOMER if actor and actor.pk == locked.customer_id else Ending.AGENT
            if ending == Ending.AGENT:
                locked.assistant_could_have_handled = assistant_could_have_handled
            _end(locked, ending, actor=actor, now=now)
        else:
            _set_status(locked, status, actor=actor, now=now)
    _copy_state(locked, ticket)
    return locked


def _set_status(locked: Ticket, status: str, *, actor, now, **data) -> None:
    previous = locked.status
    locked.status = status
    if status == Status.SOLVED:
        locked.solved_at = now
    elif status == Status.OPEN:
        locked.solved_at = None
    elif status == Status.CLOSED:
        locked.closed_at = now
    sla.refresh_due_times(locked)
    locked.updated_at = now
    locked.save()
    _event(
        locked, Kind.STATUS_CHANGED, actor=actor, now=now,
        **{"from": previous, "to": status}, **data,
    )  # fmt: skip
    _announce(locked)


# What the customer reads when their conversation ends, by who ended it.
ENDED = {
    Ending.CUSTOMER: "You marked this conversation as solved. Thank you for letting us know!",
    Ending.IDLE: "As there were no more questions, this conversation is now closed. Write "
    "any time: a new message starts a new conversation.",
    Ending.AGENT: "{name} marked this conversation as solved. Write any time: a new message "
    "starts a new conversation.",
}


def _end(locked: Ticket, ending: str, *, actor, now) -> None:
    """Solve the conversation the caller has locked: who ended it, on the ticket and the
    timeline, and a closing message for the customer."""
    locked.ended_by = ending
    name = actor.get_short_name() if actor is not None and actor.is_staff else "Our team"
    _post_system(locked, ENDED[ending].format(name=name or "Our team"), now=now)
    # The agent's mark goes on the timeline with the solve it came with.
    marked = ending == Ending.AGENT and locked.assistant_could_have_handled
    mark = {"assistant_could_have_handled": True} if marked else {}
    _set_status(locked, Status.SOLVED, actor=actor, now=now, ended_by=ending, **mark)


def ticket_solve(*, ticket: Ticket, actor, assistant_could_have_handled: bool = False) -> Ticket:
    """An agent solves the ticket, marking (one click) whether the assistant could
    have handled it without them."""
    return ticket_set_status(
        ticket=ticket, status=Status.SOLVED, actor=actor,
        assistant_could_have_handled=assistant_could_have_handled,
    )  # fmt: skip


def conversation_resolve(*, customer, conversation: Ticket | int) -> Ticket:
    """The customer says their conversation is solved ("That solved it"), whoever has
    it. Only their own, and only while it is open or waiting."""
    now = timezone.now()
    with transaction.atomic():
        locked = _own_active_conversation(customer, conversation)
        if locked is None:
            raise InvalidTransition(gettext("There is no open conversation to mark as solved."))
        _end(locked, Ending.CUSTOMER, actor=customer, now=now)
    if isinstance(conversation, Ticket):
        _copy_state(locked, conversation)
    return locked


def idle_since(moment) -> Q:
    """The conversations the assistant has and answered (the customer did not write
    last: those are assistant.turns.sweep_silent's), where nobody wrote since `moment`.
    (The customer's last message before `moment` follows, but saying it lets the index
    on it find them.)"""
    return Q(
        handled_by=HandledBy.AI, status__in=[Status.OPEN, Status.PENDING],
        last_customer_message_at__lt=moment, last_message_at__lt=moment,
    ) & Q(last_customer_message_at__lt=F("last_message_at"))  # fmt: skip


def past_reopening(now) -> Q:
    """The conversations solved longer ago than they may be reopened."""
    return Q(status=Status.SOLVED, solved_at__lt=now - dt.timedelta(days=REOPEN_WITHIN_DAYS))


def conversation_solve_if_idle(*, ticket: Ticket | int, idle: Q, now) -> bool:
    """Solve the conversation if it is `idle` (idle_since), checked again under the row
    lock (a message may have just come)."""
    return _if_still(ticket, idle, lambda locked: _end(locked, Ending.IDLE, actor=None, now=now))


def conversation_close_if_past_reopening(*, ticket: Ticket | int, now) -> bool:
    """Close the conversation if it is past_reopening, checked again under the lock."""
    return _if_still(
        ticket, past_reopening(now),
        lambda locked: _set_status(locked, Status.CLOSED, actor=None, now=now),
    )  # fmt: skip


def _if_still(ticket: Ticket | int, condition: Q, change) -> bool:
    """`change` the locked ticket if it still meets `condition`; whether it did."""
    with transaction.atomic():
        locked = _locked(ticket)
        still = Ticket.objects.filter(condition, pk=locked.pk).exists()
        if still:
            change(locked)
    return still


def ticket_reopen(*, ticket: Ticket, customer) -> Ticket:
    """The customer reopens their solved ticket, within REOPEN_WITHIN_DAYS."""
    if ticket.customer_id != customer.pk:
        raise NotAllowed(gettext("Only the customer can reopen their ticket."))
    if ticket.status != Status.SOLVED:
        raise InvalidTransition(gettext("Only a solved ticket can be reopened."))
    if ticket.solved_at and timezone.now() - ticket.solved_at > dt.timedelta(
        days=REOPEN_WITHIN_DAYS
    ):
        raise InvalidTransition(
            gettext(
                "This ticket was solved more than %(days)s days ago. "
                "Please start a new conversation."
            )
            % {"days": REOPEN_WITHIN_DAYS}
        )
    return ticket_set_status(ticket=ticket, status=Status.OPEN, actor=customer)


def csat_record(*, ticket: Ticket, customer, score: int, comment: str = "") -> CSATRating:
    """The customer rates the help on a solved or closed ticket, once."""
    if not 1 <= int(score) <= 5:
        raise InvalidTransition(gettext("A rating is from 1 to 5."))
    with transaction.atomic():
        # Under the row lock: two ratings at once, the second waits and finds the first.
        locked = _locked(ticket)
        if locked.customer_id != customer.pk:
            raise NotAllowed(gettext("Only the customer can rate their ticket."))
        if locked.status not in (Status.SOLVED, Status.CLOSED):
            raise InvalidTransition(gettext("You can rate the help once your request is solved."))
        if CSATRating.objects.filter(ticket=locked).exists():
            raise AlreadyRated(gettext("You have already rated this conversation. Thank you!"))
        rating = CSATRating.objects.create(
            ticket=locked, score=int(score), comment=comment.strip()[:2000]
        )
        _event(locked, Kind.RATED, actor=customer, score=int(score))
    return rating


__all__ = [
    "Priority",
    "agent_reply",
    "agent_set_availability",
    "conversation_close_if_past_reopening",
    "conversation_resolve",
    "conversation_solve_if_idle",
    "csat_record",
    "message_post",
    "ticket_apply_triage",
    "ticket_claim",
    "ticket_hand_back",
    "ticket_hand_off",
    "ticket_open",
    "ticket_reopen",
    "ticket_request_person",
    "ticket_seen_by_customer",
    "ticket_set_status",
    "ticket_solve",
]
