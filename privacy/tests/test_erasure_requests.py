"""The customer asks on their account page (with their password, having read what
erasure means); a supervisor approves in the admin, which erases them at once, or
declines with a reason the customer reads. Agents can do neither."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from accounts.roles import SUPERVISORS
from accounts.tests.factories import TEST_PASSWORD
from core.tasks import run_ready
from privacy.models import ErasureRequest
from privacy.services import ErasureError, erasure_approve, erasure_decline, erasure_request
from tickets import services as tickets

pytestmark = pytest.mark.django_db
PAGE = "/account/erasure/"
ADMIN = "/admin/privacy/erasurerequest/"


def ask(client):
    return client.post(PAGE, {"password": TEST_PASSWORD, "understood": "on"})


def test_the_page_says_what_erasure_means_before_anything_is_asked(customer_client):
    page = customer_client.get(PAGE).content.decode()

    assert "cannot be undone" in page
    assert "What we must keep" in page
    assert "logged out everywhere" in page
    assert ErasureRequest.objects.count() == 0


def test_the_customer_asks_and_sees_the_request_waiting(customer_client, customer):
    response = ask(customer_client)

    assert response.status_code == 302
    request = ErasureRequest.objects.get()
    assert (request.customer, request.status, request.via) == (customer, "pending", "account")
    page = customer_client.get(PAGE).content.decode()
    assert "is waiting for approval" in page
    assert 'name="password"' not in page  # nothing more to ask while it waits


def test_asking_twice_keeps_one_request(customer_client):
    ask(customer_client)
    ask(customer_client)

    assert ErasureRequest.objects.filter(status="pending").count() == 1


@pytest.mark.parametrize(
    ("form", "error"),
    [
        ({"password": "not my password", "understood": "on"}, "That is not your password."),
        ({"password": TEST_PASSWORD}, "Tick this to confirm that you understand."),
    ],
)
def test_a_request_without_the_password_or_the_consent_changes_nothing(
    customer_client, form, error
):
    response = customer_client.post(PAGE, form)

    assert response.status_code == 200
    assert error in response.content.decode()
    assert ErasureRequest.objects.count() == 0


def test_staff_cannot_ask_to_erase_themselves_here(client, agent):
    client.force_login(agent)

    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"password": TEST_PASSWORD, "understood": "on"}).status_code == 403
    with pytest.raises(ErasureError, match="Staff accounts are not erased"):
        erasure_request(customer=agent)
    assert ErasureRequest.objects.count() == 0


def test_a_visitor_is_sent_to_log_in(client):
    assert client.get(PAGE)["Location"].startswith("/login/")


def test_a_supervisor_approves_in_the_admin_and_the_customer_is_erased_and_logged_out(
    customer_client, customer, client_factory_login, supervisor
):
    ask(customer_client)
    request = ErasureRequest.objects.get()
    tickets.ticket_open(customer=customer, subject="My invoice from Anna's shop")
    staff = client_factory_login(supervisor)

    response = staff.post(ADMIN, {"action": "approve", "_selected_action": [request.pk]})

    assert response.status_code == 302
    request.refresh_from_db()
    customer.refresh_from_db()
    assert (request.status, request.decided_by) == ("done", supervisor)
    assert (customer.email, customer.is_active) == (f"erased-{customer.pk}@erased.invalid", False)
    assert customer.tickets.get().subject == "[removed]"
    assert customer_client.get("/account/").status_code == 302  # logged out


def test_an_agent_can_neither_see_nor_approve_requests(
    customer_client, client_factory_login, agent
):
    ask(customer_client)
    request = ErasureRequest.objects.get()
    staff = client_factory_login(agent)

    assert staff.get(ADMIN).status_code == 403
    assert (
        staff.post(ADMIN, {"action": "approve", "_selected_action": [request.pk]}).status_code
        == 403
    )
    with pytest.raises(ErasureError, match="Only a supervisor"):
        erasure_approve(request=request, by=agent)
    request.refresh_from_db()
    assert request.status == "pending"


def test_a_supervisor_declines_with_a_reason_the_customer_reads(
    customer_client, customer, client_factory_login, supervisor
):
    ask(customer_client)
    request = ErasureRequest.objects.get()
    staff = client_factory_login(supervisor)
    reason = "Your refund of order P-104 is still open; we can erase once it is settled."

    response = staff.post(f"{ADMIN}{request.pk}/change/", {"decline_reason": reason})

    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.decided_by, request.decline_reason) == (
        "declined", supervisor, reason)  # fmt: skip
    customer.refresh_from_db()
    assert (customer.email, customer.is_active) == ("ann@example.com", True)  # nothing erased
    page = customer_client.get(PAGE).content.decode()
    assert reason in page
    assert 'name="password"' in page  # and may ask again
    run_ready()
    (told,) = mail.outbox
    assert (told.to, told.subject) == (["ann@example.com"], "Your request to erase your data")
    assert reason in told.body


def test_declining_needs_a_reason_and_a_declined_request_cannot_be_approved(customer, supervisor):
    request = erasure_request(customer=customer)

    with pytest.raises(ErasureError, match="Say why"):
        erasure_decline(request=request, by=supervisor, reason="   ")
    erasure_decline(request=request, by=supervisor, reason="An open dispute.")
    with pytest.raises(ErasureError, match="was declined"):
        erasure_approve(request=request, by=supervisor)
    customer.refresh_from_db()
    assert customer.is_active


def test_approving_twice_erases_once(customer, supervisor):
    request = erasure_request(customer=customer)

    first = erasure_approve(request=request, by=supervisor)
    second = erasure_approve(request=request, by=supervisor)

    assert first.decided_at == second.decided_at
    assert ErasureRequest.objects.get().status == "done"


def test_supervisors_hold_the_approval_permission(supervisor, agent):
    assert supervisor.has_perm("privacy.approve_erasurerequest")
    assert not agent.has_perm("privacy.approve_erasurerequest")
    assert (
        Group.objects.get(name=SUPERVISORS)
        .permissions.filter(codename="approve_erasurerequest")
        .exists()
    )


def test_every_apps_erasure_module_is_called_and_accounts_last():
    """Through the app registry: an app that adds `erasure.py` (attachments) is called
    without privacy knowing it; accounts' comes last, as the others need the email."""
    from privacy.services import erasure_modules

    names = [module.__name__ for module in erasure_modules("erase_customer")]

    assert {"tickets.erasure", "assistant.erasure", "vip.erasure"} <= set(names)
    assert names[-1] == "accounts.erasure"
    forgetting = {module.__name__ for module in erasure_modules("forget_conversations")}
    assert {"tickets.erasure", "assistant.erasure"} <= forgetting
