"""Staff actions in the REST API: PATCH a ticket's priority, queue and tags; assign,
take over, merge, open for a customer, bulk. Each calls tickets.staff, so the roles
and the errors are the services'; here: the wire (codes, bodies, nothing changed on
a refusal)."""

import pytest
from rest_framework.test import APIClient

from tickets import services, staff
from tickets.models import Message, Priority, Queue, Ticket, TicketEvent

Kind = TicketEvent.Kind


def waiting_ticket(customer, subject="Refund"):
    ticket = services.ticket_open(customer=customer, subject=subject)
    services.message_post(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer, body="Where is it?"
    )
    return services.ticket_hand_off(ticket=ticket, reason="asked for a person")


@pytest.fixture
def ticket(customer, desk):
    return waiting_ticket(customer)


def as_user(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_staff_patch_priority_queue_and_tags(ticket, agent):
    risk = Queue.objects.get(name="Risk")

    response = as_user(agent).patch(
        f"/api/tickets/{ticket.pk}/",
        {"priority": Priority.URGENT, "queue": risk.pk, "tags": ["fraud", "card"]},
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["priority"], body["queue"], body["queue_id"]) == (4, "Risk", risk.pk)
    assert sorted(body["tags"]) == ["card", "fraud"]
    kinds = set(ticket.events.filter(actor=agent).values_list("kind", flat=True))
    assert {Kind.PRIORITY_CHANGED, Kind.QUEUE_CHANGED, Kind.TAGGED} <= kinds


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"priority": 9}, "priority"),
        ({"priority": "4"}, "priority"),
        ({"queue": 2**70}, "queue"),
        ({"tags": "fraud"}, "tags"),
        ({"tags": [0]}, "tags"),
    ],
)
def test_a_bad_patch_names_the_field_and_changes_nothing(ticket, agent, body, field):
    response = as_user(agent).patch(f"/api/tickets/{ticket.pk}/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert ticket.events.filter(actor=agent).count() == 0


def test_a_bad_tag_or_a_missing_queue_is_a_clear_error(ticket, agent):
    api = as_user(agent)

    bad_tag = api.patch(f"/api/tickets/{ticket.pk}/", {"tags": ["no way"]}, format="json")
    no_queue = api.patch(f"/api/tickets/{ticket.pk}/", {"queue": 987654}, format="json")

    assert bad_tag.status_code == 409
    assert '"no way" is not a tag' in bad_tag.json()["error"]["message"]
    assert no_queue.status_code == 404
    assert no_queue.json()["error"] == {"code": "not_found", "message": "There is no queue 987654."}
    assert ticket.events.filter(actor=agent).count() == 0


def test_customers_cannot_patch_and_put_is_not_a_method(ticket, customer, agent):
    refused = as_user(customer).patch(f"/api/tickets/{ticket.pk}/", {"priority": 4}, format="json")
    put = as_user(agent).put(f"/api/tickets/{ticket.pk}/", {"priority": 4}, format="json")

    assert refused.status_code == 403
    assert put.status_code == 405
    assert Ticket.objects.get(pk=ticket.pk).priority == Priority.NORMAL


def test_assign_by_role(ticket, agent, colleague, supervisor):
    to_colleague = {"agent": colleague.pk}

    path = f"/api/tickets/{ticket.pk}/assign/"
    refused = as_user(agent).post(path, to_colleague, format="json")
    mine = as_user(agent).post(path, {"agent": agent.pk}, format="json")
    moved = as_user(supervisor).post(path, to_colleague, format="json")

    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "not_allowed"
    assert mine.json()["assignee"] == agent.email
    assert moved.status_code == 200
    assert moved.json()["assignee"] == colleague.email


def test_assign_to_a_queue_alone_and_bad_ids(ticket, agent):
    staff.ticket_assign(ticket=ticket, actor=agent, agent=agent)
    risk = Queue.objects.get(name="Risk")
    api = as_user(agent)

    nobody = api.post(f"/api/tickets/{ticket.pk}/assign/", {"agent": 424242}, format="json")
    nothing = api.post(f"/api/tickets/{ticket.pk}/assign/", {}, format="json")
    to_queue = api.post(f"/api/tickets/{ticket.pk}/assign/", {"queue": risk.pk}, format="json")

    assert nobody.status_code == 404
    assert nobody.json()["error"]["message"] == "There is no agent 424242."
    assert nothing.status_code == 409
    assert nothing.json()["error"]["message"] == "Choose a person or a queue."
    assert to_queue.status_code == 200
    assert (to_queue.json()["assignee"], to_queue.json()["queue"]) == (None, "Risk")


def test_a_colleague_takes_over_before_replying(ticket, agent, colleague):
    staff.ticket_assign(ticket=ticket, actor=agent, agent=agent)
    api = as_user(colleague)

    refused = api.post(f"/api/tickets/{ticket.pk}/messages/", {"body": "Hi"}, format="json")
    taken = api.post(f"/api/tickets/{ticket.pk}/take-over/", format="json")
    sent = api.post(f"/api/tickets/{ticket.pk}/messages/", {"body": "Hi"}, format="json")

    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "owned_by_colleague"
    assert "Dana Agent has this conversation" in refused.json()["error"]["message"]
    assert taken.json()["assignee"] == colleague.email
    assert sent.status_code == 201


def test_merge_over_the_api(ticket, customer, other_customer, agent):
    duplicate = waiting_ticket(customer, "Refund again")
    theirs = waiting_ticket(other_customer, "Theirs")
    api = as_user(agent)

    merged = api.post(f"/api/tickets/{duplicate.pk}/merge/", {"into": ticket.pk}, format="json")
    refused = api.post(f"/api/tickets/{theirs.pk}/merge/", {"into": ticket.pk}, format="json")
    source = api.get(f"/api/tickets/{duplicate.pk}/").json()

    assert merged.status_code == 200
    assert merged.json()["id"] == ticket.pk
    assert (source["status"], source["merged_into"]) == ("closed", ticket.pk)
    assert refused.status_code == 409
    assert "same customer" in refused.json()["error"]["message"]


def test_staff_open_a_ticket_for_a_customer(customer, agent, desk):
    body = {"customer": "ANN@example.com", "subject": "Phone call", "body": "As discussed."}

    response = as_user(agent).post("/api/tickets/for-customer/", body, format="json")
    unknown = as_user(agent).post(
        "/api/tickets/for-customer/", {**body, "customer": "nobody@example.com"}, format="json"
    )
    plain = as_user(agent).post("/api/tickets/", body, format="json")

    assert response.status_code == 201, response.json()
    created = Ticket.objects.get(pk=response.json()["id"])
    assert (created.customer, created.assignee) == (customer, agent)
    assert created.messages.get().author == agent
    assert unknown.status_code == 404
    assert unknown.json()["error"]["message"] == "No customer has that email address."
    assert plain.status_code == 403
    assert "/api/tickets/for-customer/" in plain.json()["error"]["message"]


def test_bulk_over_the_api(customer, desk, agent, colleague):
    free, theirs = waiting_ticket(customer, "A"), waiting_ticket(customer, "B")
    staff.ticket_assign(ticket=theirs, actor=colleague, agent=colleague)

    response = as_user(agent).post(
        "/api/tickets/bulk/",
        {"tickets": [free.pk, theirs.pk], "agent": agent.pk, "add_tags": ["x"]},
        format="json",
    )
    too_many = as_user(agent).post(
        "/api/tickets/bulk/", {"tickets": list(range(1, 102)), "priority": 3}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["done"] == [free.pk]
    assert "only a supervisor" in response.json()["refused"][str(theirs.pk)]
    assert too_many.status_code == 400
    assert "tickets" in too_many.json()["error"]["fields"]


def test_customers_cannot_use_the_new_staff_actions(ticket, customer):
    api = as_user(customer)

    for path, body in [
        (f"/api/tickets/{ticket.pk}/assign/", {"agent": 1}),
        (f"/api/tickets/{ticket.pk}/take-over/", {}),
        (f"/api/tickets/{ticket.pk}/merge/", {"into": ticket.pk}),
        ("/api/tickets/bulk/", {"tickets": [ticket.pk], "priority": 4}),
        ("/api/tickets/for-customer/", {"customer": customer.email, "subject": "s", "body": "b"}),
    ]:
        assert api.post(path, body, format="json").status_code == 403, path
    assert Ticket.objects.get(pk=ticket.pk).assignee is None
