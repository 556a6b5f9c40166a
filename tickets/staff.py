"""What staff do to tickets besides talking: give them to someone, change their
priority, queue and tags, merge duplicates, open one for a customer who phoned, and
any of these to many tickets at once.

Who may do what is decided here, by role (tickets.roles): agents and supervisors
work tickets; giving a ticket to a colleague, or taking it from one, is a
supervisor's. Every change is written on the ticket's timeline with who made it.
Like tickets.services, each function checks, then writes in one transaction under
the ticket's row lock, and broadcasts after the commit.
"""

import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from tickets import roles, sla
from tickets.errors import InvalidTransition, InvalidValue, NotAllowed, TicketClosed, TicketError
from tickets.models import Priority, Queue, Tag, Ticket
from tickets.services import (
    HandledBy,
    HandOffCode,
    Kind,
    Status,
    _announce,
    _apply_priority,
    _apply_queue,
    _apply_tags,
    _assign,
    _copy_state,
    _event,
    _hand_off,
    _locked,
    _open,
    _post_system,
    _set_status,
    agent_reply,
)

TAG_NAME = re.compile(r"^[-a-zA-Z0-9_]{1,50}$")
BULK_LIMIT = 100


def _require_worker(user) -> None:
    if not roles.may_work(user):
        raise NotAllowed(gettext("Only agents and supervisors can do that."))


def _require_open(ticket: Ticket) -> None:
    if ticket.status == Status.CLOSED:
        raise TicketClosed(gettext("Ticket #%(pk)s is closed.") % {"pk": ticket.pk})


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


# --- Who has it -------------------------------------------------------------------------


def ticket_assign(*, ticket: Ticket | int, actor, agent=None, queue: Queue | None = None) -> Ticket:
    """Give the ticket to a person (`agent`, and with `queue` also move it there), or
    to a queue's waiting list (`queue` alone: whoever had it lets it go).

    Agents take tickets for themselves and put their own (or nobody's) back in a
    queue; giving one to a colleague or taking it from one is a supervisor's. A
    conversation the assistant still has is handed to people by being assigned."""
    _require_worker(actor)
    if agent is None and queue is None:
        raise InvalidValue(gettext("Choose a person or a queue."))
    if agent is not None and not roles.may_work(agent):
        raise InvalidValue(gettext("%(name)s cannot work tickets.") % {"name": _name(agent)})
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(ticket)
        if not locked.is_active:
            raise InvalidTransition(
                gettext(
                    "Ticket #%(pk)s is %(status)s: only open or waiting tickets can be assigned."
                )
                % {"pk": locked.pk, "status": locked.get_status_display().lower()}
            )
        _check_may_assign(locked, actor=actor, agent=agent)
        if queue is not None:
            _apply_queue(locked, queue.pk, now=now, actor=actor)
        if agent is not None and locked.assignee_id != agent.pk:
            if locked.handed_off_at is None:
                # Taken from the assistant: people have it now, and its clocks run.
                locked.handed_off_at = now
                sla.sla_start(locked, now=now)
            _assign(locked, agent, now=now, kind=Kind.ASSIGNED, actor=actor)
        elif agent is None and locked.assignee_id is not None:
            _event(locked, Kind.UNASSIGNED, actor=actor, now=now, agent=locked.assignee_id)
            locked.assignee = None
            locked.handled_by = HandledBy.QUEUE
            _post_system(
                locked, "Your conversation is passed on to a colleague, who will be with "
                "you as soon as they can.", now=now,
            )  # fmt: skip
        elif agent is None and locked.handled_by == HandledBy.AI:
            reason = f"sent to {queue} by {_name(actor)}"
            _hand_off(locked, reason=reason, code=HandOffCode.OTHER, now=now, actor=actor)
        locked.updated_at = now
        locked.save()
        _announce(locked)
    _copy_state(locked, ticket)
    return locked


def _check_may_assign(ticket: Ticket, *, actor, agent) -> None:
    if roles.may_assign(actor):
        return
    owner = ticket.assignee_id
    if owner is not None and owner != actor.pk:
        raise NotAllowed(
            gettext("%(name)s has ticket #%(pk)s: only a supervisor can take it from them.")
            % {"name": _name(ticket.assignee), "pk": ticket.pk}
        )
    if agent is not None and agent.pk != actor.pk:
        raise NotAllowed(gettext("Only a supervisor can give a ticket to someone else."))


