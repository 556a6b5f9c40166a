"""Each figure, on the hand-built desk (reports.tests.desk) where every number is
known."""

from decimal import Decimal

import pytest

from reports import selectors
from reports.scope import DAY, TIER, Scope
from reports.tests.desk import D1, D2, D3

DESK = Scope(first=D1, last=D3)


def test_conversations_and_containment(known_desk):
    counts = selectors.conversation_counts(DESK)

    assert counts["conversations"] == 8  # A1-A4, P1-P4: not M1 (merged), not X1 (before)
    assert counts["resolved_by_assistant"] == 2  # A1, A2; A3 was reopened, A4 is open
    assert counts["containment_pct"] == 25.0
    assert counts["handed_off"] == 4
    assert counts["by_code"] == {
        "": 0, "asked": 2, "risky_topic": 1, "act_on_account": 0, "distress": 1,
        "staff_rule": 0, "assistant_failed": 0, "other": 0,
    }  # fmt: skip


def test_missed_and_needless_hand_offs_with_their_conversations(known_desk):
    counts = selectors.conversation_counts(DESK)
    missed = selectors.missed_handoffs(DESK)
    needless = selectors.needless_handoffs(DESK)

    assert (counts["missed_handoffs"], counts["needless_handoffs"]) == (2, 1)
    assert [(row["subject"], row["why"]) for row in missed] == [
        ("P1", ["asked for a person"]),
        ("A3", ["reopened", "rated 2"]),
    ]
    assert [(row["subject"], row["assignee__full_name"]) for row in needless] == [
        ("P2", "Lee Colleague")
    ]


def test_time_to_resolution_assistant_only_and_with_a_person(known_desk):
    times = selectors.resolution_times(DESK)

    assert times["assistant"] == {"median": 3.0, "p90": pytest.approx(3.8)}  # A1 2, A2 4
    # P1 35, P3 40, P2 121 minutes from the start to the solve
    assert times["person"] == {"median": 40.0, "p90": pytest.approx(104.8)}
    assert times["person_standard"]["median"] == 78.0
    assert times["person_vip"] == {"median": 40.0, "p90": 40.0}
    assert times["handling_median"] == 40.0  # 30, 40, 120 from the hand-off


def test_first_response_and_resolution_against_sla_by_tier(known_desk):
    total = selectors.sla_figures(DESK)
    tiers = selectors.sla_figures(DESK, by=TIER)

    assert total["first_response"] == {"met": 2, "missed": 2, "met_pct": 50.0, "median": 10.0}
    assert total["resolution"] == {"met": 3, "missed": 0, "met_pct": 100.0, "median": 40.0}
    assert tiers["standard"]["first_response"] == {
        "met": 1, "missed": 1, "met_pct": 50.0, "median": 35.0,
    }  # fmt: skip
    assert tiers["vip"]["first_response"] == {
        "met": 1, "missed": 1, "met_pct": 50.0, "median": 10.0,
    }  # fmt: skip
    assert tiers["standard"]["resolution"]["median"] == 75.0  # P1 30, P2 120


def test_the_vip_promise_kept(known_desk):
    assert selectors.sla_figures(DESK)["vip_promise"] == {"met": 1, "missed": 1, "met_pct": 50.0}


def test_breaches_and_credits(known_desk):
    assert selectors.breaches(DESK) == {
        "total": 2, "first_response": 2, "next_response": 0, "resolution": 0,
    }  # fmt: skip
    assert {tier: row["total"] for tier, row in selectors.breaches(DESK, by=TIER).items()} == {
        "standard": 1, "vip": 1,
    }  # fmt: skip
    credits = selectors.credits(DESK)
    assert (credits["count"], credits["amount"], credits["currency"]) == (1, Decimal("9"), "EUR")


def test_csat_by_path_with_the_response_rate(known_desk):
    figures = selectors.csat(DESK)

    assert figures["all"] == {"average": 3.4, "rated": 5, "response_rate": pytest.approx(500 / 6)}
    assert figures["assistant"] == {
        "average": 3.5, "rated": 2, "response_rate": pytest.approx(200 / 3),
    }  # fmt: skip
    assert figures["handed_off"] == {"average": 2.5, "rated": 2, "response_rate": 100.0}
    assert figures["from_start"] == {"average": 5.0, "rated": 1, "response_rate": 100.0}
    assert figures["with_a_person"]["average"] == pytest.approx(10 / 3)


def test_csat_by_tier(known_desk):
    tiers = selectors.csat(DESK, by=TIER)

    assert tiers["standard"]["all"]["average"] == 3.0  # 5, 2, 4, 1
    assert tiers["vip"]["all"] == {"average": 5.0, "rated": 1, "response_rate": 100.0}


def test_figures_per_agent(known_desk, agent, colleague):
    rows = selectors.agent_figures(DESK)

    assert rows == [
        {"agent_id": agent.pk, "name": "Dana Agent", "handled": 2, "solved": 2,
         "handling_median": 35.0, "average": 4.5, "rated": 2},
        {"agent_id": colleague.pk, "name": "Lee Colleague", "handled": 1, "solved": 1,
         "handling_median": 120.0, "average": 1.0, "rated": 1},
    ]  # fmt: skip


def test_the_assistants_work_in_agent_hours(known_desk):
    hours = selectors.assistant_hours(
        selectors.conversation_counts(DESK), selectors.resolution_times(DESK)
    )

    assert hours == pytest.approx(2 * 40 / 60)


def test_figures_by_day(known_desk):
    counts = selectors.conversation_counts(DESK, by=DAY)

    assert {day: (row["conversations"], row["resolved_by_assistant"], row["handed_off"])
            for day, row in counts.items()} == {D1: (4, 2, 1), D2: (4, 0, 3)}  # fmt: skip
    assert selectors.resolution_times(DESK, by=DAY)[D2]["person"]["median"] == 80.5


def test_a_scope_narrows_to_a_queue_a_tier_or_an_agent(known_desk, agent):
    vip = Scope(first=D1, last=D3, tier="vip")
    mine = Scope(first=D1, last=D3, agent_id=agent.pk)

    assert selectors.conversation_counts(vip)["conversations"] == 2
    assert selectors.conversation_counts(mine)["conversations"] == 2  # P1, P3
    assert selectors.conversation_counts(Scope(first=D1, last=D1))["conversations"] == 4


def test_nothing_to_measure_is_none_not_zero(db):
    counts = selectors.conversation_counts(DESK)
    times = selectors.resolution_times(DESK)

    assert (counts["conversations"], counts["containment_pct"]) == (0, None)
    assert times["assistant"] == {"median": None, "p90": None}
    assert selectors.csat(DESK)["all"] == {"average": None, "rated": 0, "response_rate": None}


def test_the_whole_scope_from_the_days_rows_is_the_whole_scopes_figure(known_desk):
    _, counts = selectors.conversation_counts(DESK, by=DAY, with_total=True)
    _, csat = selectors.csat(DESK, by=DAY, with_total=True)
    _, sla = selectors.sla_figures(DESK, by=TIER, with_total=True)

    assert counts == selectors.conversation_counts(DESK)
    assert csat == selectors.csat(DESK)
    assert sla["vip_promise"] == selectors.sla_figures(DESK)["vip_promise"]
    assert sla["first_response"]["median"] is None  # a median does not add up
