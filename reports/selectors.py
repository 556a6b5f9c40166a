"""The desk's figures, each defined once, here, with exactly what it counts.

Every figure is about the conversations (tickets) of a `Scope` (reports.scope): those
that *started* on the scope's days, in the desk's TIME_ZONE, in its queue and tier
when it names them, and only an agent's own in an agent's report. The conditions
below (`resolved_by_assistant`, `missed_handoff`, ...) say what a conversation must
be to count; the selectors after them count, in the database, in one query each
whatever the size of the data, grouped by `by`: None (the whole scope), DAY (the day
each conversation started) or TIER. Times are in minutes; medians and p90s are
PostgreSQL's percentile_cont (the same function on SQLite, reports.sql).
"""

from django.db.models import Avg, Count, Exists, F, Max, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from reports.scope import Scope, group_key
from reports.sql import Percentile, Seconds
from tickets.models import HandOffCode, SLABreach, Ticket, TicketEvent, Tier
from vip.models import ServiceCredit

Status = Ticket.Status
ENDED = [Status.SOLVED, Status.CLOSED]
Target = SLABreach.Target


# --- What a conversation must be to count ----------------------------------------------------


def with_a_person() -> Q:
    """A person took part: the conversation was handed to people (or opened by staff
    for the customer, which starts it with them), or an agent wrote to the customer
    (their first public message stamps first_responded_at; an internal note does not)."""
    return Q(handed_off_at__isnull=False) | Q(first_responded_at__isnull=False)


def _reopenings():
    """The moves of conversations from solved back to open: by the customer (the
    reopen button, or writing to it again) or by staff."""
    return TicketEvent.objects.filter(
        kind=TicketEvent.Kind.STATUS_CHANGED, data__from=Status.SOLVED, data__to=Status.OPEN
    )


def reopened() -> Q:
    """Reopened: moved from solved back to open at least once. (A solved conversation
    may be reopened for 7 days, tickets.services.REOPEN_WITHIN_DAYS; then it closes, so
    every reopening is within 7 days of a solve.)"""
    # Not correlated: the database reads the few reopenings once (an index holds them),
    # not once per conversation.
    return Q(pk__in=_reopenings().values("ticket_id"))


def resolved_by_assistant() -> Q:
    """Containment: the assistant resolved the conversation alone. It ended (solved:
    the customer's "That solved it", idling out, or a solve) and is still solved or
    closed; no person took part (no hand-off, no agent message: `with_a_person`); and
    it was never reopened (`reopened`)."""
    return Q(status__in=ENDED, solved_at__isnull=False) & ~with_a_person() & ~reopened()


def resolved_with_a_person() -> Q:
    """Resolved with a person: solved (and still solved or closed), a person took part."""
    return Q(status__in=ENDED, solved_at__isnull=False) & with_a_person()


def handed_off() -> Q:
    """Handed to a person: the assistant gave the conversation to people (a hand-off,
    with its HandOffCode), or staff opened it for the customer (no code)."""
    return Q(handed_off_at__isnull=False)


# The paths a conversation takes, for CSAT: (key, label, condition).
PATHS = [
    ("assistant", _("Assistant only"), ~with_a_person()),
    ("handed_off", _("Handed off"), with_a_person() & Q(ai_turns__gt=0)),
    ("from_start", _("Person from the start"), with_a_person() & Q(ai_turns=0)),
]
PATHS_DOC = """The path a conversation took: "assistant only" when no person took part
(`with_a_person` is false); "handed off" when the assistant answered at least once and
a person took part; "person from the start" when a person took part and the assistant
never answered (the customer asked for a person first thing, or staff opened it)."""


def missed_handoff() -> Q:
    """A missed hand-off: the assistant answered at least once (ai_turns > 0), and
    then the customer
    - asked for a person (the hand-off's code is "asked"), or
    - reopened the conversation before any person had written to them, or
    - rated it 1 or 2 with no person having taken part."""
    reopened_before_a_person = (Q(first_responded_at__isnull=True) & reopened()) | Exists(
        _reopenings().filter(ticket=OuterRef("pk"), created_at__lt=OuterRef("first_responded_at"))
    )
    low_rating_of_the_assistant = Q(rating__score__lte=2) & ~with_a_person()
    return Q(ai_turns__gt=0) & (
        Q(handoff_code=HandOffCode.ASKED) | reopened_before_a_person | low_rating_of_the_assistant
    )


def needless_handoff() -> Q:
    """A needless hand-off: the agent who solved the conversation marked, with the
    solve, that the assistant could have handled it (Ticket.assistant_could_have_handled)."""
    return Q(assistant_could_have_handled=True)


def _breach(target: str) -> Q:
    """A breach of `target` was recorded (uncorrelated, like `reopened`)."""
    return Q(pk__in=SLABreach.objects.filter(target=target).values("ticket_id"))


