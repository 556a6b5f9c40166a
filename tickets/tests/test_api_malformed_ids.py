"""A ticket id that is not a number is a 404 in the API's error format, for customers
and staff alike: never a 500, never the website's HTML page."""

import pytest
from rest_framework.test import APIClient

from tickets.models import Ticket


@pytest.fixture
def ticket(customer):
    return Ticket.objects.create(customer=customer, subject="Refund for DEMO-011")


@pytest.mark.parametrize("ticket_id", ["abc", "1.5", "%20", "9" * 30])
@pytest.mark.parametrize("who", ["customer", "agent"])
def test_a_malformed_ticket_id_is_a_json_404_for_customers_and_staff(
    request, ticket, who, ticket_id
):
    api = APIClient()
    api.force_authenticate(request.getfixturevalue(who))

    for path in [f"/api/tickets/{ticket_id}/", f"/api/tickets/{ticket_id}/messages/"]:
        response = api.get(path)

        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
        assert response.json()["error"]["code"] == "not_found"


def test_a_malformed_id_on_a_staff_action_changes_nothing(ticket, agent):
    api = APIClient()
    api.force_authenticate(agent)

    response = api.post("/api/tickets/abc/claim/")

    assert response.status_code == 404
    ticket.refresh_from_db()
    assert ticket.assignee is None


@pytest.mark.parametrize("who", ["customer", "agent"])
def test_a_ticket_answers_at_its_own_address_only(request, ticket, who):
    api = APIClient()
    api.force_authenticate(request.getfixturevalue(who))
    arabic_indic = str(ticket.pk).translate(
        str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669")
    )

    assert api.get(f"/api/tickets/{ticket.pk}/").status_code == 200
    for other in [arabic_indic, f"+{ticket.pk}", f"{ticket.pk}%20", f"0{ticket.pk}.0"]:
        assert api.get(f"/api/tickets/{other}/").status_code == 404, other
