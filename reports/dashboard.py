"""The dashboard's panels and the export's rows, put together from the figures of
reports.selectors (which say what each counts). A fixed number of queries, whatever
the size of the desk or the length of the range."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reports import selectors
from reports.charts import Chart, Series
from reports.scope import DAY, TIER, Scope
from tickets.models import HandOffCode, Tier

EXPORT_COLUMNS = [
    "day", "conversations", "resolved_by_assistant", "handed_off", "median_minutes_assistant",
    "median_minutes_person", "first_response_sla_met_pct", "vip_promise_met_pct", "breaches",
    "credits", "csat_assistant", "csat_person",
]  # fmt: skip

# What the dashboard calls each hand-off reason (the CSV export keeps its English keys).
CODE_LABELS = {"": _("Opened by staff"), **dict(HandOffCode.choices)}


def daily(scope: Scope) -> dict:
    """Each by-day figure the trends and the export need, one query each; with the
    whole scope's counts and CSAT, which add up from the same rows."""
    counts, counts_total = selectors.conversation_counts(scope, by=DAY, with_total=True)
    csat, csat_total = selectors.csat(scope, by=DAY, with_total=True)
    return {
        "counts": counts,
        "counts_total": counts_total,
        "times": selectors.resolution_times(scope, by=DAY),
        "sla": selectors.sla_figures(scope, by=DAY),
        "csat": csat,
        "csat_total": csat_total,
        "breaches": selectors.breaches(scope, by=DAY),
        "credits": selectors.credits(scope, by=DAY),
    }


def desk(scope: Scope) -> dict:
    """Everything a supervisor's dashboard shows for `scope`."""
    by_day = daily(scope)
    counts, csat = by_day["counts_total"], by_day["csat_total"]
    times = selectors.resolution_times(scope)
    sla_tiers, sla = selectors.sla_figures(scope, by=TIER, with_total=True)
    breaches_by_tier = selectors.breaches(scope, by=TIER)
    return {
        "counts": counts,
        "codes": [
            (CODE_LABELS[code], number)
            for code, number in counts["by_code"].items()
            if number or code
        ],
        "times": times,
        "assistant_hours": selectors.assistant_hours(counts, times),
        "sla": sla,
        "sla_tiers": _by_tier(sla_tiers, breaches_by_tier),
        "breaches": sum(row["total"] for row in breaches_by_tier.values()),
        "credits": selectors.credits(scope),
        "csat": csat,
        "csat_paths": [(label, csat[key]) for key, label, _condition in selectors.PATHS],
        "csat_tiers": _tiers(selectors.csat(scope, by=TIER)),
        "missed": selectors.missed_handoffs(scope),
        "needless": selectors.needless_handoffs(scope),
        "agents": selectors.agent_figures(scope),
        "charts": charts(scope, by_day),
    }


def agent(scope: Scope) -> dict:
    """An agent's own figures (`scope` names them): their row of the agents' table."""
    return {"mine": selectors.agent_figures(scope)}


def _tiers(by_tier: dict) -> list[tuple[str, dict]]:
    return [(label, by_tier[tier]) for tier, label in Tier.choices if tier in by_tier]


def _by_tier(sla_by_tier: dict, breaches_by_tier: dict) -> list[tuple[str, dict, int]]:
    return [
        (label, sla_by_tier[tier], breaches_by_tier.get(tier, {}).get("total", 0))
        for tier, label in Tier.choices
        if tier in sla_by_tier
    ]


def _each_day(scope: Scope, rows: dict, read) -> list:
    return [read(rows[day]) if day in rows else None for day in scope.days]


def charts(scope: Scope, by_day: dict) -> list[Chart]:
    counts, times, sla, csat = by_day["counts"], by_day["times"], by_day["sla"], by_day["csat"]

    def line(label, rows, read):
        return Series(label, _each_day(scope, rows, read))

    return [
        Chart("containment", _("Resolved by the assistant alone"), "%", scope.days, [
            line(_("Containment"), counts, lambda row: row["containment_pct"]),
        ], ceiling=100),
        Chart("resolution", _("Median time to resolution"), "min", scope.days, [
            line(_("Assistant only"), times, lambda row: row["assistant"]["median"]),
            *[
                line(
                    _("%(tier)s, with a person") % {"tier": label}, times,
                    lambda r, t=tier: r[f"person_{t}"]["median"],
                )
                for tier, label in Tier.choices
            ],
        ]),
        Chart("csat", _("CSAT by path (1 to 5)"), "", scope.days, [
            line(label, csat, lambda row, k=key: row[k]["average"])
            for key, label, _condition in selectors.PATHS
        ], ceiling=5),
        Chart("sla", _("SLA met"), "%", scope.days, [
            line(_("First response"), sla, lambda row: row["first_response"]["met_pct"]),
            line(_("VIP promise"), sla, lambda row: row["vip_promise"]["met_pct"]),
            line(_("Resolution"), sla, lambda row: row["resolution"]["met_pct"]),
        ], ceiling=100),
    ]  # fmt: skip


def export_rows(scope: Scope) -> list[list[str]]:
    """One row a day from the scope's first day to its last, EXPORT_COLUMNS: a day
    without conversations is a row of zeros; a CSAT nobody gave is empty; a median
    or a % with nothing to measure is 0."""
    by_day = daily(scope)
    rows = []
    for day in scope.days:
        counts = by_day["counts"].get(day)
        if counts is None:
            rows.append([day.isoformat(), *["0"] * 9, "", ""])
            continue
        times, sla = by_day["times"][day], by_day["sla"][day]
        csat = by_day["csat"][day]
        rows.append([
            day.isoformat(),
            str(counts["conversations"]),
            str(counts["resolved_by_assistant"]),
            str(counts["handed_off"]),
            number(times["assistant"]["median"]),
            number(times["person"]["median"]),
            number(sla["first_response"]["met_pct"]),
            number(sla["vip_promise"]["met_pct"]),
            str(by_day["breaches"].get(day, {}).get("total", 0)),
            str(by_day["credits"].get(day, {}).get("count", 0)),
            number(csat["assistant"]["average"], places=2, empty=""),
            number(csat["with_a_person"]["average"], places=2, empty=""),
        ])  # fmt: skip
    return rows


def number(value, *, places: int = 1, empty: str = "0") -> str:
    """`value` rounded to `places` decimals, without trailing zeros ("12", "3.5")."""
    if value is None:
        return empty
    text = str(Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
    return text.rstrip("0").rstrip(".") if "." in text else text


def range_text(first: dt.date, last: dt.date) -> str:
    """The report's days, in the reader's language ("from 1 March 2025 to 30 March 2025")."""
    if first == last:
        return gettext("on %(day)s") % {"day": date_format(first, "j F Y")}
    return gettext("from %(first)s to %(last)s") % {
        "first": date_format(first, "j F Y"),
        "last": date_format(last, "j F Y"),
    }
