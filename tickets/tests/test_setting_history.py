"""The desk's settings keep their history: who changed an escalation rule, an SLA
policy, a calendar, a queue or a canned response, when, and what it said before and
after, on its History page in the admin and on each change's own page."""

import json

import pytest
from django.apps import apps
from django.utils import timezone

from tickets import setting_history
from tickets.models import BusinessCalendar, CannedResponse, EscalationRule, Queue, SLAPolicy
from tickets.sla import sla_policy_keep


@pytest.fixture
def supervisor_client(client, supervisor, desk):
    client.force_login(supervisor)
    return client


@pytest.fixture
def rule(desk):
    return EscalationRule.objects.create(
        name="Mentions a lawyer", position=35, pattern=r"\blawyer\b", hand_off=True
    )


def rule_form(rule, **changes):
    """The rule's change form as the admin posts it; booleans are sent only when on."""
    data = {
        "name": rule.name, "position": rule.position, "is_active": rule.is_active,
        "tier": rule.tier, "sentiment_below": "", "min_ai_turns": "", "pattern": rule.pattern,
        "min_minutes_waiting": "", "min_priority": "", "hand_off": rule.hand_off,
        "set_priority": "", "route_to": "", "add_tag": rule.add_tag, "first_step": "",
        **changes,
    }  # fmt: skip
    return {
        key: ("on" if value is True else value)
        for key, value in data.items()
        if value is not False and value is not None
    }


def history_url(rule, *path):
    return "/".join(["/admin/tickets/escalationrule", str(rule.pk), "history", *path, ""])


