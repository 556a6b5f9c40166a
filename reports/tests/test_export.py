"""/admin/reports/export.csv: one row a day, exactly the issue's columns."""

import pytest

from reports.tests.desk import D1, D2, D3, at
from tickets.tests.factories import TicketFactory

URL = "/admin/reports/export.csv"
HEADER = (
    "day,conversations,resolved_by_assistant,handed_off,median_minutes_assistant,"
    "median_minutes_person,first_response_sla_met_pct,vip_promise_met_pct,breaches,credits,"
    "csat_assistant,csat_person"
)


def test_the_export_is_one_row_a_day_with_the_known_figures(supervisor_client, known_desk):
    response = supervisor_client.get(URL, {"from": D1.isoformat(), "to": D3.isoformat()})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode().splitlines() == [
        HEADER,
        # A1 2, A2 4 min; P1 35 min; P1 replied in time; A1 5 and A3 2; P1 4
        "2026-03-02,4,2,1,3,35,100,0,0,0,3.5,4",
        # P2 121, P3 40; of P2, P3, P4 one reply in time; VIP P3 met, P4 missed; P2 1, P3 5
        "2026-03-03,4,0,3,0,80.5,33.3,50,2,1,,3",
        "2026-03-04,0,0,0,0,0,0,0,0,0,,",
    ]


def test_a_conversation_counts_on_the_day_it_started_in_the_desks_time_zone(
    supervisor_client, known_desk, customer, settings
):
    TicketFactory(customer=customer, subject="late", created_at=at(D2, 3))  # 22:00 on D1 there
    settings.TIME_ZONE = "America/New_York"  # UTC-5

    rows = supervisor_client.get(URL, {"from": "2026-03-01", "to": "2026-03-03"}).content

    # X1 started at 23:59 UTC on 1 March, 18:59 there; A1-A3 and P1 on 2 March.
    assert [line.split(",")[:2] for line in rows.decode().splitlines()[1:]] == [
        ["2026-03-01", "1"],
        ["2026-03-02", "5"],
        ["2026-03-03", "4"],
    ]


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ({"from": "2026-03-04", "to": "2026-03-02"}, "is after"),
        ({"from": "2026-02-30", "to": "2026-03-02"}, "must be a date written YYYY-MM-DD"),
        ({"from": "yesterday", "to": "2026-03-02"}, "must be a date written YYYY-MM-DD"),
        ({"from": "2026-03-02"}, "Give both"),
        ({"from": "2024-01-01", "to": "2026-03-02"}, "at most 366 days"),
    ],
)
def test_a_bad_range_is_a_400_that_says_why(supervisor_client, query, problem):
    response = supervisor_client.get(URL, query)

    assert response.status_code == 400
    assert problem in response.content.decode()
    assert "?from=YYYY-MM-DD&to=YYYY-MM-DD" in response.content.decode()


def test_an_agent_exports_their_own_conversations_only(agent_client, known_desk):
    rows = agent_client.get(URL, {"from": D1.isoformat(), "to": D3.isoformat()}).content

    assert [line.split(",")[:4] for line in rows.decode().splitlines()[1:]] == [
        ["2026-03-02", "1", "0", "1"],  # P1
        ["2026-03-03", "1", "0", "1"],  # P3 (P2 is the colleague's, P4 nobody's)
        ["2026-03-04", "0", "0", "0"],
    ]


def test_anonymous_visitors_get_the_admin_login(client):
    response = client.get(URL, {"from": "2026-03-02", "to": "2026-03-02"})

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_customers_get_the_admin_login(customer_client):
    response = customer_client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
