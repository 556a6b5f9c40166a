"""Staff actions in the admin: the ticket page's Manage panel (assign, priority, queue,
tags, merge), taking over a colleague's conversation, the queue's bulk action and the
page that opens a ticket for a customer. The services decide (tickets.staff); here:
what staff see and that a refusal shows the service's message and changes nothing."""

import pytest

from accounts.tests.factories import UserFactory
from tickets import services, staff
from tickets.models import Message, Priority, Queue, Ticket, TicketEvent

Kind = TicketEvent.Kind


def waiting_ticket(customer, subject="Refund question", body="Where is my refund?"):
    ticket = services.ticket_open(customer=customer, subject=subject)
    services.message_post(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer, body=body
    )
    return services.ticket_hand_off(ticket=ticket, reason="customer asked for a person")


@pytest.fixture
def ticket(customer, desk):
    return waiting_ticket(customer)


def logged_in(client, user):
    client.force_login(user)
    return client


def page(client, ticket):
    return client.get(f"/admin/tickets/ticket/{ticket.pk}/change/")


def work(client, ticket, action, **data):
    response = client.post(
        f"/admin/tickets/ticket/{ticket.pk}/work/", {"action": action, **data}, follow=True
    )
    ticket.refresh_from_db()
    return response, [str(m) for m in response.context["messages"]]


def test_the_manage_panel_offers_people_and_queues(client, agent, colleague, ticket):
    html = page(logged_in(client, agent), ticket).content.decode()

    assert 'id="manage-title"' in html
    assert f'value="person:{agent.pk}"' in html
    assert f'value="person:{colleague.pk}"' in html
    risk = Queue.objects.get(name="Risk")
    assert f'value="queue:{risk.pk}"' in html


def test_an_agent_assigns_to_themselves_but_not_to_a_colleague(client, agent, colleague, ticket):
    client = logged_in(client, agent)

    _, refused = work(client, ticket, "assign", owner=f"person:{colleague.pk}")
    assert ticket.assignee is None
    assert refused == ["Only a supervisor can give a ticket to someone else."]

    _, done = work(client, ticket, "assign", owner=f"person:{agent.pk}")
    assert ticket.assignee == agent
    assert done == [f"Ticket #{ticket.pk} is now Dana Agent's."]


def test_a_supervisor_reassigns_and_the_timeline_says_so(
    client, supervisor, agent, colleague, ticket
):
    staff.ticket_assign(ticket=ticket, actor=agent, agent=agent)

    response, _ = work(logged_in(client, supervisor), ticket, "assign",
                       owner=f"person:{colleague.pk}")  # fmt: skip

    assert ticket.assignee == colleague
    timeline = [row["summary"] for row in response.context["timeline"]]
    assert "to Lee Colleague" in timeline


def test_priority_queue_and_tags_are_changed_from_the_panel(client, agent, ticket):
    risk = Queue.objects.get(name="Risk")

    _, done = work(logged_in(client, agent), ticket, "change",
                   priority=Priority.URGENT, queue=risk.pk, tags="fraud, card")  # fmt: skip

    assert done == [f"Ticket #{ticket.pk} is updated."]
    assert (ticket.priority, ticket.queue) == (Priority.URGENT, risk)
    assert sorted(ticket.tags.values_list("name", flat=True)) == ["card", "fraud"]


def test_a_bad_tag_shows_the_services_message_and_changes_nothing(client, agent, ticket):
    _, refused = work(logged_in(client, agent), ticket, "change",
                      priority=Priority.URGENT, tags="no way!")  # fmt: skip

    assert refused == ['"way!" is not a tag: use letters, digits, "-" or "_" (at most 50).']
    assert ticket.priority == Priority.NORMAL


def test_merge_from_the_panel_shows_the_source_read_only_in_the_target(
    client, agent, customer, ticket
):
    duplicate = waiting_ticket(customer, "Refund again", "Hello?? Anyone there about the refund")
    client = logged_in(client, agent)
    assert f'<option value="{ticket.pk}">' in page(client, duplicate).content.decode()

    _, done = work(client, duplicate, "merge", into=ticket.pk)

    assert done == [f"Ticket #{duplicate.pk} is merged into #{ticket.pk}."]
    assert (duplicate.status, duplicate.merged_into) == ("closed", ticket)
    target = page(client, ticket).content.decode()
    assert f'Merged from <a href="/admin/tickets/ticket/{duplicate.pk}/change/">' in target
    assert "Hello?? Anyone there about the refund" in target
    source = page(client, duplicate).content.decode()
    assert f"request #{ticket.pk}</a>, where the work goes on" in source
    assert 'id="manage-title"' not in source  # closed: nothing to manage


