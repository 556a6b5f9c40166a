"""Canned responses are written once with placeholders ({first_name}, {ticket_number},
{agent_first_name}, {support_email}) and reach the reply box filled in for the ticket
and the agent; an unknown placeholder is refused when the response is saved, and
nothing in braces is ever looked up."""

import pytest

from accounts.tests.factories import UserFactory
from tickets import services
from tickets.admin_forms import CannedResponseForm
from tickets.canned import render_canned
from tickets.models import CannedResponse, Message


@pytest.fixture
def ticket(customer, desk):
    ticket = services.ticket_open(customer=customer, subject="Refund question")
    services.message_post(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer, body="Refund?"
    )
    services.ticket_hand_off(ticket=ticket, reason="customer asked for a person")
    return ticket


def test_placeholders_are_filled_for_the_ticket_and_the_agent(ticket, agent, settings):
    settings.SUPPORT_EMAIL = "help@example.com"
    body = (
        "Hi {first_name}, {agent_first_name} here about #{ticket_number}. "
        "Or write to {support_email}."
    )

    text = render_canned(body, ticket=ticket, agent=agent)

    assert text == f"Hi Ann, Dana here about #{ticket.pk}. Or write to help@example.com."


def test_a_customer_without_a_name_is_greeted_by_the_start_of_their_email(desk, agent):
    nameless = UserFactory(email="kim.lee@example.com", full_name="")
    ticket = services.ticket_open(customer=nameless, subject="Hello")

    assert render_canned("Hi {first_name},", ticket=ticket, agent=agent) == "Hi kim.lee,"


@pytest.mark.parametrize(
    "body",
    [
        "{ticket.customer.password}",
        "{agent.__class__}",
        "{first_name:>99999999}",
        "{first_name!r}",
        "{0}",
        "{}",
        "{unknown}",
        '{"json": true}',
    ],
)
def test_nothing_else_in_braces_is_looked_up_or_formatted(ticket, agent, body):
    assert render_canned(body, ticket=ticket, agent=agent) == body


def test_a_value_with_braces_is_inserted_as_written_not_filled_again(desk, agent):
    customer = UserFactory(full_name="{agent_first_name} Smith")
    ticket = services.ticket_open(customer=customer, subject="Hello")

    assert render_canned("Hi {first_name}", ticket=ticket, agent=agent) == "Hi {agent_first_name}"


def form_errors(body):
    form = CannedResponseForm(data={"title": "Greeting", "body": body})
    assert not form.is_valid()
    return form.errors["body"]


def test_the_canned_response_form_refuses_an_unknown_placeholder_saying_which_may_be_used():
    assert form_errors("Hi {firstname}, about {ticket.id}: {first_name}") == [
        "Unknown placeholders: {firstname}, {ticket.id}. You can use {first_name} (the "
        "customer's first name); {ticket_number} (the ticket's number, e.g. 42); "
        "{agent_first_name} (the first name of the agent sending it); {support_email} (our "
        "support email address)."
    ]


def test_the_canned_response_form_accepts_the_known_placeholders(db):
    form = CannedResponseForm(
        data={"title": "Greeting", "body": "Hi {first_name}, I'm {agent_first_name}."}
    )

    assert form.is_valid(), form.errors


# --- On the ticket page -------------------------------------------------------------------


def page_url(ticket):
    return f"/admin/tickets/ticket/{ticket.pk}/change/"


@pytest.fixture
def greeting(ticket):
    return CannedResponse.objects.create(
        title="Greeting", body="Hi {first_name}, {agent_first_name} here (#{ticket_number})."
    )


def test_the_picker_offers_the_response_filled_in_for_this_ticket_and_agent(
    client, agent, ticket, greeting
):
    client.force_login(agent)

    page = client.get(page_url(ticket)).content.decode()

    filled = f"Hi Ann, Dana here (#{ticket.pk})."
    assert f'<option value="{greeting.pk}" data-body="{filled}">Greeting</option>' in page


def test_inserting_without_javascript_puts_the_filled_in_text_in_the_reply_box(
    client, supervisor, ticket, greeting
):
    client.force_login(supervisor)

    response = client.get(page_url(ticket), {"canned": greeting.pk})

    assert response.context["reply_form"]["body"].value() == f"Hi Ann, Sam here (#{ticket.pk})."
    greeting.refresh_from_db()
    assert greeting.body.startswith("Hi {first_name}")  # the stored text keeps its placeholders


def test_the_admin_refuses_an_unknown_placeholder_and_saves_nothing(client, supervisor):
    client.force_login(supervisor)

    response = client.post(
        "/admin/tickets/cannedresponse/add/", {"title": "Hi", "body": "Hello {name}"}
    )

    assert response.status_code == 200  # the form again, with the error
    assert "{name}" in response.content.decode()
    assert not CannedResponse.objects.exists()