def first_response_met() -> Q:
    """First response met: the conversation had a first-response target (set at the
    hand-off by its SLA policy), a person replied by its due time, and no
    first-response breach was recorded."""
    return Q(
        first_response_due_at__isnull=False,
        first_responded_at__lte=F("first_response_due_at"),
    ) & ~_breach(Target.FIRST_RESPONSE)


def first_response_missed() -> Q:
    """First response missed: the SLA monitor recorded a first-response breach, or the
    first reply came after the due time. (Conversations still within their target,
    or ended before anyone replied and before it was due, count as neither.)"""
    return Q(first_response_due_at__isnull=False) & (
        _breach(Target.FIRST_RESPONSE) | Q(first_responded_at__gt=F("first_response_due_at"))
    )


def resolution_met() -> Q:
    """Resolution met: solved by the resolution target's due time, no resolution breach."""
    return Q(resolution_due_at__isnull=False, solved_at__lte=F("resolution_due_at")) & ~_breach(
        Target.RESOLUTION
    )


def resolution_missed() -> Q:
    """Resolution missed: a resolution breach was recorded, or solved after the due time."""
    return Q(resolution_due_at__isnull=False) & (
        _breach(Target.RESOLUTION) | Q(solved_at__gt=F("resolution_due_at"))
    )


def resolution_seconds() -> Seconds:
    """Time to resolution: from the start of the conversation to its (last) solve."""
    return Seconds("solved_at", "created_at")


def handling_seconds() -> Seconds:
    """Handling time: from the hand-off (or, without one, the first agent message) to
    the solve."""
    return Seconds("solved_at", Coalesce("handed_off_at", "first_responded_at"))


# --- The figures -----------------------------------------------------------------------------


def _in(scope: Scope):
    return Ticket.objects.filter(scope.q()).order_by()


def _grouped(queryset, by: str | None, aggregates: dict, prefix: str = ""):
    """The aggregates over the whole queryset (by None: one dict), or per group (a
    dict of dicts by the group's key; groups without rows are absent)."""
    if by is None:
        return queryset.aggregate(**aggregates)
    rows = queryset.annotate(group=group_key(by, prefix)).values("group").annotate(**aggregates)
    return {row.pop("group"): row for row in rows}


def _each(result, by, shape, total_of: dict | None = None):
    """`shape` applied to the one row (by None) or to each group's; `total_of` (the
    aggregates): and to the groups' sum, returned with them, from the same query
    (counts and sums add up; a percentile does not, and is None in the sum)."""
    if by is None:
        return shape(result)
    if total_of is None:
        return {key: shape(row) for key, row in result.items()}
    summed = {
        name: None if isinstance(aggregate, Percentile) else
        sum(row[name] or 0 for row in result.values())
        for name, aggregate in total_of.items()
    }  # fmt: skip
    return {key: shape(row) for key, row in result.items()}, shape(summed)


def minutes(seconds: float | None) -> float | None:
    return None if seconds is None else seconds / 60


def average(total, count: int) -> float | None:
    return total / count if count else None


def percent(part: int, whole: int) -> float | None:
    """part of whole in %, None when whole is 0 (nothing to measure)."""
    return 100 * part / whole if whole else None


def conversation_counts(scope: Scope, *, by: str | None = None, with_total: bool = False):
    """How many conversations there were and how they went:
    - `conversations`: every conversation of the scope;
    - `resolved_by_assistant`: containment, see `resolved_by_assistant`;
      `containment_pct` is its share of `conversations`;
    - `handed_off`: see `handed_off`; `by_code` splits them by HandOffCode (the one
      list of hand-off reasons; "" for a conversation staff opened);
    - `missed_handoffs` and `needless_handoffs`: see `missed_handoff` and
      `needless_handoff`.
    `with_total` (with a `by`): (the groups, the whole scope) from the one query; a
    median of the whole scope is None there."""
    aggregates = {
        "conversations": Count("pk"),
        "resolved_by_assistant": Count("pk", filter=resolved_by_assistant()),
        "handed_off": Count("pk", filter=handed_off()),
        "missed_handoffs": Count("pk", filter=missed_handoff()),
        "needless_handoffs": Count("pk", filter=needless_handoff()),
        **{
            f"code_{code}": Count("pk", filter=handed_off() & Q(handoff_code=code))
            for code in ["", *HandOffCode.values]
        },
    }

    def shape(row):
        by_code = {code: row.pop(f"code_{code}") for code in ["", *HandOffCode.values]}
        return {
            **row,
            "by_code": by_code,
            "containment_pct": percent(row["resolved_by_assistant"], row["conversations"]),
        }

    total_of = aggregates if with_total else None
    return _each(_grouped(_in(scope), by, aggregates), by, shape, total_of)


