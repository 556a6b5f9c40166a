"""The escalation rules' semantics, through the pure `decide` on unsaved instances:
conditions (all that are set must hold), actions, order, `stop_here`, inactive
rules, and the explicit request for a person that always ends in a hand-off."""

from datetime import UTC, datetime, timedelta

import pytest

from tickets.models import EscalationRule, Priority, Ticket, Tier
from tickets.rules import Signals, decide

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)


def rule(name="a rule", **fields):
    return EscalationRule(name=name, **fields)


def ticket(**fields):
    fields.setdefault("created_at", NOW)
    return Ticket(**fields)


def decision_for(rules, *, on=None, now=NOW, **signals):
    return decide(on or ticket(), Signals(**signals), rules, now)


def matches(a_rule, *, on=None, now=NOW, **signals):
    return decision_for([a_rule], on=on, now=now, **signals).matched == [a_rule.name]


# --- Conditions ----------------------------------------------------------------------


def test_a_rule_with_no_condition_matches_every_message():
    catch_all = rule("everything", add_tag="seen")

    assert matches(catch_all)
    assert matches(catch_all, text="hello", intent="fees", sentiment=0.9)
    assert matches(catch_all, on=ticket(tier=Tier.VIP, priority=Priority.LOW))


@pytest.mark.parametrize(
    ("tier", "expected"), [(Tier.VIP, True), (Tier.STANDARD, False)], ids=["vip", "standard"]
)
def test_a_tier_condition_matches_only_tickets_of_that_tier(tier, expected):
    assert matches(rule(tier=Tier.VIP), on=ticket(tier=tier)) is expected


@pytest.mark.parametrize(
    ("intent", "expected"),
    [("fraud", True), ("lost_card", True), ("fees", False), ("", False)],
)
def test_an_intents_condition_matches_any_of_its_intents_and_nothing_else(intent, expected):
    assert matches(rule(intents=["fraud", "lost_card"]), intent=intent) is expected


def test_an_intents_condition_ignores_an_intent_the_triage_only_guessed():
    risky = rule(intents=["fraud"], hand_off=True)

    assert not matches(risky, intent="fraud", intent_confidence=0.24, intent_sure=False)
    assert matches(risky, intent="fraud", intent_confidence=0.8, intent_sure=True)


@pytest.mark.parametrize(
    ("sentiment", "expected"), [(-0.9, True), (-0.61, True), (-0.6, False), (0.4, False)]
)
def test_a_sentiment_condition_matches_only_sentiment_strictly_below_it(sentiment, expected):
    assert matches(rule(sentiment_below=-0.6), sentiment=sentiment) is expected


def test_a_sentiment_threshold_of_zero_is_a_condition_and_not_an_empty_one():
    below_zero = rule(sentiment_below=0.0)

    assert matches(below_zero, sentiment=-0.1)
    assert not matches(below_zero, sentiment=0.1)


def test_an_explicit_request_condition_matches_only_when_the_customer_asked_for_a_person():
    asked = rule(explicit_human_request=True, add_tag="asked")

    assert matches(asked, explicit_human_request=True)
    assert not matches(asked, explicit_human_request=False)


@pytest.mark.parametrize(("ai_turns", "expected"), [(3, False), (4, True), (9, True)])
def test_a_minimum_of_assistant_turns_matches_from_that_many_answers_on(ai_turns, expected):
    assert matches(rule(min_ai_turns=4), on=ticket(ai_turns=ai_turns)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Please CANCEL my Contract today", True),
        ("cancel the whole contract", True),
        ("my contract says I can cancel", False),
        ("I cancelled nothing", False),
    ],
)
def test_a_pattern_is_a_case_insensitive_regular_expression(text, expected):
    assert matches(rule(pattern=r"\bcancel\b.*\bcontract\b"), text=text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("I will talk to my LAWYER about this", True), ("Lawyer.", True), ("I need a law", False)],
)
def test_a_pattern_that_is_a_plain_keyword_matches_it_anywhere_in_any_case(text, expected):
    assert matches(rule(pattern="lawyer"), text=text) is expected


@pytest.mark.parametrize(
    ("text", "expected"), [("a" * 3999 + "!", False), ("a" * 4000, True), ("AAAA", True)]
)
def test_a_nested_repetition_is_matched_by_the_linear_engine(text, expected):
    # Python's `re` would backtrack for ever on the first text (RE2 does not).
    assert matches(rule(pattern="(a+)+$"), text=text) is expected


def test_a_stored_pattern_the_engine_cannot_run_never_matches_nor_breaks_triage():
    assert matches(rule(pattern=r"(?=refund)"), text="refund please") is False