def ticket_take_over(*, ticket: Ticket | int, actor) -> Ticket:
    """Take a conversation a colleague owns, explicitly: recorded on the timeline, and
    the customer is told who is with them now. Any agent may; the one who had it
    keeps their internal notes, and can still write them."""
    _require_worker(actor)
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(ticket)
        _require_open(locked)
        previous = locked.assignee_id
        if previous == actor.pk:
            return locked
        if previous is None:
            raise InvalidTransition(
                gettext("Nobody has ticket #%(pk)s: claim it instead.") % {"pk": locked.pk}
            )
        _event(locked, Kind.TAKEN_OVER, actor=actor, now=now, agent=previous)
        _assign(locked, actor, now=now, kind=Kind.ASSIGNED, actor=actor)
        _announce(locked)
    _copy_state(locked, ticket)
    return locked


# --- Priority, queue, tags --------------------------------------------------------------


def clean_tags(names) -> list[str]:
    """Tag names as typed (a list, or words separated by commas or spaces), lower-case,
    each letters, digits, "-" or "_"; a bad one is refused with its name."""
    if isinstance(names, str):
        names = re.split(r"[,\s]+", names)
    cleaned = []
    for name in names:
        name = str(name).strip().lower()
        if not name:
            continue
        if not TAG_NAME.match(name):
            raise InvalidValue(
                gettext('"%(name)s" is not a tag: use letters, digits, "-" or "_" (at most 50).')
                % {"name": name[:60]}
            )
        if name not in cleaned:
            cleaned.append(name)
    return cleaned


def ticket_change(
    *, ticket: Ticket | int, actor, priority: int | None = None, queue: Queue | None = None,
    tags=None, add_tags=(),
) -> Ticket:  # fmt: skip
    """Change what staff sort tickets by: `priority`, `queue`, `tags` (the whole set:
    missing ones are removed) or `add_tags` (kept with the others). Each change is an
    entry on the timeline; what does not change writes nothing."""
    _require_worker(actor)
    tags = None if tags is None else clean_tags(tags)
    add_tags = clean_tags(add_tags)
    if priority is not None and priority not in Priority.values:
        raise InvalidValue(gettext("Unknown priority."))
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(ticket)
        _require_open(locked)
        _apply_priority(locked, priority, now=now, actor=actor)
        _apply_queue(locked, queue.pk if queue else None, now=now, actor=actor)
        if tags is not None:
            _remove_tags(locked, [t for t in _tag_names(locked) if t not in tags], now, actor)
        _apply_tags(locked, [*(tags or []), *add_tags], now=now, actor=actor)
        locked.updated_at = now
        locked.save()
        _announce(locked)
    _copy_state(locked, ticket)
    return locked


def _tag_names(ticket: Ticket) -> list[str]:
    return list(ticket.tags.values_list("name", flat=True))


def _remove_tags(ticket: Ticket, names: list[str], now, actor) -> None:
    if not names:
        return
    ticket.tags.remove(*Tag.objects.filter(name__in=names))
    for name in names:
        _event(ticket, Kind.UNTAGGED, actor=actor, now=now, tag=name)


# --- Merging ------------------------------------------------------------------------------


def ticket_merge(*, source: Ticket | int, target: Ticket | int, actor) -> Ticket:
    """Merge `source` into `target`, two requests of the same customer about one thing:
    the source is closed with a pointer to the target, whose page shows its
    transcript read-only; its tags come along. Nothing is renumbered: each message
    keeps its ticket and seq. Returns the target."""
    _require_worker(actor)
    source_id, target_id = getattr(source, "pk", source), getattr(target, "pk", target)
    if source_id == target_id:
        raise InvalidValue(gettext("A ticket cannot be merged into itself."))
    now = timezone.now()
    with transaction.atomic():
        # Both rows, locked in id order, so that two merges of the same pair never wait
        # on each other.
        locked = {pk: _locked(pk) for pk in sorted((source_id, target_id))}
        merged, into = locked[source_id], locked[target_id]
        if merged.customer_id != into.customer_id:
            raise InvalidValue(gettext("Only tickets of the same customer can be merged."))
        for ticket in (merged, into):
            _require_open(ticket)
        merged.merged_into = into
        _post_system(
            merged, f"This request is merged into request #{into.pk}, where we continue.",
            now=now,
        )  # fmt: skip
        _event(merged, Kind.MERGED, actor=actor, now=now, into=into.pk)
        _set_status(merged, Status.CLOSED, actor=actor, now=now)
        _event(into, Kind.MERGED, actor=actor, now=now, **{"from": merged.pk})
        _post_system(
            into, f"Request #{merged.pk} was merged into this one by {_name(actor)}.",
            now=now, internal=True,
        )  # fmt: skip
        _apply_tags(into, _tag_names(merged), now=now, actor=actor)
        into.updated_at = now
        into.save()
        _announce(into)
    _copy_state(into, target)
    return into