def resolution_times(scope: Scope, *, by: str | None = None):
    """Time to resolution (`resolution_seconds`) in minutes, the median, and the p90
    for the whole scope (by None; None per group, where the trends need medians only):
    - `assistant`: conversations resolved by the assistant alone (`resolved_by_assistant`);
    - `person`: conversations resolved with a person (`resolved_with_a_person`), and
      `person_<tier>` for each tier;
    and `handling_median`: the median handling time (`handling_seconds`) of the
    conversations resolved with a person: the desk's time for one person-handled
    conversation."""
    groups = {
        "assistant": resolved_by_assistant(),
        "person": resolved_with_a_person(),
        **{f"person_{tier}": resolved_with_a_person() & Q(tier=tier) for tier in Tier.values},
    }
    aggregates = {
        f"{name}_median": Percentile(resolution_seconds(), 0.5, filter=condition)
        for name, condition in groups.items()
    }
    if by is None:
        aggregates.update({
            f"{name}_p90": Percentile(resolution_seconds(), 0.9, filter=condition)
            for name, condition in groups.items()
        })  # fmt: skip
    aggregates["handling_median"] = Percentile(
        handling_seconds(), 0.5, filter=resolved_with_a_person()
    )

    def shape(row):
        return {
            **{
                name: {
                    "median": minutes(row[f"{name}_median"]),
                    "p90": minutes(row.get(f"{name}_p90")),
                }
                for name in groups
            },
            "handling_median": minutes(row["handling_median"]),
        }

    return _each(_grouped(_in(scope), by, aggregates), by, shape)


def sla_figures(scope: Scope, *, by: str | None = None, with_total: bool = False):
    """The SLA targets against what happened, for conversations handed to people:
    - `first_response`: `met` and `missed` (see `first_response_met` and
      `first_response_missed`), `met_pct` = met / (met + missed), and `median`: minutes
      from the hand-off to the first agent message;
    - `resolution`: the same for the resolution target (`resolution_met`,
      `resolution_missed`), `median` in minutes from the hand-off to the solve;
    - `vip_promise`: the VIP promise is the VIP tier's first-response target: its
      `met`, `missed` and `met_pct` on VIP conversations.
    `with_total` (with a `by`): (the groups, the whole scope) from the one query; a
    median of the whole scope is None there."""
    vip = Q(tier=Tier.VIP)
    aggregates = {
        "fr_met": Count("pk", filter=first_response_met()),
        "fr_missed": Count("pk", filter=first_response_missed()),
        "fr_median": Percentile(
            Seconds("first_responded_at", "handed_off_at"), 0.5,
            filter=Q(handed_off_at__isnull=False, first_responded_at__isnull=False),
        ),
        "res_met": Count("pk", filter=resolution_met()),
        "res_missed": Count("pk", filter=resolution_missed()),
        "res_median": Percentile(
            Seconds("solved_at", "handed_off_at"), 0.5,
            filter=Q(handed_off_at__isnull=False) & resolved_with_a_person(),
        ),
        "vip_met": Count("pk", filter=first_response_met() & vip),
        "vip_missed": Count("pk", filter=first_response_missed() & vip),
    }  # fmt: skip

    def target(met, missed):
        return {"met": met, "missed": missed, "met_pct": percent(met, met + missed)}

    def shape(row):
        return {
            "first_response": {
                **target(row["fr_met"], row["fr_missed"]),
                "median": minutes(row["fr_median"]),
            },
            "resolution": {
                **target(row["res_met"], row["res_missed"]),
                "median": minutes(row["res_median"]),
            },
            "vip_promise": target(row["vip_met"], row["vip_missed"]),
        }

    total_of = aggregates if with_total else None
    return _each(_grouped(_in(scope), by, aggregates), by, shape, total_of)


def breaches(scope: Scope, *, by: str | None = None):
    """SLA breaches: the missed targets the SLA monitor recorded (SLABreach, one per
    target and due time: first response, next response, resolution) on the scope's
    conversations, counted by the day the conversation started; `total` and by target."""
    rows = SLABreach.objects.filter(scope.q("ticket__")).order_by()
    aggregates = {
        "total": Count("pk"),
        **{target: Count("pk", filter=Q(target=target)) for target in Target.values},
    }
    return _grouped(rows, by, aggregates, prefix="ticket__")


def credits(scope: Scope, *, by: str | None = None):
    """Service credits issued: one per missed VIP promise (vip.ServiceCredit), on the
    scope's conversations, whether or not it has reached the customer's balance yet:
    `count` and `amount` (the sum; `currency` the largest code, as the desk uses one)."""
    rows = ServiceCredit.objects.filter(scope.q("ticket__")).order_by()
    aggregates = {"count": Count("pk"), "amount": Sum("amount"), "currency": Max("currency")}
    return _grouped(rows, by, aggregates, prefix="ticket__")


