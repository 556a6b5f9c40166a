"""The ticket list's filters: a malformed value is a 400 naming the filter, not the
whole list as if no filter had been asked for."""

import pytest
from rest_framework.test import APIClient

from tickets import services


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def tickets(customer, agent, desk):
    waiting = services.ticket_open(customer=customer, subject="Waiting")
    services.ticket_hand_off(ticket=waiting, reason="asked for a person")
    mine = services.ticket_open(customer=customer, subject="Mine")
    services.ticket_hand_off(ticket=mine, reason="asked for a person")
    services.ticket_claim(ticket=mine, agent=agent)
    return waiting, mine


@pytest.mark.parametrize(
    "query",
    [
        {"status": "bogus"},
        {"status": ""},
        {"handled_by": "robot"},
        {"queue": "general"},
        {"queue": "0"},
        {"mine": "perhaps"},
        {"mine": "1"},
        {"mine": "t"},
        {"queue": " 5"},
        {"queue": "+5"},
        {"queue": "5.0"},
        {"queue": "\u0665"},  # an Arabic-Indic 5
    ],
)
@pytest.mark.parametrize("who", ["customer", "agent"])
def test_a_malformed_filter_is_a_400_naming_it(request, api, tickets, who, query):
    api.force_authenticate(request.getfixturevalue(who))

    response = api.get("/api/tickets/", query)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == set(query)


def test_staff_filters_still_narrow_the_list(api, tickets, agent):
    waiting, mine = tickets
    api.force_authenticate(agent)

    def ids(**query):
        return [t["id"] for t in api.get("/api/tickets/", query).json()["results"]]

    assert ids(mine="true") == [mine.pk]
    assert ids(handled_by="queue") == [waiting.pk]
    assert ids(status="open", mine="false") == [mine.pk, waiting.pk]
    assert ids(queue=str(waiting.queue_id)) == [mine.pk, waiting.pk]
    assert ids(queue="999999") == []


@pytest.mark.parametrize("after_seq", ["-1", "one", "", "1.0", " 1", "\u0661"])
def test_a_malformed_after_seq_is_a_400(api, tickets, customer, after_seq):
    api.force_authenticate(customer)
    waiting, _ = tickets

    response = api.get(f"/api/tickets/{waiting.pk}/messages/", {"after_seq": after_seq})

    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"after_seq"}
