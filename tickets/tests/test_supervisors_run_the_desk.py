"""Supervisors run the desk's settings without a superuser: they open and save the add
and change pages of canned responses, escalation rules, SLA policies and business
calendars. Agents may not (403)."""

import pytest

from tickets.models import BusinessCalendar, CannedResponse, EscalationRule, SLAPolicy

CALENDAR = {
    "name": "Weekends", "time_zone": "Europe/Paris", "country": "FR", "subdivision": "",
    "extra_holidays": '["2026-12-24"]', "opening_hours-TOTAL_FORMS": "1",
    "opening_hours-INITIAL_FORMS": "0", "opening_hours-0-weekday": "5",
    "opening_hours-0-opens": "10:00", "opening_hours-0-closes": "16:00",
}  # fmt: skip
# A change of a calendar posts a Sunday beside the Saturday it has (its row not resent).
CALENDAR_CHANGE = {"time_zone": "Europe/Berlin", "opening_hours-0-weekday": "6"}
POLICY = {
    "name": "Complaints", "position": "50", "is_active": "on", "tier": "", "min_priority": "",
    "first_response_minutes": "60", "next_response_minutes": "120",
    "resolution_minutes": "480", "calendar": "",
}  # fmt: skip
RULE = {
    "name": "Mentions a lawyer", "position": "35", "is_active": "on", "pattern": r"\blawyer\b",
    "hand_off": "on", "add_tag": "legal",
}  # fmt: skip
CANNED = {"title": "Greeting", "body": "Hi {first_name}, thanks for waiting.", "queue": ""}

# url name, model, what the add form posts, a change to post, the field it changes
SETTINGS = [
    ("cannedresponse", CannedResponse, CANNED, {"body": "Hello {first_name}!"}, "body"),
    ("escalationrule", EscalationRule, RULE, {"position": "36"}, "position"),
    ("slapolicy", SLAPolicy, POLICY, {"first_response_minutes": "45"}, "first_response_minutes"),
    ("businesscalendar", BusinessCalendar, CALENDAR, CALENDAR_CHANGE, "time_zone"),
]
IDS = [row[0] for row in SETTINGS]


def url(model_name, *path):
    return "/".join(["/admin/tickets", model_name, *map(str, path), ""])


@pytest.fixture
def supervisor_client(client, supervisor, desk):
    client.force_login(supervisor)
    return client


@pytest.fixture
def agent_client(client, agent, desk):
    client.force_login(agent)
    return client


def newest(model):
    return model.objects.latest("pk")


@pytest.mark.parametrize(("name", "model", "data", "change", "field"), SETTINGS, ids=IDS)
def test_a_supervisor_adds_one(supervisor_client, name, model, data, change, field):
    before = model.objects.count()
    assert supervisor_client.get(url(name, "add")).status_code == 200

    response = supervisor_client.post(url(name, "add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert model.objects.count() == before + 1
    label = next(iter(data))  # the title or name
    assert getattr(newest(model), label) == data[label]


@pytest.mark.parametrize(("name", "model", "data", "change", "field"), SETTINGS, ids=IDS)
def test_a_supervisor_changes_one(supervisor_client, name, model, data, change, field):
    supervisor_client.post(url(name, "add"), data)
    row = newest(model)
    assert supervisor_client.get(url(name, row.pk, "change")).status_code == 200

    response = supervisor_client.post(url(name, row.pk, "change"), {**data, **change})

    assert response.status_code == 302, response.context["adminform"].form.errors
    row.refresh_from_db()
    assert str(getattr(row, field)) == change[field]


@pytest.mark.parametrize(("name", "model", "data", "change", "field"), SETTINGS, ids=IDS)
def test_an_agent_may_neither_add_nor_change_one(agent_client, name, model, data, change, field):
    CannedResponse.objects.create(title="Thanks", body="Thanks, {first_name}.")
    row = newest(model)
    before = model.objects.count()

    assert agent_client.get(url(name, "add")).status_code == 403
    assert agent_client.post(url(name, "add"), data).status_code == 403
    assert agent_client.post(url(name, row.pk, "change"), {**data, **change}).status_code == 403
    assert model.objects.count() == before
    row.refresh_from_db()
    assert str(getattr(row, field)) != change[field]