def test_a_colleagues_conversation_offers_take_over_and_a_note_by_default(
    client, agent, colleague, ticket
):
    staff.ticket_assign(ticket=ticket, actor=colleague, agent=colleague)
    client = logged_in(client, agent)

    html = page(client, ticket).content.decode()
    assert "Lee Colleague</strong> has this conversation" in html
    assert 'value="take_over"' in html
    assert 'id="reply-internal" checked' in html

    _, refused = work(client, ticket, "reply", body="Hi Ann, I am on it")
    assert "Lee Colleague has this conversation" in refused[0]
    assert not ticket.messages.filter(author=agent).exists()

    _, taken = work(client, ticket, "take_over")
    work(client, ticket, "reply", body="Hi Ann, I am on it")
    assert taken == [f"You took ticket #{ticket.pk} over: you can reply now."]
    assert ticket.assignee == agent
    assert ticket.messages.filter(author=agent, is_internal=False).exists()
    assert ticket.events.filter(kind=Kind.TAKEN_OVER, actor=agent).exists()


def test_the_queues_bulk_action_applies_what_was_chosen(client, agent, colleague, customer, desk):
    free, theirs = waiting_ticket(customer, "A"), waiting_ticket(customer, "B")
    staff.ticket_assign(ticket=theirs, actor=colleague, agent=colleague)

    response = logged_in(client, agent).post(
        "/admin/tickets/ticket/",
        {
            "action": "bulk_change",
            "_selected_action": [free.pk, theirs.pk],
            "owner": f"person:{agent.pk}",
            "priority": Priority.HIGH,
            "add_tags": "callback",
        },
        follow=True,
    )

    shown = [str(m) for m in response.context["messages"]]
    assert shown[0] == f"Changed #{free.pk}."
    assert f"#{theirs.pk}: Lee Colleague has ticket" in shown[1]
    free.refresh_from_db()
    assert (free.assignee, free.priority) == (agent, Priority.HIGH)
    assert list(free.tags.values_list("name", flat=True)) == ["callback"]
    assert Ticket.objects.get(pk=theirs.pk).priority == Priority.NORMAL


def test_open_a_ticket_for_a_customer_who_phoned(client, agent, customer, desk):
    client = logged_in(client, agent)
    assert "Open a ticket for a customer" in client.get("/admin/tickets/ticket/").content.decode()
    form = client.get("/admin/tickets/ticket/open/")
    assert form.status_code == 200

    unknown = client.post(
        "/admin/tickets/ticket/open/",
        {"customer": "nobody@example.com", "subject": "Call", "body": "x", "priority": 2},
    )
    assert "No customer has that email address." in unknown.content.decode()
    assert not Ticket.objects.exists()

    response = client.post(
        "/admin/tickets/ticket/open/",
        {
            "customer": customer.email,
            "subject": "Phone: card",
            "body": "As discussed.",
            "priority": Priority.HIGH,
        },
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/tickets/ticket/{ticket.pk}/change/"
    assert (ticket.customer, ticket.assignee, ticket.priority) == (customer, agent, Priority.HIGH)


def test_only_people_who_work_tickets_open_them_for_customers(client, customer, desk):
    viewer = UserFactory(email="viewer@example.com", is_staff=True)
    client.force_login(viewer)
    assert client.get("/admin/tickets/ticket/open/").status_code == 403
    client.force_login(customer)
    assert client.get("/admin/tickets/ticket/open/").status_code == 302  # to the login


def test_the_open_for_customer_page_runs_a_fixed_number_of_queries(
    client, agent, desk, django_assert_max_num_queries
):
    client.force_login(agent)
    # The session, the user and their permissions, the queues to choose from.
    with django_assert_max_num_queries(5):
        assert client.get("/admin/tickets/ticket/open/").status_code == 200