# --- A ticket for a customer who phoned -----------------------------------------------------


def ticket_open_for_customer(
    *, customer, actor, subject: str, body: str, internal: bool = False,
    priority: int | None = None, queue: Queue | None = None,
) -> Ticket:  # fmt: skip
    """Open a ticket on a customer's behalf (they phoned, or wrote elsewhere): it is
    the actor's from the start, and `body` is their first message on it — a reply the
    customer reads (and is emailed), or with `internal` a note only staff see."""
    _require_worker(actor)
    if not customer.is_active or customer.is_staff:
        raise InvalidValue(gettext("Tickets are opened for active customer accounts only."))
    subject = (subject or "").strip()
    if not subject:
        raise InvalidValue(gettext("A ticket needs a subject."))
    now = timezone.now()
    with transaction.atomic():
        ticket = _open(customer=customer, subject=subject, handled_by=HandledBy.AGENT,
                       opened_by=actor)  # fmt: skip
        _apply_priority(ticket, priority, now=now, actor=actor)
        _apply_queue(ticket, queue.pk if queue else None, now=now, actor=actor)
        ticket.assignee = actor
        ticket.handed_off_at = now
        sla.sla_start(ticket, now=now)
        ticket.save()
        _event(ticket, Kind.ASSIGNED, actor=actor, now=now, agent=actor.pk)
        agent_reply(ticket=ticket, agent=actor, body=body, internal=internal)
    return ticket


# --- Many at once -----------------------------------------------------------------------------


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)


def tickets_bulk_change(
    *, tickets, actor, agent=None, queue: Queue | None = None, priority: int | None = None,
    add_tags=(),
) -> BulkResult:  # fmt: skip
    """The queue's bulk actions: assign (to `agent`, or to `queue` alone), set
    `priority`, add tags, on each ticket through the one-ticket functions above, each
    in its own transaction. A refusal on one ticket (a colleague's, a closed one) is
    reported with its reason and does not stop the others."""
    _require_worker(actor)
    ids = list(dict.fromkeys(getattr(ticket, "pk", ticket) for ticket in tickets))
    if not ids:
        raise InvalidValue(gettext("Choose at least one ticket."))
    if len(ids) > BULK_LIMIT:
        raise InvalidValue(gettext("At most %(count)s tickets at once.") % {"count": BULK_LIMIT})
    add_tags = clean_tags(add_tags)
    if agent is None and queue is None and priority is None and not add_tags:
        raise InvalidValue(gettext("Choose what to change: a person, a queue, a priority or tags."))
    result = BulkResult()
    existing = set(Ticket.objects.filter(pk__in=ids).values_list("pk", flat=True))
    for ticket_id in ids:
        if ticket_id not in existing:
            result.refused[ticket_id] = f"There is no ticket #{ticket_id}."
            continue
        try:
            if agent is not None or queue is not None:
                ticket_assign(ticket=ticket_id, actor=actor, agent=agent, queue=queue)
            if priority is not None or add_tags:
                ticket_change(ticket=ticket_id, actor=actor, priority=priority, add_tags=add_tags)
        except TicketError as refusal:
            result.refused[ticket_id] = str(refusal)
        else:
            result.done.append(ticket_id)
    return result


def staff_who_work():
    """The people tickets can be given to (roles.may_work), for the choices of the
    admin and the API."""
    works = Q(is_superuser=True) | Q(
        groups__permissions__content_type__app_label="tickets",
        groups__permissions__codename="change_ticket",
    )
    people = get_user_model().objects.filter(works, is_active=True, is_staff=True)
    return people.distinct().order_by("full_name", "email")


__all__ = [
    "BulkResult",
    "clean_tags",
    "staff_who_work",
    "ticket_assign",
    "ticket_change",
    "ticket_merge",
    "ticket_open_for_customer",
    "ticket_take_over",
    "tickets_bulk_change",
]
