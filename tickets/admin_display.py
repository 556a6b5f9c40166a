"""What the agents' workspace in the admin shows: SLA countdowns, owners, rule
summaries, timeline entries, the queue's list filters, the reply box, and the data
of a ticket page.

`workspace()` loads a ticket page's data in a fixed number of queries, whatever the
length of the conversation; everything else here is a pure function of rows already
loaded, so the lists stay at a fixed number of queries too. Wording functions return
plain text (the templates escape it and mark invisible characters, `|show_invisible`);
only the badges and the excerpts of what people wrote are HTML, built with
`format_html`. Writes are not made here: `tickets.admin` calls the services.
"""

import datetime as dt

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.unicode_text import show_invisible
from tickets import customer_panel, handoff_packet
from tickets.admin_staff import AssignForm, ChangeForm
from tickets.canned import render_canned
from tickets.models import (
    CannedResponse,
    Message,
    Priority,
    Queue,
    SLABreach,
    Ticket,
    TicketEvent,
)
from tickets.services import ALLOWED_STATUS_CHANGES, MAX_BODY_CHARS

Status, HandledBy, Kind = Ticket.Status, Ticket.HandledBy, TicketEvent.Kind

# The solving agent's mark, on a solve's timeline entry (services.ticket_solve).
MARK = "assistant_could_have_handled"
# Due within this long: shown as "soon" in the queue.
SOON = dt.timedelta(minutes=30)
NOTHING = "—"


# --- SLA --------------------------------------------------------------------------------


