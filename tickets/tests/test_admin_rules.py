"""The desk's settings in the admin: escalation rules and business calendars refuse
what would break triage or SLA clocks; every tickets model has a working admin."""

import pytest

from tickets.models import BusinessCalendar, EscalationRule, Queue

RULES_URL = "/admin/tickets/escalationrule/"
CALENDARS_URL = "/admin/tickets/businesscalendar/"


@pytest.fixture
def staff_client(client, superuser, desk):
    client.force_login(superuser)
    return client


def rule_data(**fields):
    """A valid new rule as the add form posts it; booleans are sent only when on."""
    data = {
        "name": "Mentions a lawyer",
        "position": "35",
        "is_active": "on",
        "tier": "",
        "sentiment_below": "",
        "min_ai_turns": "",
        "pattern": r"\blawyer\b",
        "min_minutes_waiting": "",
        "min_priority": "",
        "hand_off": "on",
        "set_priority": "",
        "route_to": "",
        "add_tag": "",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def refusal(client, url, data):
    response = client.post(url + "add/", data)
    assert response.status_code == 200, "the form should have been refused"
    form = response.context["adminform"].form
    return [str(error) for errors in form.errors.values() for error in errors]


# --- Escalation rules --------------------------------------------------------------------------


def test_a_valid_rule_is_saved(staff_client):
    response = staff_client.post(RULES_URL + "add/", rule_data(add_tag="legal"))

    assert response.status_code == 302
    rule = EscalationRule.objects.get(name="Mentions a lawyer")
    assert (rule.pattern, rule.hand_off, rule.add_tag) == (r"\blawyer\b", True, "legal")


def test_a_rule_with_a_broken_regular_expression_is_refused_with_the_regex_error(staff_client):
    errors = refusal(staff_client, RULES_URL, rule_data(pattern="(refund"))

    assert len(errors) == 1
    assert errors[0].startswith("This pattern cannot be used (missing ): (refund).")


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (r"(?=refund)", "invalid perl operator: (?="),
        (r"(a)\1", "invalid escape sequence: \\1"),
        (r"(a{100}){100}", "invalid repetition size: {100}"),
    ],
    ids=["look-ahead", "back-reference", "huge repetition"],
)
def test_a_pattern_the_linear_engine_cannot_run_is_refused_saying_why(
    staff_client, pattern, reason
):
    errors = refusal(staff_client, RULES_URL, rule_data(pattern=pattern))

    assert len(errors) == 1
    assert errors[0].startswith(f"This pattern cannot be used ({reason}).")
    assert "RE2" in errors[0]
    assert not EscalationRule.objects.filter(name="Mentions a lawyer").exists()


def test_a_nested_repetition_is_accepted_because_it_runs_in_linear_time(staff_client):
    response = staff_client.post(RULES_URL + "add/", rule_data(pattern="(a+)+$", add_tag="x"))

    assert response.status_code == 302


def test_a_rule_without_any_action_is_refused(staff_client):
    errors = refusal(staff_client, RULES_URL, rule_data(hand_off=None, stop_here="on"))

    assert len(errors) == 1
    assert errors[0].startswith("This rule does nothing: give it at least one action")


def test_a_rule_may_tell_the_customer_a_first_step_with_its_hand_off(staff_client):
    step = "Call your lawyer's office hours line first: /help/complaints/"
    response = staff_client.post(RULES_URL + "add/", rule_data(first_step=step))

    assert response.status_code == 302
    assert EscalationRule.objects.get(name="Mentions a lawyer").first_step == step


def test_a_first_step_without_a_hand_off_is_refused(staff_client):
    errors = refusal(
        staff_client, RULES_URL, rule_data(hand_off=None, add_tag="x", first_step="Wait.")
    )

    assert errors == [
        "A first step is said with the hand-off: tick “hand off” too, or leave it empty."
    ]


def test_a_rule_that_hands_off_and_offers_a_person_is_refused(staff_client):
    errors = refusal(staff_client, RULES_URL, rule_data(offer_human="on"))

    assert errors == ["Choose hand off or offer a person, not both: a hand-off already brings one."]


def test_the_rules_list_explains_how_rules_apply_and_summarises_each_rule(staff_client):
    html = staff_client.get(RULES_URL).content.decode()

    assert "Rules are checked by position" in html
    assert "always handed off, whatever the rules say" in html
    assert "intent is fraud or dispute or lost_card or hardship" in html
    assert "hand off to a person, priority → High, route to Risk, tag risk" in html


