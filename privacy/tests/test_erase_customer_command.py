"""`manage.py erase_customer EMAIL`: the same erasure as an approved request, for one
that came by letter or phone; safe to run twice; never for staff."""

import pytest
from django.core.management import CommandError, call_command

from privacy.models import ErasureRequest
from privacy.services import erasure_request

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("erase_customer", *args, stdout=out)
    return out.getvalue()


def test_the_command_erases_the_customer_and_records_who_decided(customer, supervisor):
    said = run("ANN@example.com ", "--by", supervisor.email)

    customer.refresh_from_db()
    request = ErasureRequest.objects.get()
    assert said == f"Erased customer #{customer.pk} (erasure request #{request.pk}).\n"
    assert (customer.email, customer.full_name, customer.is_active) == (
        f"erased-{customer.pk}@erased.invalid", "", False)  # fmt: skip
    assert (request.status, request.via, request.decided_by) == ("done", "command", supervisor)


def test_the_command_carries_out_a_waiting_request(customer):
    asked = erasure_request(customer=customer)

    run(customer.email)

    asked.refresh_from_db()
    assert (asked.status, ErasureRequest.objects.count()) == ("done", 1)


def test_run_twice_the_second_run_finds_nothing_to_erase(customer):
    run(customer.email)

    assert run(customer.email) == "No account has this email: nothing to erase.\n"
    assert ErasureRequest.objects.count() == 1


def test_the_command_refuses_staff_and_changes_nothing(agent):
    with pytest.raises(CommandError, match="Staff accounts are not erased"):
        run(agent.email)

    agent.refresh_from_db()
    assert (agent.is_active, agent.email) == (True, "agent@example.com")
    assert ErasureRequest.objects.count() == 0


def test_by_must_name_a_staff_member(customer, other_customer):
    with pytest.raises(CommandError, match="no staff member has the email"):
        run(customer.email, "--by", other_customer.email)

    customer.refresh_from_db()
    assert customer.is_active
