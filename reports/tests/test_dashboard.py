"""/admin/reports/: supervisors see the desk, agents their own figures, everyone else
the admin's login; the charts are SVG drawn on the server; bad ranges say why."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.scope import today
from reports.tests.desk import D1, D3
from tickets.tests.factories import TicketFactory

URL = "/admin/reports/"
DESK_RANGE = {"from": D1.isoformat(), "to": D3.isoformat()}


def test_a_supervisor_sees_every_panel_of_the_desk(supervisor_client, known_desk):
    response = supervisor_client.get(URL, DESK_RANGE)

    assert response.status_code == 200
    page = response.content.decode()
    for heading in ["Conversations", "Time to resolution", "SLA, by tier", "CSAT",
                    "Routing quality", "Agents", "VIP promise kept"]:  # fmt: skip
        assert heading in page
    assert "Missed hand-offs: 2" in page
    assert "Needless hand-offs: 1" in page
    assert "Lee Colleague" in page
    assert "Dana Agent" in page
    for name in ["P1", "A3", "P2"]:  # the conversations behind the counts, linked
        assert f'href="/admin/tickets/ticket/{known_desk[name].pk}/change/"' in page
    assert page.count('<svg class="trend"') == 4
    assert "9.00 EUR" in page or "9 EUR" in page


def test_the_charts_need_no_script_and_no_inline_style(supervisor_client, known_desk):
    page = supervisor_client.get(URL, DESK_RANGE).content.decode()
    reports = page[page.index('id="content-main"') :]

    assert "<script" not in reports
    assert not re.search(r"\sstyle=", reports)
    assert "/static/reports/reports.css" in page


def test_the_default_range_is_the_last_30_days(supervisor_client, customer):
    TicketFactory(customer=customer)

    response = supervisor_client.get(URL)

    assert response.status_code == 200
    assert response.context["scope"].last == today()
    assert len(response.context["scope"].days) == 30
    assert response.context["counts"]["conversations"] == 1


def test_queue_and_tier_narrow_the_report(supervisor_client, known_desk):
    response = supervisor_client.get(URL, {**DESK_RANGE, "tier": "vip"})

    assert response.context["counts"]["conversations"] == 2


def test_a_bad_range_shows_what_is_wrong(supervisor_client):
    response = supervisor_client.get(URL, {"from": "2026-03-04", "to": "2026-03-02"})

    assert response.status_code == 400
    assert "is after" in response.content.decode()
    assert 'class="errornote"' in response.content.decode()


def test_an_unknown_tier_or_queue_is_refused(supervisor_client):
    assert supervisor_client.get(URL, {"tier": "gold"}).status_code == 400
    assert supervisor_client.get(URL, {"queue": "999999"}).status_code == 400


def test_an_agent_sees_their_own_figures_only(agent_client, known_desk):
    response = agent_client.get(URL, DESK_RANGE)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Your figures" in page
    assert "Dana Agent" in page
    assert "Lee Colleague" not in page  # the colleague's figures are not theirs
    assert "Routing quality" not in page
    assert [row["handled"] for row in response.context["mine"]] == [2]


def test_anonymous_visitors_and_customers_get_the_admin_login(client, customer_client):
    for visitor in [client, customer_client]:
        response = visitor.get(URL)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_supervisors_have_the_permission_and_agents_do_not(supervisor, agent):
    assert supervisor.has_perm("reports.view_report")
    assert not agent.has_perm("reports.view_report")


def test_the_admin_index_leads_to_the_dashboard(supervisor_client, agent_client):
    for staff in [supervisor_client, agent_client]:
        index = staff.get("/admin/").content.decode()
        assert 'href="/admin/reports/"' in index
        assert staff.get("/admin/reports/report/")["Location"] == URL


def many_tickets(customer, agent, count):
    for n in range(count):
        TicketFactory(customer=customer, assignee=agent if n % 2 else None, ai_turns=n % 3)


@pytest.mark.parametrize("who", ["supervisor_client", "agent_client"])
def test_the_dashboard_runs_a_fixed_number_of_queries(request, who, customer, agent):
    staff = request.getfixturevalue(who)
    many_tickets(customer, agent, 5)
    staff.get(URL)  # the session, the permissions' caches
    with CaptureQueriesContext(connection) as five:
        assert staff.get(URL).status_code == 200

    many_tickets(customer, agent, 45)
    with CaptureQueriesContext(connection) as fifty:
        assert staff.get(URL).status_code == 200

    assert len(fifty) == len(five)
    assert len(five) <= (25 if who == "supervisor_client" else 10)


def test_the_export_runs_a_fixed_number_of_queries(supervisor_client, customer, agent):
    many_tickets(customer, agent, 5)
    with CaptureQueriesContext(connection) as five:
        supervisor_client.get(URL + "export.csv")
    many_tickets(customer, agent, 45)
    with CaptureQueriesContext(connection) as fifty:
        supervisor_client.get(URL + "export.csv")

    assert len(fifty) == len(five)