def test_the_rules_list_is_in_position_order(staff_client):
    response = staff_client.get(RULES_URL)

    positions = [rule.position for rule in response.context["cl"].result_list]
    assert positions == sorted(positions)


def test_the_rules_list_runs_a_fixed_number_of_queries(staff_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12) as few:
        staff_client.get(RULES_URL)
    risk = Queue.objects.get(name="Risk")
    for i in range(20):
        EscalationRule.objects.create(name=f"Rule {i}", position=200 + i, route_to=risk)

    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(RULES_URL)


# --- Business calendars ------------------------------------------------------------------------


def calendar_data(**fields):
    """A valid new calendar as the add form posts it, with one row of opening hours.
    More of the calendar's page: test_business_calendar."""
    data = {
        "name": "Paris office",
        "time_zone": "Europe/Paris",
        "country": "FR",
        "subdivision": "",
        "extra_holidays": '["2026-12-24"]',
        "opening_hours-TOTAL_FORMS": "1",
        "opening_hours-INITIAL_FORMS": "0",
        "opening_hours-0-weekday": "0",
        "opening_hours-0-opens": "09:00",
        "opening_hours-0-closes": "18:00",
    }
    return {**data, **fields}


def test_a_valid_calendar_is_saved(staff_client):
    response = staff_client.post(CALENDARS_URL + "add/", calendar_data())

    assert response.status_code == 302
    calendar = BusinessCalendar.objects.get(name="Paris office")
    assert [str(row) for row in calendar.opening_hours.all()] == ["Monday 09:00-18:00"]


@pytest.mark.parametrize("time_zone", ["Mars/Olympus", "../../etc/passwd", "CEST"])
def test_a_calendar_in_an_unknown_time_zone_is_refused(staff_client, time_zone):
    errors = refusal(staff_client, CALENDARS_URL, calendar_data(time_zone=time_zone))

    assert errors == [f"“{time_zone}” is not a time zone name; use one like Europe/Paris or UTC."]


@pytest.mark.parametrize("holidays", ['["25/12/2026"]', '["2026-02-30"]', "[20261225]", '"x"'])
def test_holidays_that_are_not_iso_dates_are_refused(staff_client, holidays):
    errors = refusal(staff_client, CALENDARS_URL, calendar_data(extra_holidays=holidays))

    assert len(errors) == 1
    assert errors[0].startswith('Extra holidays are ISO dates in a list, e.g. ["2026-12-24"].')


# --- Every tickets model has an admin ------------------------------------------------------------

MODELS = [
    "ticket",
    "message",
    "ticketevent",
    "slabreach",
    "csatrating",
    "queue",
    "agentstatus",
    "businesscalendar",
    "slapolicy",
    "escalationrule",
    "cannedresponse",
    "tag",
]
EDITABLE = [
    "queue",
    "agentstatus",
    "businesscalendar",
    "slapolicy",
    "escalationrule",
    "cannedresponse",
    "tag",
]


@pytest.mark.parametrize("model", MODELS)
def test_every_tickets_model_has_a_list_in_the_admin(staff_client, model):
    assert staff_client.get(f"/admin/tickets/{model}/").status_code == 200


@pytest.mark.parametrize("model", EDITABLE)
def test_the_desks_settings_can_be_added_in_the_admin(staff_client, model):
    assert staff_client.get(f"/admin/tickets/{model}/add/").status_code == 200


@pytest.mark.parametrize("model", ["ticket", "message", "ticketevent", "slabreach", "csatrating"])
def test_records_the_services_write_cannot_be_added_in_the_admin(staff_client, model):
    assert staff_client.get(f"/admin/tickets/{model}/add/").status_code == 403


def test_setting_an_agents_availability_in_the_admin_goes_through_the_service(staff_client, agent):
    response = staff_client.post(
        "/admin/tickets/agentstatus/add/", {"agent": agent.pk, "is_available": "on"}
    )

    assert response.status_code == 302
    assert agent.agent_status.is_available


def test_only_staff_can_be_given_an_availability(staff_client, customer):
    errors = refusal(
        staff_client, "/admin/tickets/agentstatus/", {"agent": customer.pk, "is_available": "on"}
    )

    assert errors == ["Only staff take tickets."]