@pytest.mark.parametrize(("minutes", "expected"), [(30, True), (45, True), (46, False)])
def test_minutes_waiting_count_from_creation_before_a_hand_off(minutes, expected):
    waiting = ticket(created_at=NOW - timedelta(minutes=45))

    assert matches(rule(min_minutes_waiting=minutes), on=waiting) is expected


@pytest.mark.parametrize(("minutes", "expected"), [(10, True), (11, False), (60, False)])
def test_minutes_waiting_count_from_the_hand_off_once_there_is_one(minutes, expected):
    handed_off = ticket(
        created_at=NOW - timedelta(hours=3), handed_off_at=NOW - timedelta(minutes=10)
    )

    assert matches(rule(min_minutes_waiting=minutes), on=handed_off) is expected


@pytest.mark.parametrize(
    ("priority", "expected"),
    [(Priority.NORMAL, False), (Priority.HIGH, True), (Priority.URGENT, True)],
)
def test_a_minimum_priority_matches_tickets_of_that_priority_or_higher(priority, expected):
    assert matches(rule(min_priority=Priority.HIGH), on=ticket(priority=priority)) is expected


def vip_fraud_and_angry():
    return rule(
        "angry VIP fraud",
        tier=Tier.VIP,
        intents=["fraud"],
        sentiment_below=-0.5,
        pattern="card",
        min_priority=Priority.NORMAL,
    )


def test_a_rule_with_several_conditions_matches_when_all_of_them_hold():
    assert matches(
        vip_fraud_and_angry(),
        on=ticket(tier=Tier.VIP),
        text="Someone used my card",
        intent="fraud",
        sentiment=-0.8,
    )


@pytest.mark.parametrize(
    ("tier", "text", "intent", "sentiment", "priority"),
    [
        (Tier.STANDARD, "Someone used my card", "fraud", -0.8, Priority.NORMAL),
        (Tier.VIP, "Someone used my account", "fraud", -0.8, Priority.NORMAL),
        (Tier.VIP, "Someone used my card", "dispute", -0.8, Priority.NORMAL),
        (Tier.VIP, "Someone used my card", "fraud", -0.2, Priority.NORMAL),
        (Tier.VIP, "Someone used my card", "fraud", -0.8, Priority.LOW),
    ],
    ids=["tier", "pattern", "intent", "sentiment", "priority"],
)
def test_a_rule_with_several_conditions_does_not_match_when_one_fails(
    tier, text, intent, sentiment, priority
):
    decision = decision_for(
        [vip_fraud_and_angry()],
        on=ticket(tier=tier, priority=priority),
        text=text,
        intent=intent,
        sentiment=sentiment,
    )

    assert decision.matched == []


# --- Actions -------------------------------------------------------------------------


def test_no_matching_rule_decides_nothing():
    decision = decision_for([rule(intents=["fraud"], hand_off=True)], intent="fees")

    assert not decision.hand_off
    assert not decision.offer_human
    assert decision.priority is None
    assert decision.queue_id is None
    assert decision.tags == []
    assert not decision.notify_supervisors
    assert decision.matched == []
    assert decision.reason == ""


def test_a_hand_off_rule_hands_off_and_gives_its_name_as_the_reason():
    decision = decision_for([rule("upset", sentiment_below=-0.6, hand_off=True)], sentiment=-0.9)

    assert decision.hand_off
    assert not decision.offer_human
    assert decision.reason == "upset"


def test_an_offer_rule_offers_a_person_without_handing_off():
    decision = decision_for([rule(offer_human=True)])

    assert decision.offer_human
    assert not decision.hand_off


def test_a_priority_rule_sets_the_priority():
    assert decision_for([rule(set_priority=Priority.URGENT)]).priority == Priority.URGENT


def test_a_routing_rule_sets_the_queue_by_its_id():
    assert decision_for([rule(route_to_id=7)]).queue_id == 7


def test_a_tag_rule_adds_its_tag():
    assert decision_for([rule(add_tag="risk")]).tags == ["risk"]


def test_a_notify_rule_asks_for_the_supervisors_to_be_alerted():
    decision = decision_for([rule(notify_supervisors=True)])

    assert decision.notify_supervisors
    assert not decision.hand_off


def test_a_rule_matching_without_actions_is_still_listed_as_matched():
    decision = decision_for([rule("just watching")])

    assert decision.matched == ["just watching"]
    assert not decision.hand_off
    assert decision.priority is None


# --- Order, stop_here, inactive rules ------------------------------------------------


