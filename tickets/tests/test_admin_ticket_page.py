"""The ticket page in the admin: what an agent reads (facts, conversation, timeline,
customer) and what the buttons and the reply box do, always through the services."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Permission

from accounts.tests.factories import PurchaseFactory, UserFactory
from tickets import services
from tickets.models import CannedResponse, Message, Queue, Ticket, TicketEvent

Status, HandledBy = Ticket.Status, Ticket.HandledBy


def customer_says(ticket, body):
    services.message_post(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=ticket.customer, body=body
    )


@pytest.fixture
def ticket(customer, desk):
    ticket = services.ticket_open(customer=customer, subject="Refund question")
    customer_says(ticket, "Where is my refund?")
    services.ticket_hand_off(ticket=ticket, reason="customer asked for a person")
    return ticket


@pytest.fixture
def staff_client(client, superuser):
    client.force_login(superuser)
    return client


def page_url(ticket):
    return f"/admin/tickets/ticket/{ticket.pk}/change/"


def work(client, ticket, action, **data):
    """Press a button on the ticket page; return the page it leads back to."""
    response = client.post(
        f"/admin/tickets/ticket/{ticket.pk}/work/", {"action": action, **data}, follow=True
    )
    assert response.redirect_chain == [(page_url(ticket), 302)]
    ticket.refresh_from_db()
    return response


def shown_messages(response):
    return [str(message) for message in response.context["messages"]]


# --- What the page shows ----------------------------------------------------------------------


def test_the_page_shows_the_conversation_in_order_with_authors(staff_client, ticket, agent):
    services.agent_reply(ticket=ticket, agent=agent, body="Hi Ann, let me look.")
    customer_says(ticket, "Thank you!")

    html = staff_client.get(page_url(ticket)).content.decode()

    bodies = ["Where is my refund?", "A person from our team", "Hi Ann, let me look.", "Thank you!"]
    positions = [html.index(body) for body in bodies]
    assert positions == sorted(positions)
    assert "Agent · Dana Agent" in html
    assert "Customer · Ann Customer" in html


def test_an_internal_note_is_marked_and_shown_at_the_top(staff_client, ticket, agent):
    services.agent_reply(ticket=ticket, agent=agent, body="Refund left on Monday.", internal=True)

    html = staff_client.get(page_url(ticket)).content.decode()

    top, conversation = html.split('id="transcript-title"')
    assert "Refund left on Monday." in top
    assert "Internal note" in top
    assert '<span class="badge badge-internal">Internal note</span>' in conversation


def test_the_page_shows_the_hand_off_reason_first(staff_client, ticket):
    html = staff_client.get(page_url(ticket)).content.decode()

    assert (
        "<strong>Handed to a person:</strong> Other — "
        '<span class="user-text" dir="auto">customer asked for a person</span>'
    ) in html
    # At the top of the side column, before the customer and the facts.
    assert html.index("customer asked for a person") < html.index('id="customer-title"')


def test_the_timeline_lists_the_events_with_their_details(staff_client, ticket, agent):
    services.ticket_claim(ticket=ticket, agent=agent)
    services.ticket_set_status(ticket=ticket, status=Status.PENDING, actor=agent)

    html = staff_client.get(page_url(ticket)).content.decode()
    timeline = html[html.index('id="timeline-title"') :]

    assert "<strong>Claimed</strong>" in timeline
    assert "<strong>Status changed</strong>: Open → Waiting on customer" in timeline
    assert "· Dana Agent" in timeline


def test_the_page_shows_the_customers_other_requests_and_purchases(staff_client, ticket, customer):
    services.ticket_open(customer=customer, subject="An older question")
    PurchaseFactory(customer=customer, reference="P-424242", merchant="IKEA")

    html = staff_client.get(page_url(ticket)).content.decode()

    assert "An older question" in html
    assert "IKEA · P-424242" in html


def test_the_facts_cannot_be_changed_through_the_form(staff_client, ticket):
    response = staff_client.post(page_url(ticket), {"subject": "Changed", "status": "closed"})

    assert response.status_code == 403
    ticket.refresh_from_db()
    assert ticket.subject == "Refund question"


# --- Buttons ---------------------------------------------------------------------------------


def test_claim_takes_the_ticket(staff_client, ticket, superuser):
    response = work(staff_client, ticket, "claim")

    assert ticket.assignee == superuser
    assert ticket.handled_by == HandledBy.AGENT
    assert shown_messages(response) == [f"You claimed ticket #{ticket.pk}."]


def test_a_claim_that_loses_the_race_says_who_won(staff_client, ticket, agent):
    services.ticket_claim(ticket=ticket, agent=agent)

    response = work(staff_client, ticket, "claim")

    assert ticket.assignee == agent
    assert shown_messages(response) == [f"Dana Agent has already claimed ticket #{ticket.pk}."]


def test_reply_sends_a_message_to_the_customer(staff_client, ticket, superuser):
    response = work(staff_client, ticket, "reply", body="Your refund left on Monday.")

    message = ticket.messages.order_by("seq").last()
    assert (message.author, message.body, message.is_internal) == (
        superuser,
        "Your refund left on Monday.",
        False,
    )
    assert ticket.first_responded_at is not None
    assert shown_messages(response) == ["Reply sent."]


def test_an_internal_note_is_stored_for_staff_only(staff_client, ticket):
    response = work(staff_client, ticket, "reply", body="Checked the bank.", internal="on")

    message = ticket.messages.order_by("seq").last()
    assert (message.body, message.is_internal) == ("Checked the bank.", True)
    assert ticket.first_responded_at is None
    assert shown_messages(response) == ["Internal note added."]


def test_an_empty_reply_is_refused(staff_client, ticket):
    before = ticket.last_seq

    response = work(staff_client, ticket, "reply", body="   ")

    assert ticket.last_seq == before
    assert shown_messages(response) == ["This field is required."]


def test_solve_solves_the_ticket(staff_client, ticket):
    response = work(staff_client, ticket, "solve")

    assert ticket.status == Status.SOLVED
    assert shown_messages(response) == [f"Ticket #{ticket.pk} is solved."]


def test_set_pending_waits_on_the_customer(staff_client, ticket):
    response = work(staff_client, ticket, "pending")

    assert ticket.status == Status.PENDING
    assert shown_messages(response) == [f"Ticket #{ticket.pk} is waiting on the customer."]


def test_hand_back_returns_the_ticket_to_the_assistant(staff_client, ticket):
    response = work(staff_client, ticket, "hand_back")

    assert ticket.handled_by == HandledBy.AI
    assert ticket.sla_due_at is None
    assert shown_messages(response) == [f"Ticket #{ticket.pk} is back with the assistant."]


def test_reopen_opens_a_solved_ticket_again(staff_client, ticket, agent):
    services.ticket_solve(ticket=ticket, actor=agent)

    response = work(staff_client, ticket, "reopen")

    assert ticket.status == Status.OPEN
    assert shown_messages(response) == [f"Ticket #{ticket.pk} is open again."]


def test_a_button_the_state_does_not_allow_shows_the_services_refusal(staff_client, ticket, agent):
    services.ticket_set_status(ticket=ticket, status=Status.CLOSED, actor=agent)

    response = work(staff_client, ticket, "pending")

    assert ticket.status == Status.CLOSED
    assert shown_messages(response) == ["A closed ticket cannot become waiting on customer."]


def test_the_page_offers_only_the_buttons_that_fit_the_state(staff_client, ticket):
    html = staff_client.get(page_url(ticket)).content.decode()

    for action in ["claim", "solve", "pending", "hand_back"]:
        assert f'name="action" value="{action}"' in html
    assert 'value="reopen"' not in html


def test_the_work_url_takes_only_posts(staff_client, ticket):
    response = staff_client.get(f"/admin/tickets/ticket/{ticket.pk}/work/")

    assert response.status_code == 405


def test_an_unknown_action_is_refused(staff_client, ticket):
    response = staff_client.post(f"/admin/tickets/ticket/{ticket.pk}/work/", {"action": "delete"})

    assert response.status_code == 400


# --- Canned responses -------------------------------------------------------------------------


@pytest.fixture
def canned(ticket):
    general, risk = Queue.objects.get(name="General"), Queue.objects.get(name="Risk")
    create = CannedResponse.objects.create
    return {
        "everywhere": create(title="Greeting", body="Hello <name>,\nthanks!"),
        "this queue": create(title="Refund", body="Refunds take 5 days.", queue=general),
        "other queue": create(title="Card blocked", body="Blocked.", queue=risk),
    }


def test_the_reply_box_offers_the_canned_responses_of_the_tickets_queue(
    staff_client, ticket, canned
):
    page = staff_client.get(page_url(ticket)).content.decode()
    html = page.split('id="canned-select"')[1].split("</select>")[0]

    assert f'<option value="{canned["everywhere"].pk}" data-body="Hello &lt;name&gt;,' in html
    assert f'<option value="{canned["this queue"].pk}"' in html
    assert f'<option value="{canned["other queue"].pk}"' not in html


def test_inserting_a_canned_response_without_javascript_fills_the_reply_box(
    staff_client, ticket, canned
):
    response = staff_client.get(page_url(ticket), {"canned": canned["this queue"].pk})

    assert response.context["reply_form"]["body"].value() == "Refunds take 5 days."
    assert "Refunds take 5 days.</textarea>" in response.content.decode()


def test_the_page_loads_its_script_from_a_static_file_and_has_no_inline_script(
    staff_client, ticket
):
    html = staff_client.get(page_url(ticket)).content.decode()

    assert '<script src="/static/admin_workspace/workspace.js">' in html
    assert not [tag for tag in parse(html).tags if tag[0] == "script" and not executable_src(tag)]


# --- Escaping ----------------------------------------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "[x](javascript:alert(1))",
]


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parse(html):
    collector = TagCollector()
    collector.feed(html)
    return collector


def executable_src(tag):
    _, attrs = tag
    return bool(attrs.get("src")) or attrs.get("type") == "application/json"


def assert_only_escaped(html):
    assert "<script>alert" not in html
    assert "<img src=x onerror" not in html
    assert "<svg onload" not in html
    assert 'href="javascript:' not in html
    tags = parse(html).tags
    assert not [(tag, attrs) for tag, attrs in tags if any(a.startswith("on") for a in attrs)]
    assert not [attrs for tag, attrs in tags if tag == "img" and attrs.get("src") == "x"]
    assert not [tag for tag in tags if tag[0] == "script" and not executable_src(tag)]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_everything_people_wrote_is_escaped_in_the_queue_and_on_the_ticket_page(
    staff_client, customer, agent, desk
):
    for payload in PAYLOADS:
        ticket = services.ticket_open(customer=customer, subject=payload)
        customer_says(ticket, payload)
        services.ticket_hand_off(ticket=ticket, reason=payload)
        services.agent_reply(ticket=ticket, agent=agent, body=f"Note: {payload}", internal=True)
        services.agent_reply(ticket=ticket, agent=agent, body=f"Reply: {payload}")
    everything = "\n".join(PAYLOADS)
    ticket = services.ticket_open(customer=customer, subject=everything)
    customer_says(ticket, everything)
    services.ticket_hand_off(ticket=ticket, reason=everything)
    services.agent_reply(ticket=ticket, agent=agent, body=everything, internal=True)

    queue = staff_client.get("/admin/tickets/ticket/").content.decode()
    page = staff_client.get(page_url(ticket)).content.decode()

    assert_only_escaped(queue)
    assert_only_escaped(page)
    assert "&quot;&gt;&lt;svg onload=alert(1)&gt;" in page
    assert "[x](javascript:alert(1))" in page


# --- Queries -----------------------------------------------------------------------------------


def test_the_page_runs_a_fixed_number_of_queries_however_long_the_conversation(
    staff_client, ticket, agent, django_assert_max_num_queries
):
    services.ticket_claim(ticket=ticket, agent=agent)
    # The session and user, the ticket, its transcript, events and the people they name,
    # the Manage panel's choices, merged tickets, canned responses, the customer's
    # other requests and the customer panel's sections (VIP's included).
    with django_assert_max_num_queries(22) as few:
        assert staff_client.get(page_url(ticket)).status_code == 200
    assert ticket.messages.count() == 3

    for i in range(30):
        customer_says(ticket, f"Question {i}")
        services.agent_reply(ticket=ticket, agent=agent, body=f"Answer {i}")
        services.ticket_set_status(ticket=ticket, status=Status.PENDING, actor=agent)
        services.ticket_set_status(ticket=ticket, status=Status.OPEN, actor=agent)
    assert ticket.messages.count() >= 60
    assert ticket.events.count() >= 60

    with django_assert_max_num_queries(len(few.captured_queries)):
        assert staff_client.get(page_url(ticket)).status_code == 200


# --- Who may work a ticket ---------------------------------------------------------------------


def grant(user, *codenames):
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="tickets", codename__in=codenames)
    )


def test_an_agent_with_view_and_change_on_tickets_can_claim_and_reply(client, agent, ticket):
    grant(agent, "view_ticket", "change_ticket")
    client.force_login(agent)

    work(client, ticket, "claim")
    work(client, ticket, "reply", body="Hi Ann.")

    assert ticket.assignee == agent
    assert ticket.messages.filter(author=agent, body="Hi Ann.").exists()


def test_staff_who_may_only_view_tickets_read_the_page_but_cannot_work_it(client, ticket):
    viewer = UserFactory(email="viewer@example.com", is_staff=True)
    grant(viewer, "view_ticket")
    client.force_login(viewer)

    page = client.get(page_url(ticket))
    claim = client.post(f"/admin/tickets/ticket/{ticket.pk}/work/", {"action": "claim"})

    assert page.status_code == 200
    assert 'name="action"' not in page.content.decode()
    assert claim.status_code == 403
    ticket.refresh_from_db()
    assert ticket.assignee is None
    assert not ticket.events.filter(kind=TicketEvent.Kind.CLAIMED).exists()


def test_customers_cannot_open_a_ticket_page(customer_client, ticket):
    response = customer_client.get(page_url(ticket))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
