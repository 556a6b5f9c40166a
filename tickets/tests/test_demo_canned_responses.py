"""The demo seeds a handful of canned responses agents can use at once: each with
placeholders the form accepts, filled in on a ticket, seeded once."""

import io

from django.core.management import call_command

from tickets import services
from tickets.admin_forms import CannedResponseForm
from tickets.canned import render_canned
from tickets.demo import seed_canned_responses
from tickets.models import CannedResponse


def test_seed_demo_adds_a_handful_of_canned_responses(db, settings, desk):
    settings.DEBUG = True

    call_command("seed_demo", "--no-logins", stdout=io.StringIO())

    assert 5 <= CannedResponse.objects.count() <= 8


def test_each_uses_placeholders_the_form_accepts_and_reads_well_filled_in(desk, customer, agent):
    seed_canned_responses()
    ticket = services.ticket_open(customer=customer, subject="Help")

    for response in CannedResponse.objects.select_related("queue"):
        form = CannedResponseForm(
            data={"title": response.title, "body": response.body, "queue": response.queue_id or ""}
        )
        assert form.is_valid(), (response.title, form.errors)
        assert "{" in response.body
        filled = render_canned(response.body, ticket=ticket, agent=agent)
        assert "{" not in filled
    greeting = CannedResponse.objects.get(title="Greeting")
    assert render_canned(greeting.body, ticket=ticket, agent=agent).startswith("Hi Ann, I'm Dana")


def test_some_are_for_one_queue_and_the_rest_for_every_queue(desk):
    seed_canned_responses()

    queues = set(CannedResponse.objects.values_list("queue__name", flat=True))

    assert queues == {None, "Payments and refunds", "Risk"}


def test_seeding_again_adds_nothing_and_keeps_a_supervisors_edits(desk):
    first = seed_canned_responses()
    CannedResponse.objects.filter(title="Greeting").update(body="Hello {first_name}!")

    again = seed_canned_responses()

    assert (first, again) == (CannedResponse.objects.count(), 0)
    assert CannedResponse.objects.get(title="Greeting").body == "Hello {first_name}!"