def test_a_later_rule_overrides_the_priority_of_an_earlier_one():
    high, urgent = rule("high", set_priority=Priority.HIGH), rule("urgent", set_priority=4)

    assert decision_for([high, urgent]).priority == Priority.URGENT
    assert decision_for([urgent, high]).priority == Priority.HIGH


def test_a_later_rule_overrides_the_queue_of_an_earlier_one():
    first, second = rule("first", route_to_id=1), rule("second", route_to_id=2)

    assert decision_for([first, second]).queue_id == 2
    assert decision_for([second, first]).queue_id == 1


def test_a_later_rule_without_priority_or_queue_keeps_the_earlier_ones():
    routed = rule("routed", set_priority=Priority.HIGH, route_to_id=3)

    decision = decision_for([routed, rule("tag only", add_tag="seen")])

    assert decision.priority == Priority.HIGH
    assert decision.queue_id == 3


def test_tags_of_all_matching_rules_accumulate_in_order_without_duplicates():
    rules = [
        rule("a", add_tag="risk"),
        rule("b", add_tag="upset"),
        rule("c", add_tag="risk"),
        rule("d", intents=["fraud"], add_tag="fraud"),
    ]

    assert decision_for(rules, intent="fees").tags == ["risk", "upset"]


def test_a_hand_off_by_an_earlier_rule_is_not_undone_by_a_later_one():
    decision = decision_for([rule("hand", hand_off=True), rule("later", set_priority=3)])

    assert decision.hand_off
    assert decision.matched == ["hand", "later"]


def test_matched_lists_the_names_of_matching_rules_in_the_order_given():
    rules = [
        rule("third", add_tag="c"),
        rule("skipped", intents=["fraud"]),
        rule("first", add_tag="a"),
        rule("second", pattern="refund"),
    ]

    decision = decision_for(rules, text="My refund", intent="refund_status")

    assert decision.matched == ["third", "first", "second"]


def test_a_matching_stop_rule_applies_its_actions_and_ends_the_evaluation():
    rules = [
        rule("tag", add_tag="seen"),
        rule("stop", set_priority=Priority.HIGH, route_to_id=5, stop_here=True),
        rule("after", set_priority=Priority.LOW, route_to_id=9, add_tag="late", hand_off=True),
    ]

    decision = decision_for(rules)

    assert decision.matched == ["tag", "stop"]
    assert decision.priority == Priority.HIGH
    assert decision.queue_id == 5
    assert decision.tags == ["seen"]
    assert not decision.hand_off


def test_a_stop_rule_that_does_not_match_does_not_end_the_evaluation():
    rules = [
        rule("vip stop", tier=Tier.VIP, stop_here=True),
        rule("after", add_tag="seen"),
    ]

    decision = decision_for(rules, on=ticket(tier=Tier.STANDARD))

    assert decision.matched == ["after"]
    assert decision.tags == ["seen"]


def test_inactive_rules_are_ignored():
    rules = [
        rule("off", is_active=False, hand_off=True, set_priority=4, add_tag="x", stop_here=True),
        rule("on", add_tag="y"),
    ]

    decision = decision_for(rules)

    assert decision.matched == ["on"]
    assert decision.tags == ["y"]
    assert decision.priority is None
    assert not decision.hand_off


# --- The explicit request for a person -----------------------------------------------


def test_an_explicit_request_for_a_person_hands_off_even_with_no_rule():
    decision = decision_for([], explicit_human_request=True)

    assert decision.hand_off
    assert decision.matched == []
    assert decision.reason == "customer asked for a person"


def test_an_explicit_request_hands_off_even_when_only_non_hand_off_rules_match():
    decision = decision_for([rule("tagger", add_tag="seen")], explicit_human_request=True)

    assert decision.hand_off
    assert decision.matched == ["tagger"]
    assert "customer asked for a person" in decision.reasons


def test_an_explicit_request_hands_off_even_after_a_stop_rule_without_hand_off():
    rules = [rule("quiet stop", stop_here=True), rule("would hand off", hand_off=True)]

    decision = decision_for(rules, explicit_human_request=True)

    assert decision.matched == ["quiet stop"]
    assert decision.hand_off


def test_without_an_explicit_request_no_rule_means_no_hand_off():
    assert not decision_for([], explicit_human_request=False).hand_off


def test_a_hand_off_clears_an_offer_of_a_person_made_by_an_earlier_rule():
    decision = decision_for([rule("offer", offer_human=True), rule("hand", hand_off=True)])

    assert decision.hand_off
    assert not decision.offer_human


def test_an_explicit_request_clears_an_offer_of_a_person():
    decision = decision_for([rule("offer", offer_human=True)], explicit_human_request=True)

    assert decision.hand_off
    assert not decision.offer_human