def csat(scope: Scope, *, by: str | None = None, with_total: bool = False):
    """Customer satisfaction (CSAT, the 1-5 rating a customer gives once a
    conversation is solved), overall (`all`), by path (see PATHS_DOC) and for every
    conversation a person took part in (`with_a_person`, the last two paths together):
    `average` score (None when nobody rated), `rated` conversations, and
    `response_rate`: rated / rateable (solved or closed, or rated).
    `with_total` (with a `by`): (the groups, the whole scope) from the one query; a
    median of the whole scope is None there."""
    rateable = Q(status__in=ENDED) | Q(rating__isnull=False)
    conditions = {
        "all": Q(),
        **{key: condition for key, _label, condition in PATHS},
        "with_a_person": with_a_person(),
    }
    aggregates = {}
    for name, condition in conditions.items():
        aggregates[f"{name}_score"] = Sum("rating__score", filter=condition)
        aggregates[f"{name}_rated"] = Count("rating", filter=condition)
        aggregates[f"{name}_rateable"] = Count("pk", filter=condition & rateable)

    def shape(row):
        return {
            name: {
                "average": average(row[f"{name}_score"], row[f"{name}_rated"]),
                "rated": row[f"{name}_rated"],
                "response_rate": percent(row[f"{name}_rated"], row[f"{name}_rateable"]),
            }
            for name in conditions
        }

    total_of = aggregates if with_total else None
    return _each(_grouped(_in(scope), by, aggregates), by, shape, total_of)


csat.__doc__ += "\n\n" + PATHS_DOC


def missed_handoffs(scope: Scope, *, limit: int = 50) -> list[dict]:
    """The conversations behind the missed hand-offs count (`missed_handoff`), newest
    first, at most `limit`, each with which of the three things happened."""
    rows = (
        _in(scope)
        .filter(missed_handoff())
        .annotate(score=F("rating__score"), was_reopened=reopened())
        .order_by("-created_at", "-pk")
        .values("pk", "subject", "created_at", "handoff_code", "score", "was_reopened",
                "first_responded_at", "handed_off_at")[:limit]
    )  # fmt: skip
    return [{**row, "why": _why_missed(row)} for row in rows]


def _why_missed(row) -> list[str]:
    why = []
    if row["handoff_code"] == HandOffCode.ASKED:
        why.append("asked for a person")
    if row["was_reopened"]:
        why.append("reopened")
    if row["score"] is not None and row["score"] <= 2 and not row["handed_off_at"]:
        why.append(f"rated {row['score']}")
    return why


def needless_handoffs(scope: Scope, *, limit: int = 50) -> list[dict]:
    """The conversations behind the needless hand-offs count (`needless_handoff`),
    newest first, at most `limit`, with who solved them (the assignee)."""
    return list(
        _in(scope)
        .filter(needless_handoff())
        .order_by("-created_at", "-pk")
        .values("pk", "subject", "created_at", "handoff_code", "assignee__full_name",
                "assignee__email")[:limit]
    )  # fmt: skip


def agent_figures(scope: Scope) -> list[dict]:
    """Per agent, for the conversations they have (the ticket's assignee): `handled`
    (how many), `solved`, `handling_median` (minutes, `handling_seconds`, over the
    solved ones), and their CSAT `average` and `rated`. Most conversations first."""
    rows = (
        _in(scope)
        .filter(assignee__isnull=False)
        .values("assignee_id", "assignee__full_name", "assignee__email")
        .annotate(
            handled=Count("pk"),
            solved=Count("pk", filter=Q(status__in=ENDED, solved_at__isnull=False)),
            handling=Percentile(
                handling_seconds(), 0.5, filter=Q(status__in=ENDED, solved_at__isnull=False)
            ),
            average=Avg("rating__score"),
            rated=Count("rating"),
        )
        .order_by("-handled", "assignee__full_name")
    )
    return [
        {
            "agent_id": row["assignee_id"],
            "name": row["assignee__full_name"] or row["assignee__email"],
            "handled": row["handled"],
            "solved": row["solved"],
            "handling_median": minutes(row["handling"]),
            "average": row["average"],
            "rated": row["rated"],
        }
        for row in rows
    ]


def assistant_hours(counts: dict, times: dict) -> float | None:
    """The work the assistant took on, in hours of agent time: the conversations it
    resolved alone (`resolved_by_assistant`) times the desk's median handling time
    of a person-handled conversation (`resolution_times`' handling_median); None when
    no person-handled conversation gives that time."""
    median = times["handling_median"]
    if median is None:
        return None
    return counts["resolved_by_assistant"] * median / 60