def duration_words(delta: dt.timedelta) -> str:
    minutes = int(abs(delta.total_seconds()) // 60)
    if minutes < 1:
        return gettext("less than 1 min")
    if minutes < 60:
        return gettext("%(minutes)s min") % {"minutes": minutes}
    hours, rest = divmod(minutes, 60)
    if hours < 10 and rest:
        return gettext("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": rest}
    if hours < 48:
        return gettext("%(hours)s h") % {"hours": hours}
    return gettext("%(days)s d") % {"days": hours // 24}


def countdown(due: dt.datetime | None, now: dt.datetime) -> str:
    """ "due in 12 min", "overdue by 3 h", or "—" without a due time."""
    if due is None:
        return NOTHING
    if due >= now:
        return gettext("due in %(time)s") % {"time": duration_words(due - now)}
    return gettext("overdue by %(time)s") % {"time": duration_words(now - due)}


def countdown_badge(due: dt.datetime | None, now: dt.datetime):
    if due is None:
        return NOTHING
    if due < now:
        urgency = "overdue"
    elif due - now <= SOON:
        urgency = "soon"
    else:
        urgency = "ok"
    return format_html(
        '<span class="sla sla-{}" title="{}">{}</span>', urgency, when(due), countdown(due, now)
    )


def ticket_countdown(ticket: Ticket, now: dt.datetime):
    """The queue's clock: only open tickets have one running."""
    if ticket.status != Status.OPEN:
        return NOTHING
    return countdown_badge(ticket.sla_due_at, now)


def breach_badge(ticket: Ticket):
    if ticket.sla_breached_at is None:
        return ""
    return format_html(
        '<span class="badge badge-breached" title="{}">{}</span>',
        gettext("First breach: %(when)s") % {"when": when(ticket.sla_breached_at)},
        gettext("Breached"),
    )


def when(moment: dt.datetime | None) -> str:
    if moment is None:
        return NOTHING
    return date_format(timezone.localtime(moment), "j M Y, H:i")


def target_label(target: str) -> str:
    return SLABreach.Target(target).label if target in SLABreach.Target.values else target


# --- People -----------------------------------------------------------------------------


def owner(ticket: Ticket) -> str:
    """Who has the conversation: "Assistant", "Waiting for a person", "Agent · Dana"."""
    label = ticket.get_handled_by_display()
    if ticket.assignee_id:
        return f"{label} · {ticket.assignee.get_short_name()}"
    return label


def author(message: Message) -> str:
    """The author as staff see it: the kind, and the person's name where there is one."""
    kind = message.get_author_kind_display()
    if message.author_id and message.author_kind in (Message.Author.AGENT, Message.Author.CUSTOMER):
        return f"{kind} · {message.author.get_full_name()}"
    return kind


# --- Escalation rules -----------------------------------------------------------------


def priority_label(value) -> str:
    return Priority(value).label if value in Priority.values else str(value)


def rule_conditions(rule) -> str:
    parts = []
    if rule.tier:
        parts.append(gettext("tier is %(tier)s") % {"tier": rule.get_tier_display()})
    if rule.intents:
        intents = gettext(" or ").join(str(intent) for intent in rule.intents)
        parts.append(gettext("intent is %(intents)s") % {"intents": intents})
    if rule.sentiment_below is not None:
        parts.append(gettext("sentiment below %(value)s") % {"value": f"{rule.sentiment_below:g}"})
    if rule.explicit_human_request:
        parts.append(gettext("customer asks for a person"))
    if rule.min_ai_turns is not None:
        parts.append(gettext("%(count)s+ assistant answers") % {"count": rule.min_ai_turns})
    if rule.pattern:
        parts.append(gettext("text matches /%(pattern)s/") % {"pattern": rule.pattern})
    if rule.min_minutes_waiting is not None:
        parts.append(gettext("waiting %(minutes)s+ min") % {"minutes": rule.min_minutes_waiting})
    if rule.min_priority is not None:
        priority = priority_label(rule.min_priority)
        parts.append(gettext("priority %(priority)s or higher") % {"priority": priority})
    return gettext(" and ").join(parts) or gettext("every message")


def rule_actions(rule) -> str:
    """Call with `route_to` selected with the rule."""
    parts = []
    if rule.hand_off:
        parts.append(gettext("hand off to a person"))
    if rule.offer_human:
        parts.append(gettext("offer a person"))
    if rule.set_priority is not None:
        priority = priority_label(rule.set_priority)
        parts.append(gettext("priority → %(priority)s") % {"priority": priority})
    if rule.route_to_id is not None:
        parts.append(gettext("route to %(queue)s") % {"queue": rule.route_to})
    if rule.add_tag:
        parts.append(gettext("tag %(tag)s") % {"tag": rule.add_tag})
    if rule.notify_supervisors:
        parts.append(gettext("alert supervisors"))
    if rule.stop_here:
        parts.append(gettext("then stop"))
    return ", ".join(parts) or gettext("nothing")


# --- The timeline -----------------------------------------------------------------------


def status_label(value) -> str:
    return Status(value).label if value in Status.values else str(value)


# Why a conversation's words were removed (tickets.erasure); never what they were.
REMOVED_BECAUSE = {
    "erasure": _("the customer's data was erased (admin → Privacy → Erasure requests)"),
    "retention": _("closed longer than the retention period (RETENTION_DAYS)"),
}


def event_summary(event: TicketEvent, *, users: dict, queues: dict) -> str:
    """One line for a timeline entry. `users` and `queues` map the ids the events
    mention to their rows, loaded once for the whole timeline."""
    data = event.data if isinstance(event.data, dict) else {}
    kind = event.kind
    if kind == Kind.STATUS_CHANGED:
        before = f"{status_label(data['from'])} → " if "from" in data else "→ "
        mark = " " + gettext("(the assistant could have handled it)") if data.get(MARK) else ""
        return before + status_label(data.get("to", "")) + mark
    if kind == Kind.PRIORITY_CHANGED:
        text = f"{priority_label(data.get('from'))} → {priority_label(data.get('to'))}"
        return f"{text} ({data['why']})" if data.get("why") else text
    if kind == Kind.QUEUE_CHANGED:
        return gettext("to %(queue)s") % {"queue": queues.get(data.get("to"), data.get("to"))}
    if kind in (Kind.ASSIGNED, Kind.UNASSIGNED, Kind.TAKEN_OVER):
        agent = users.get(data.get("agent"))
        name = agent.get_full_name() if agent else data.get("agent")
        if kind == Kind.ASSIGNED:
            return gettext("to %(name)s") % {"name": name}
        return gettext("from %(name)s") % {"name": name}
    if kind == Kind.MERGED:
        if "into" in data:
            return gettext("into #%(ticket)s") % {"ticket": data["into"]}
        return gettext("#%(ticket)s into this one") % {"ticket": data.get("from")}
    if kind == Kind.HANDED_OFF:
        return str(data.get("reason", ""))
    if kind in (Kind.TAGGED, Kind.UNTAGGED):
        return str(data.get("tag", ""))
    if kind == Kind.RULE_MATCHED:
        return ", ".join(str(name) for name in data.get("rules", []))
    if kind == Kind.SLA_BREACHED:
        due = data.get("due_at")
        moment = when(dt.datetime.fromisoformat(due)) if due else NOTHING
        target = target_label(data.get("target", ""))
        return gettext("%(target)s, due %(when)s") % {"target": target, "when": moment}
    if kind == Kind.RATED:
        return f"{data.get('score')}/5"
    if kind == Kind.CREATED:
        return gettext("tier %(tier)s") % {"tier": data["tier"]} if data.get("tier") else ""
    if kind == Kind.TEXT_REMOVED:
        return str(REMOVED_BECAUSE.get(data.get("why"), ""))
    return ", ".join(f"{key}: {value}" for key, value in data.items())


def ids_mentioned(events, key: str, *kinds: str) -> set:
    return {
        event.data.get(key)
        for event in events
        if event.kind in kinds and isinstance(event.data, dict) and event.data.get(key)
    }


# --- What a ticket page offers -------------------------------------------------------


def buttons(ticket: Ticket, user=None) -> list[tuple[str, str]]:
    """The (action, label) buttons that make sense in the ticket's state, for `user`.
    The services decide in the end: a stale page's button answers with their error."""
    allowed = ALLOWED_STATUS_CHANGES[Status(ticket.status)]
    offered = []
    if ticket.is_active and ticket.assignee_id is None:
        offered.append(("claim", gettext("Claim")))
    if owned_by_colleague(ticket, user) and ticket.status != Status.CLOSED:
        offered.append(("take_over", gettext("Take over")))
    if Status.SOLVED in allowed:
        offered.append(("solve", gettext("Solve")))
        if ticket.handed_off_at is not None:
            offered.append(
                (
                    "solve_assistant_could_have",
                    gettext("Solve: the assistant could have handled it"),
                )
            )
    if Status.PENDING in allowed:
        offered.append(("pending", gettext("Set pending")))
    if ticket.is_active and ticket.handled_by != HandledBy.AI:
        offered.append(("hand_back", gettext("Hand back to assistant")))
    if ticket.status == Status.SOLVED:
        offered.append(("reopen", gettext("Reopen")))
    return offered


def owned_by_colleague(ticket: Ticket, user) -> bool:
    return user is not None and ticket.assignee_id not in (None, user.pk)


# --- The queue's filters and the reply box ------------------------------------------


class TicketStatusFilter(admin.SimpleListFilter):
    """The queue shows the tickets still being worked unless asked otherwise."""

    title = _("status")
    parameter_name = "status"
    ACTIVE, ALL = "active", "all"

    def lookups(self, request, model_admin):
        return [(self.ACTIVE, _("Open or pending")), *Status.choices, (self.ALL, _("All"))]

    def value(self):
        return super().value() or self.ACTIVE

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == self.ACTIVE:
            return queryset.filter(status__in=[Status.OPEN, Status.PENDING])
        if self.value() in Status.values:
            return queryset.filter(status=self.value())
        return queryset


class MineFilter(admin.SimpleListFilter):
    title = _("assigned to")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("me", _("Me")), ("nobody", _("Unassigned"))]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assignee=request.user)
        if self.value() == "nobody":
            return queryset.filter(assignee__isnull=True)
        return queryset