def test_a_supervisors_edit_of_a_rule_is_listed_with_who_when_before_and_after(
    supervisor_client, supervisor, rule
):
    response = supervisor_client.post(
        f"/admin/tickets/escalationrule/{rule.pk}/change/",
        rule_form(rule, position=12, pattern=r"\b(lawyer|solicitor)\b"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors

    changed = rule.history.latest()
    assert (changed.history_type, changed.history_user) == ("~", supervisor)
    assert timezone.now() - changed.history_date < timezone.timedelta(minutes=1)
    page = supervisor_client.get(history_url(rule))
    assert page.status_code == 200
    text = page.content.decode()
    assert "super@example.com" in text
    assert "Changed" in text
    assert 'dir="auto">35</span> → <span class="after user-text" dir="auto">12</span>' in text
    assert r"\b(lawyer|solicitor)\b" in text


def test_a_changes_page_shows_each_changed_field_before_and_after(supervisor_client, rule):
    supervisor_client.post(
        f"/admin/tickets/escalationrule/{rule.pk}/change/", rule_form(rule, position=12)
    )
    changed = rule.history.latest()

    page = supervisor_client.get(history_url(rule, str(changed.history_id), "diff"))

    assert page.status_code == 200
    assert [(c.field, c.before, c.after) for c in page.context["changes"]] == [
        ("Position", "35", "12")
    ]
    assert "super@example.com" in page.content.decode()


def test_the_history_links_each_change_to_its_page(supervisor_client, rule):
    page = supervisor_client.get(history_url(rule))

    created = rule.history.get()
    assert history_url(rule, str(created.history_id), "diff") in page.content.decode()


def test_a_creation_shows_what_it_was_created_with(supervisor_client, rule):
    created = rule.history.get()

    page = supervisor_client.get(history_url(rule, str(created.history_id), "diff"))

    shown = {change.field: (change.before, change.after) for change in page.context["changes"]}
    assert shown["Name"] == ("—", "Mentions a lawyer")
    assert shown["Hand off"] == ("—", "Yes")


def test_deleting_a_setting_records_what_it_said(supervisor_client, supervisor, rule):
    response = supervisor_client.post(
        f"/admin/tickets/escalationrule/{rule.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302

    deleted = EscalationRule.history.filter(id=rule.pk).latest()
    assert (deleted.history_type, deleted.history_user, deleted.name) == (
        "-",
        supervisor,
        "Mentions a lawyer",
    )
    page = supervisor_client.get(history_url(rule))
    assert page.status_code == 200
    assert "Deleted" in page.content.decode()


def test_an_agent_may_not_read_the_history_of_a_setting_they_cannot_see(client, agent, rule):
    client.force_login(agent)
    created = rule.history.get()

    assert client.get(history_url(rule)).status_code == 403
    assert client.get(history_url(rule, str(created.history_id), "diff")).status_code == 403


def test_a_queues_members_are_part_of_its_history(supervisor_client, supervisor, agent, desk):
    queue = Queue.objects.get(is_default=True)
    data = {
        "name": queue.name, "description": queue.description, "topics": json.dumps(queue.topics),
        "members": [agent.pk], "capacity_per_agent": queue.capacity_per_agent, "is_default": "on",
    }  # fmt: skip

    response = supervisor_client.post(f"/admin/tickets/queue/{queue.pk}/change/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    newest = queue.history.latest()
    assert newest.history_user == supervisor
    assert [row.user for row in newest.members.all()] == [agent]
    page = supervisor_client.get(f"/admin/tickets/queue/{queue.pk}/history/")
    assert "agent@example.com" in page.content.decode()


def test_a_policy_a_service_keeps_is_recorded(desk):
    policy = sla_policy_keep(
        None, name="VIP plan: Gold", tier="vip", position=900, response_minutes=15,
        resolution_minutes=1440,
    )  # fmt: skip
    sla_policy_keep(
        policy, name="VIP plan: Gold", tier="vip", position=900, response_minutes=10,
        resolution_minutes=1440,
    )  # fmt: skip

    assert [
        (row.history_type, row.first_response_minutes) for row in policy.history.order_by("pk")
    ] == [("+", 15), ("~", 10)]


def test_the_demos_canned_responses_are_recorded(desk):
    from tickets.demo import seed_canned_responses

    added = seed_canned_responses()

    assert added
    assert CannedResponse.history.filter(history_type="+").count() == added


def test_rows_written_without_history_get_their_first_row_once(desk):
    """What migrations use: their models record nothing themselves."""
    calendar = BusinessCalendar(name="Nights", country="DE")
    calendar.save_without_historical_record()

    first = setting_history.record_current_state(
        apps, "tickets", ["BusinessCalendar"], reason=setting_history.INITIAL_REASON
    )
    again = setting_history.record_current_state(
        apps, "tickets", ["BusinessCalendar"], reason=setting_history.INITIAL_REASON
    )
    BusinessCalendar.objects.filter(pk=calendar.pk).update(country="SE")
    changed = setting_history.record_current_state(
        apps, "tickets", ["BusinessCalendar"], reason="A migration"
    )

    assert (first, again, changed) == (1, 0, 1)
    rows = calendar.history.order_by("pk")
    assert [(row.history_type, row.country, row.history_user) for row in rows] == [
        ("+", "DE", None),
        ("~", "SE", None),
    ]


def test_a_policys_calendar_is_shown_by_name(supervisor_client, desk):
    policy = SLAPolicy.objects.filter(calendar__isnull=False).first()
    data = {
        "name": policy.name, "position": policy.position, "is_active": "on", "tier": policy.tier,
        "min_priority": policy.min_priority or "", "calendar": "",
        "first_response_minutes": policy.first_response_minutes,
        "next_response_minutes": policy.next_response_minutes,
        "resolution_minutes": policy.resolution_minutes,
    }  # fmt: skip
    calendar = str(policy.calendar)

    response = supervisor_client.post(f"/admin/tickets/slapolicy/{policy.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    newest = policy.history.latest()
    page = supervisor_client.get(
        f"/admin/tickets/slapolicy/{policy.pk}/history/{newest.history_id}/diff/"
    )
    assert [(c.field, c.before, c.after) for c in page.context["changes"]] == [
        ("Calendar", calendar, "—")
    ]
