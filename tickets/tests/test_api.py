"""The REST API: customer scope, staff scope, one error format, the schema."""

import pytest
from rest_framework.test import APIClient

from tickets import services
from tickets.models import Message, Ticket


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def ticket(customer, desk):
    ticket = services.ticket_open(customer=customer, subject="Refund for DEMO-011")
    services.message_post(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer, body="Where is it?"
    )
    return services.ticket_hand_off(ticket=ticket, reason="asked for a person")


def as_user(api, user):
    api.force_authenticate(user)
    return api


def test_without_login_every_route_is_refused_in_the_error_format(api, ticket):
    for response in [
        api.get("/api/tickets/"),
        api.get(f"/api/tickets/{ticket.pk}/"),
        api.post(f"/api/tickets/{ticket.pk}/messages/", {"body": "hi"}, format="json"),
    ]:
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "not_authenticated"
    assert ticket.messages.count() == 2


def test_customers_list_only_their_own_tickets(api, ticket, other_customer, customer):
    services.ticket_open(customer=other_customer, subject="Bob's")

    data = as_user(api, customer).get("/api/tickets/").json()

    assert [t["id"] for t in data["results"]] == [ticket.pk]
    assert "customer" not in data["results"][0]  # the staff-only fields are not there


def test_another_customers_ticket_is_the_same_404_as_a_missing_one(api, ticket, other_customer):
    as_user(api, other_customer)

    for suffix in ["", "messages/"]:
        foreign = api.get(f"/api/tickets/{ticket.pk}/{suffix}")
        missing = api.get(f"/api/tickets/999999/{suffix}")
        assert foreign.status_code == missing.status_code == 404
        assert foreign.content == missing.content
    posted = api.post(f"/api/tickets/{ticket.pk}/messages/", {"body": "mine now"}, format="json")
    assert posted.status_code == 404
    assert ticket.messages.count() == 2


def test_a_customer_writes_to_a_person_and_follows_the_messages(api, customer, desk):
    as_user(api, customer)

    created = api.post("/api/tickets/", {"subject": "Lost card", "body": "Stolen"}, format="json")

    assert created.status_code == 201
    ticket_id = created.json()["id"]
    assert created.json()["handled_by"] == Ticket.HandledBy.QUEUE
    messages = api.get(f"/api/tickets/{ticket_id}/messages/").json()
    assert [m["author_kind"] for m in messages] == ["customer", "system"]
    after = api.get(f"/api/tickets/{ticket_id}/messages/", {"after_seq": 1}).json()
    assert [m["seq"] for m in after] == [2]


def test_a_resent_message_is_stored_once_and_answered_200(api, ticket, customer):
    as_user(api, customer)
    body = {"body": "Any news?", "client_msg_id": "m-42"}

    first = api.post(f"/api/tickets/{ticket.pk}/messages/", body, format="json")
    again = api.post(f"/api/tickets/{ticket.pk}/messages/", body, format="json")

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["seq"] == again.json()["seq"]
    assert ticket.messages.filter(client_msg_id="m-42").count() == 1


def test_bad_input_gets_field_errors_and_changes_nothing(api, ticket, customer):
    as_user(api, customer)

    response = api.post(
        f"/api/tickets/{ticket.pk}/messages/",
        {"body": "x" * 5000, "client_msg_id": "has spaces"},
        format="json",
    )

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"body", "client_msg_id"}
    assert ticket.messages.count() == 2


def test_customers_never_see_internal_notes(api, ticket, customer, agent):
    services.agent_reply(ticket=ticket, agent=agent, body="Looks like fraud", internal=True)

    bodies = [
        m["body"] for m in as_user(api, customer).get(f"/api/tickets/{ticket.pk}/messages/").json()
    ]

    assert "Looks like fraud" not in bodies


def test_staff_see_every_ticket_and_filter_them(api, ticket, agent, other_customer):
    services.ticket_open(customer=other_customer, subject="Bob's")
    as_user(api, agent)

    everything = api.get("/api/tickets/").json()["results"]
    waiting = api.get("/api/tickets/", {"handled_by": "queue"}).json()["results"]

    assert len(everything) == 2
    assert [t["id"] for t in waiting] == [ticket.pk]
    assert waiting[0]["customer"] == "ann@example.com"


def test_claim_conflict_answers_409_with_the_clear_message(api, ticket, agent, supervisor):
    services.ticket_claim(ticket=ticket, agent=supervisor)

    response = as_user(api, agent).post(f"/api/tickets/{ticket.pk}/claim/")

    assert response.status_code == 409
    assert response.json()["error"] == {
        "code": "already_claimed",
        "message": f"Sam Supervisor has already claimed ticket #{ticket.pk}.",
    }


def test_staff_reply_solve_and_customer_rates(api, ticket, agent, customer):
    as_user(api, agent)
    api.post(f"/api/tickets/{ticket.pk}/claim/")
    api.post(f"/api/tickets/{ticket.pk}/messages/", {"body": "Done!"}, format="json")
    solved = api.post(f"/api/tickets/{ticket.pk}/status/", {"status": "solved"}, format="json")

    rated = as_user(APIClient(), customer).post(
        f"/api/tickets/{ticket.pk}/rate/", {"score": 5}, format="json"
    )

    assert solved.json()["status"] == "solved"
    assert rated.json() == {"score": 5}


def test_customers_cannot_use_staff_actions(api, ticket, customer):
    as_user(api, customer)

    for action in ["claim", "hand-back"]:
        response = api.post(f"/api/tickets/{ticket.pk}/{action}/")
        assert response.status_code == 403
    assert api.post(f"/api/tickets/{ticket.pk}/status/", {"status": "closed"}).status_code == 403
    ticket.refresh_from_db()
    assert ticket.assignee is None
    assert ticket.status == Ticket.Status.OPEN


def test_the_list_runs_a_fixed_number_of_queries(
    api, agent, customer, desk, django_assert_max_num_queries
):
    as_user(api, agent)
    services.ticket_open(customer=customer, subject="one")
    with django_assert_max_num_queries(10) as few:
        api.get("/api/tickets/")
    for n in range(20):
        services.ticket_claim(
            ticket=services.ticket_open(customer=customer, subject=f"t{n}"), agent=agent
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        api.get("/api/tickets/")


def test_the_openapi_schema_and_its_docs_page_are_served_without_a_cdn(client, customer):
    client.force_login(customer)

    schema = client.get("/api/schema/")
    docs = client.get("/api/docs/")

    assert schema.status_code == 200
    assert b"/api/tickets/{id}/messages/" in schema.content
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()
    assert b"/static/drf_spectacular_sidecar/" in docs.content
    assert b"<script>" not in docs.content  # the page's own script is a file too (CSP)
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert b"SwaggerUIBundle" in script.content