class BreachedFilter(admin.SimpleListFilter):
    title = _("SLA breached")
    parameter_name = "breached"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(sla_breached_at__isnull=self.value() == "no")
        return queryset


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Reply"),
        max_length=MAX_BODY_CHARS,
        widget=forms.Textarea(attrs={"rows": 6, "class": "vLargeTextField"}),
    )
    internal = forms.BooleanField(required=False, label=_("Internal note (only staff see it)"))


# --- The ticket page ---------------------------------------------------------------------


def workspace(ticket: Ticket, *, request) -> dict:
    """Everything the ticket page shows around the facts, in a fixed number of queries
    whatever the length of the conversation."""
    transcript = [
        {"message": message, "author": author(message)}
        for message in ticket.messages.select_related("author").order_by("seq")
    ]
    events = list(ticket.events.select_related("actor"))
    people = ids_mentioned(events, "agent", Kind.ASSIGNED, Kind.UNASSIGNED, Kind.TAKEN_OVER)
    users = User.objects.in_bulk(people)
    queues = Queue.objects.in_bulk(ids_mentioned(events, "to", Kind.QUEUE_CHANGED))
    merged = list(ticket.merged_tickets.order_by("pk"))
    merged_messages = Message.objects.filter(ticket__in=merged).select_related("author")
    canned = list(CannedResponse.objects.filter(Q(queue__isnull=True) | Q(queue=ticket.queue_id)))
    for response in canned:  # shown and inserted as this agent sends it on this ticket
        response.body = render_canned(response.body, ticket=ticket, agent=request.user)
    others = list(
        Ticket.objects.filter(customer_id=ticket.customer_id)
        .exclude(pk=ticket.pk)
        .order_by("-created_at")[:5]
    )
    # Without JavaScript, "Insert" reloads the page with the chosen text in the box.
    chosen = request.GET.get("canned", "")
    body = next((response.body for response in canned if str(response.pk) == chosen), "")
    user = request.user
    return {
        "title": gettext("Ticket #%(pk)s") % {"pk": ticket.pk},
        "buttons": buttons(ticket, user),
        "owner_elsewhere": owned_by_colleague(ticket, user),
        "merged": [
            {
                "ticket": source,
                "transcript": [
                    {"message": message, "author": author(message)}
                    for message in merged_messages
                    if message.ticket_id == source.pk
                ],
            }
            for source in merged
        ],
        "assign_form": AssignForm(user=user, auto_id="assign-%s"),
        "change_form": ChangeForm.for_ticket(ticket, [tag.name for tag in ticket.tags.all()]),
        "merge_targets": [
            other for other in others if other.status != Status.CLOSED and other.pk != ticket.pk
        ],
        "work_url": reverse("admin:tickets_ticket_work", args=[ticket.pk]),
        "transcript": transcript,
        "internal_notes": [row for row in transcript if row["message"].is_internal],
        "timeline": [
            {"event": event, "summary": event_summary(event, users=users, queues=queues)}
            for event in events
        ],
        "canned": canned,
        # A colleague's conversation: what this agent writes is a note unless they take over.
        "reply_form": ReplyForm(
            initial={"body": body, "internal": owned_by_colleague(ticket, user)},
            auto_id="reply-%s",
        ),
        "other_tickets": others,
        "packet": handoff_packet.packet(ticket, [row["message"] for row in transcript]),
        "customer_sections": customer_panel.sections_for(ticket.customer, user=user),
    }


def excerpt(text: str, length: int = 80):
    """The start of what someone wrote, for a list's column: escaped, its invisible and
    direction-changing characters shown as markers, isolated from the row in a <bdi>."""
    short = text if len(text) <= length else text[: length - 1] + "…"
    return format_html("<bdi>{}</bdi>", show_invisible(short))
