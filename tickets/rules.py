"""Escalation rules: what the triage of a customer message leads to.

`decide` is pure: given the ticket, the triage signals and the ordered rules, it
returns a Decision. `tickets.services.ticket_apply_triage` carries it out. The
semantics (also shown in the admin): rules are checked by position; every matching
rule contributes its actions — later rules override earlier ones for priority and
queue, tags accumulate — until a matching rule marked `stop_here` ends the check.
Conditions left empty are ignored; all conditions that are set must hold. An intents
condition holds only when the triage is sure of the message's intent: a guess ("the apple
thing" read as fraud at 24 %) is not a topic, and the assistant asks what was meant.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime

from core.kept import KeptForAWhile
from tickets.models import EscalationRule, HandOffCode, Ticket
from tickets.patterns import PatternError, pattern_found

logger = logging.getLogger(__name__)

# The explicit-request condition is always honoured, whatever the rules say:
# a customer who asks for a person gets one.
ALWAYS_HAND_OFF_ON_EXPLICIT_REQUEST = True


@dataclass(frozen=True)
class Signals:
    """What triage found in one customer message."""

    text: str = ""
    intent: str = ""
    intent_confidence: float = 0.0
    intent_sure: bool = True  # the triage's own judgement: the intent is not a guess
    sentiment: float = 0.0
    explicit_human_request: bool = False


@dataclass
class Decision:
    hand_off: bool = False
    offer_human: bool = False
    priority: int | None = None
    queue_id: int | None = None
    tags: list[str] = field(default_factory=list)
    notify_supervisors: bool = False
    matched: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    code: str = ""  # HandOffCode of the first reason to hand off
    first_steps: list[str] = field(default_factory=list)  # for the customer, with the hand-off

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def rule_matches(rule: EscalationRule, ticket: Ticket, signals: Signals, now: datetime) -> bool:
    checks = []
    if rule.tier:
        checks.append(ticket.tier == rule.tier)
    if rule.intents:
        checks.append(signals.intent_sure and signals.intent in rule.intents)
    if rule.sentiment_below is not None:
        checks.append(signals.sentiment < rule.sentiment_below)
    if rule.explicit_human_request:
        checks.append(signals.explicit_human_request)
    if rule.min_ai_turns is not None:
        checks.append(ticket.ai_turns >= rule.min_ai_turns)
    if rule.pattern:
        checks.append(_pattern_found(rule, signals.text))
    if rule.min_minutes_waiting is not None:
        waiting_since = ticket.handed_off_at or ticket.created_at
        checks.append((now - waiting_since).total_seconds() >= rule.min_minutes_waiting * 60)
    if rule.min_priority is not None:
        checks.append(ticket.priority >= rule.min_priority)
    return all(checks)


def _pattern_found(rule: EscalationRule, text: str) -> bool:
    try:
        return pattern_found(rule.pattern, text)
    except PatternError:
        # The admin refuses bad patterns; one that slipped in never breaks triage.
        logger.warning("escalation rule %r has an invalid pattern; skipped", rule.name)
        return False


def decide(ticket: Ticket, signals: Signals, rules, now: datetime) -> Decision:
    decision = Decision()
    for rule in rules:
        if not rule.is_active or not rule_matches(rule, ticket, signals, now):
            continue
        decision.matched.append(rule.name)
        if rule.hand_off:
            decision.reasons.append(rule.name)
            decision.code = decision.code or code_of(rule)
            if rule.first_step and rule.first_step not in decision.first_steps:
                decision.first_steps.append(rule.first_step)
        decision.hand_off |= rule.hand_off
        decision.offer_human |= rule.offer_human
        decision.notify_supervisors |= rule.notify_supervisors
        if rule.set_priority is not None:
            decision.priority = rule.set_priority
        if rule.route_to_id is not None:
            decision.queue_id = rule.route_to_id
        if rule.add_tag and rule.add_tag not in decision.tags:
            decision.tags.append(rule.add_tag)
        if rule.stop_here:
            break
    if ALWAYS_HAND_OFF_ON_EXPLICIT_REQUEST and signals.explicit_human_request:
        if not decision.hand_off:
            decision.reasons.append("customer asked for a person")
            decision.code = HandOffCode.ASKED
        decision.hand_off = True
    if decision.hand_off:
        decision.offer_human = False
    return decision


def code_of(rule: EscalationRule) -> str:
    """The kind of hand-off a rule makes, from what it looks at."""
    if rule.explicit_human_request:
        return HandOffCode.ASKED
    if rule.sentiment_below is not None:
        return HandOffCode.DISTRESS
    if rule.intents:
        return HandOffCode.RISKY_TOPIC
    return HandOffCode.STAFF_RULE


def _read_rules() -> list[EscalationRule]:
    return list(EscalationRule.objects.filter(is_active=True).order_by("position", "id"))


# Every customer message needs them and they change rarely; a decision under the
# ticket's lock (inside a transaction) reads them afresh.
_rules = KeptForAWhile(_read_rules, seconds=2.0, model=EscalationRule)


def active_rules() -> list[EscalationRule]:
    """The active rules in order, at most 2 s old outside a transaction (a rule saved
    or deleted in this process counts at once; core.kept)."""
    return _rules.get()
