"""The agents' queue: the Ticket changelist in the admin, its order, filters, search,
SLA clock, bulk actions and who may use it."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from accounts.tests.factories import UserFactory
from tickets import admin_display, services, sla
from tickets.models import Message, Priority, Queue, Ticket, Tier
from tickets.rules import Signals
from tickets.tests.factories import TicketFactory

QUEUE_URL = "/admin/tickets/ticket/"


def waiting_ticket(customer, *, subject="Refund question", tier=Tier.STANDARD, priority=None):
    """A ticket handed to a person, its SLA clock running."""
    ticket = services.ticket_open(customer=customer, subject=subject, tier=tier)
    services.message_post(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer, body="Hello?"
    )
    services.ticket_hand_off(ticket=ticket, reason="customer asked for a person", priority=priority)
    return ticket


def listed(client, **params):
    response = client.get(QUEUE_URL, params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


@pytest.fixture
def staff_client(client, superuser, desk):
    client.force_login(superuser)
    return client


# --- Order -------------------------------------------------------------------------------


def test_the_ticket_due_soonest_is_listed_first_and_tickets_without_sla_last(
    staff_client, customer
):
    with_the_assistant = services.ticket_open(customer=customer, subject="Just chatting")
    standard = waiting_ticket(customer)  # business hours: due in 4 working hours or more
    urgent = waiting_ticket(customer, priority=Priority.URGENT)  # due in 30 min
    vip = waiting_ticket(customer, tier=Tier.VIP)  # due in 15 min

    assert listed(staff_client) == [vip, urgent, standard, with_the_assistant]


def test_tickets_due_at_the_same_time_are_listed_by_number(staff_client, customer):
    due = timezone.now() + timedelta(hours=1)
    first, second = TicketFactory.create_batch(2, customer=customer, sla_due_at=due)

    assert listed(staff_client) == [first, second]


# --- Filters -------------------------------------------------------------------------------


def test_the_queue_shows_open_and_pending_tickets_by_default(staff_client, customer, agent):
    open_ticket = waiting_ticket(customer)
    pending = waiting_ticket(customer)
    services.ticket_set_status(ticket=pending, status=Ticket.Status.PENDING, actor=agent)
    solved = waiting_ticket(customer)
    services.ticket_solve(ticket=solved, actor=agent)

    assert set(listed(staff_client)) == {open_ticket, pending}
    assert listed(staff_client, status="solved") == [solved]
    assert set(listed(staff_client, status="all")) == {open_ticket, pending, solved}


def test_the_owner_filter_shows_tickets_waiting_for_a_person(staff_client, customer):
    services.ticket_open(customer=customer, subject="With the assistant")
    waiting = waiting_ticket(customer)

    assert listed(staff_client, handled_by__exact="queue") == [waiting]


def test_the_mine_filter_shows_my_tickets_or_the_unassigned_ones(
    staff_client, superuser, customer, agent
):
    mine = waiting_ticket(customer)
    services.ticket_claim(ticket=mine, agent=superuser)
    theirs = waiting_ticket(customer)
    services.ticket_claim(ticket=theirs, agent=agent)
    nobodys = waiting_ticket(customer)

    assert listed(staff_client, mine="me") == [mine]
    assert listed(staff_client, mine="nobody") == [nobodys]


def test_the_queue_filter_shows_one_queue(staff_client, customer):
    waiting_ticket(customer)  # the default queue, General
    risky = waiting_ticket(customer)
    services.ticket_apply_triage(ticket=risky, signals=Signals(text="fraud!", intent="fraud"))
    risk = Queue.objects.get(name="Risk")

    assert listed(staff_client, queue__id__exact=risk.pk) == [risky]


def test_the_tier_filter_shows_vip_tickets(staff_client, customer):
    waiting_ticket(customer)
    vip = waiting_ticket(customer, tier=Tier.VIP)

    assert listed(staff_client, tier__exact="vip") == [vip]


def test_the_priority_filter_shows_one_priority(staff_client, customer):
    waiting_ticket(customer)
    urgent = waiting_ticket(customer, priority=Priority.URGENT)

    assert listed(staff_client, priority__exact=Priority.URGENT) == [urgent]


def test_the_breached_filter_separates_breached_tickets(staff_client, customer):
    on_time = services.ticket_open(customer=customer, subject="With the assistant")
    late = waiting_ticket(customer)
    sla.monitor_pass(now=timezone.now() + timedelta(days=30))

    assert listed(staff_client, breached="yes") == [late]
    assert listed(staff_client, breached="no") == [on_time]


def test_the_tag_filter_shows_tagged_tickets(staff_client, customer):
    waiting_ticket(customer)
    risky = waiting_ticket(customer)
    services.ticket_apply_triage(ticket=risky, signals=Signals(text="fraud!", intent="fraud"))
    tag = risky.tags.get(name="risk")

    assert listed(staff_client, tags__id__exact=tag.pk) == [risky]


# --- Search --------------------------------------------------------------------------------


def test_searching_a_number_finds_that_ticket(staff_client, customer):
    tickets = [waiting_ticket(customer) for _ in range(3)]

    assert listed(staff_client, q=str(tickets[1].pk)) == [tickets[1]]
    assert listed(staff_client, q=f"#{tickets[2].pk}") == [tickets[2]]


def test_searching_an_email_finds_the_customers_tickets(staff_client, customer, other_customer):
    waiting_ticket(customer)
    bobs = waiting_ticket(other_customer)

    assert listed(staff_client, q="bob@example") == [bobs]


def test_searching_words_finds_tickets_by_subject(staff_client, customer):
    waiting_ticket(customer, subject="Card declined at checkout")
    refund = waiting_ticket(customer, subject="Refund never arrived")

    assert listed(staff_client, q="never arrived") == [refund]


# --- The SLA clock ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due_in", "words"),
    [
        (timedelta(minutes=12, seconds=20), "due in 12 min"),
        (timedelta(hours=2, minutes=5), "due in 2 h 5 min"),
        (timedelta(hours=30), "due in 30 h"),
        (timedelta(days=3), "due in 3 d"),
        (-timedelta(hours=3), "overdue by 3 h"),
        (-timedelta(seconds=20), "overdue by less than 1 min"),
    ],
)
def test_the_countdown_says_how_long_until_or_since_the_due_time(due_in, words):
    now = timezone.now()

    assert admin_display.countdown(now + due_in, now) == words


def test_a_ticket_without_a_due_time_has_no_countdown():
    assert admin_display.countdown(None, timezone.now()) == "—"


def test_the_queue_shows_an_overdue_ticket_as_overdue(staff_client, customer):
    # Built directly: the services cannot put a due time in the past.
    TicketFactory(customer=customer, sla_due_at=timezone.now() - timedelta(hours=3, seconds=30))

    html = staff_client.get(QUEUE_URL).content.decode()

    assert '<span class="sla sla-overdue"' in html
    assert "overdue by 3 h</span>" in html


def test_the_queue_shows_a_ticket_due_soon_as_due_soon(staff_client, customer):
    waiting_ticket(customer, tier=Tier.VIP)  # due in 15 min

    html = staff_client.get(QUEUE_URL).content.decode()

    assert '<span class="sla sla-soon"' in html
    assert "due in 1" in html


def test_the_queue_shows_no_countdown_for_a_ticket_with_the_assistant(staff_client, customer):
    services.ticket_open(customer=customer, subject="Just chatting")

    html = staff_client.get(QUEUE_URL).content.decode()

    assert '<td class="field-sla">—</td>' in html


def test_the_queue_marks_a_breached_ticket(staff_client, customer):
    waiting_ticket(customer)
    html = staff_client.get(QUEUE_URL).content.decode()
    assert "badge-breached" not in html

    sla.monitor_pass(now=timezone.now() + timedelta(days=30))
    html = staff_client.get(QUEUE_URL).content.decode()

    assert '<span class="badge badge-breached"' in html


# --- Queries -----------------------------------------------------------------------------------


def fill_queue(customer, agent, n):
    for i in range(n):
        ticket = waiting_ticket(customer, tier=Tier.VIP if i % 2 else Tier.STANDARD)
        if i % 3 == 0:
            services.ticket_claim(ticket=ticket, agent=agent)
        services.ticket_apply_triage(ticket=ticket, signals=Signals(text="x", intent="fraud"))


def test_the_queue_runs_a_fixed_number_of_queries(
    staff_client, customer, agent, django_assert_max_num_queries
):
    fill_queue(customer, agent, 3)
    # The session (when stored in the database), the user, the agent's availability, the
    # queue and tag filters' choices, the count, the bulk action's people and queues, the
    # page of tickets.
    with django_assert_max_num_queries(9) as few:
        assert staff_client.get(QUEUE_URL).status_code == 200

    fill_queue(customer, agent, 12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(QUEUE_URL)

    assert len(response.context["cl"].result_list) == 15


# --- Bulk actions -------------------------------------------------------------------------------


def run_action(client, action, tickets):
    return client.post(
        QUEUE_URL,
        {"action": action, "_selected_action": [ticket.pk for ticket in tickets]},
        follow=True,
    )


def shown_messages(response):
    return [str(message) for message in response.context["messages"]]


def test_claiming_selected_tickets_reports_the_wins_and_the_conflicts(
    staff_client, superuser, customer, agent
):
    free = waiting_ticket(customer)
    taken = waiting_ticket(customer)
    services.ticket_claim(ticket=taken, agent=agent)

    response = run_action(staff_client, "claim_selected", [free, taken])

    free.refresh_from_db()
    assert free.assignee == superuser
    assert shown_messages(response) == [
        f"Claimed #{free.pk}.",
        f"#{taken.pk}: Dana Agent has already claimed ticket #{taken.pk}.",
    ]


def test_marking_selected_tickets_solved_solves_them(staff_client, customer):
    tickets = [waiting_ticket(customer) for _ in range(2)]

    response = run_action(staff_client, "solve_selected", tickets)

    assert set(Ticket.objects.values_list("status", flat=True)) == {Ticket.Status.SOLVED}
    assert shown_messages(response) == [f"Solved #{tickets[0].pk}, #{tickets[1].pk}."]


def test_handing_selected_tickets_back_returns_them_to_the_assistant(staff_client, customer):
    waiting = waiting_ticket(customer)
    with_the_assistant = services.ticket_open(customer=customer, subject="Chat")

    response = run_action(staff_client, "hand_back_selected", [waiting, with_the_assistant])

    waiting.refresh_from_db()
    assert waiting.handled_by == Ticket.HandledBy.AI
    assert shown_messages(response) == [
        f"Handed back #{waiting.pk}.",
        f"#{with_the_assistant.pk}: The assistant already handles this conversation.",
    ]


# --- Who may use the queue ---------------------------------------------------------------------


def grant(user, *codenames):
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="tickets", codename__in=codenames)
    )


def test_an_agent_with_view_and_change_on_tickets_works_the_queue(client, agent, customer, desk):
    grant(agent, "view_ticket", "change_ticket")
    ticket = waiting_ticket(customer)
    client.force_login(agent)

    assert listed(client) == [ticket]
    run_action(client, "claim_selected", [ticket])

    ticket.refresh_from_db()
    assert ticket.assignee == agent


def test_staff_who_may_only_view_tickets_see_the_queue_but_cannot_claim(client, customer, desk):
    viewer = UserFactory(email="viewer@example.com", is_staff=True)
    grant(viewer, "view_ticket")
    ticket = waiting_ticket(customer)
    client.force_login(viewer)

    response = client.get(QUEUE_URL)
    run_action(client, "claim_selected", [ticket])

    assert response.status_code == 200
    assert "claim_selected" not in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_customers_cannot_open_the_queue(customer_client):
    response = customer_client.get(QUEUE_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_searching_a_whole_email_in_any_case_finds_that_customers_tickets(
    staff_client, customer, other_customer
):
    waiting_ticket(customer)
    bobs = waiting_ticket(other_customer)

    assert listed(staff_client, q="Bob@Example.com") == [bobs]


def test_an_agent_sets_themselves_available_and_away_from_the_queue(client, agent):
    from django.contrib.auth.models import Permission

    from tickets.models import AgentStatus

    agent.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_ticket", "change_ticket"])
    )
    client.force_login(agent)
    assert "You are <strong>away</strong>" in client.get("/admin/tickets/ticket/").content.decode()

    response = client.post("/admin/tickets/ticket/availability/", {"available": "1"}, follow=True)

    assert AgentStatus.objects.get(agent=agent).is_available is True
    assert "You are <strong>available</strong>" in response.content.decode()
    client.post("/admin/tickets/ticket/availability/", {"available": "0"})
    assert AgentStatus.objects.get(agent=agent).is_available is False


def test_availability_is_a_post_only_switch(client, superuser):
    client.force_login(superuser)

    assert client.get("/admin/tickets/ticket/availability/").status_code == 405
