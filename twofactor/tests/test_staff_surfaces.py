"""With the second factor on, a staff session that passed only the password reaches
nothing but the pages that collect the code: not one admin page, not the website, not
the API. Customers are not asked, and pay no query for it."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.tests.factories import PurchaseFactory
from twofactor.tests.helpers import authenticator_for, passed_login, password_login

pytestmark = pytest.mark.usefixtures("second_factor_on")


def every_admin_page(record_of_each_model) -> list[str]:
    """The index, each model's list, add and change page, and the admin's own pages."""
    pages = [reverse("admin:index"), reverse("admin:password_change"), reverse("admin:jsi18n")]
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages += [reverse(f"{name}_changelist"), reverse(f"{name}_add")]
        if model in record_of_each_model:
            pages.append(reverse(f"{name}_change", args=[record_of_each_model[model].pk]))
    return pages


@pytest.fixture
def records(customer):
    purchase = PurchaseFactory(customer=customer)
    return {type(customer): customer, type(purchase): purchase}


@pytest.mark.parametrize("has_authenticator", [False, True], ids=["to set-up", "to a code"])
def test_every_admin_page_sends_a_password_only_session_to_the_second_factor(
    superuser, records, has_authenticator
):
    if has_authenticator:
        authenticator_for(superuser)
    client = password_login(superuser)
    step = "/admin/second-factor/verify/" if has_authenticator else "/admin/second-factor/set-up/"

    answers = {page: client.get(page) for page in every_admin_page(records)}

    assert len(answers) > 40
    assert {
        page: response.status_code
        for page, response in answers.items()
        if response.status_code != 302 or not response["Location"].startswith(f"{step}?next=")
    } == {}


def test_a_password_only_session_cannot_post_to_the_admin(superuser, customer):
    authenticator_for(superuser)
    client = password_login(superuser)

    response = client.post(
        reverse("admin:accounts_user_change", args=[customer.pk]),
        {"email": "taken@example.com", "full_name": "Taken Over"},
    )

    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.email == "ann@example.com"


def test_a_password_only_staff_session_is_refused_by_the_api(agent, customer):
    authenticator_for(agent)
    client = password_login(agent)

    listed = client.get("/api/tickets/")
    opened = client.post("/api/tickets/", {"subject": "x", "body": "y"}, "application/json")

    assert listed.status_code == opened.status_code == 403
    assert listed.json()["error"]["code"] == "second_factor_required"


def test_a_staff_session_that_passed_reaches_the_admin_and_the_api(agent):
    device, _ = authenticator_for(agent)
    client = passed_login(agent, device)

    assert client.get("/admin/tickets/ticket/").status_code == 200
    assert client.get("/api/tickets/").status_code == 200


def test_a_staff_members_api_token_still_works(agent):
    """Tokens are for programs: issued by staff in the admin (past the second factor)
    or on the server, and revoked there."""
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=agent).key}")

    assert api.get("/api/tickets/").status_code == 200


def test_a_password_only_staff_session_is_sent_to_the_code_from_the_website_too(agent):
    authenticator_for(agent)
    client = password_login(agent)

    for page in ["/account/", "/tickets/", "/profile/", "/password/change/"]:
        response = client.get(page)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/second-factor/verify/")


def test_logging_out_is_open_before_the_second_factor(agent):
    authenticator_for(agent)
    client = password_login(agent)

    response = client.post("/admin/logout/")

    assert (response.status_code, response["Location"]) == (302, "/")
    assert "_auth_user_id" not in client.session


def test_with_the_second_factor_off_staff_sign_in_with_the_password(settings, agent):
    authenticator_for(agent)
    settings.STAFF_TWO_FACTOR = False
    client = password_login(agent)

    assert client.get("/admin/tickets/ticket/").status_code == 200
    assert client.get("/api/tickets/").status_code == 200
    assert client.get("/admin/second-factor/verify/").status_code == 404


# --- Customers ------------------------------------------------------------------------


CUSTOMER_PAGES = ["/account/", "/account/purchases/", "/tickets/", "/chat/", "/api/tickets/"]


def test_customers_are_never_asked_and_pay_no_query_for_it(customer, settings):
    client = password_login(customer, "/login/")

    for page in CUSTOMER_PAGES:
        settings.STAFF_TWO_FACTOR = False
        client.get(page)  # anything done once per session is done
        with CaptureQueriesContext(connection) as off:
            relaxed = client.get(page)
        settings.STAFF_TWO_FACTOR = True
        with CaptureQueriesContext(connection) as on:
            required = client.get(page)
        assert (page, required.status_code) == (page, relaxed.status_code) == (page, 200)
        assert (page, len(on)) == (page, len(off))


def test_the_second_factor_pages_are_not_for_customers(customer_client):
    response = customer_client.get("/admin/second-factor/set-up/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not customer_client.get("/account/").context["user"].is_staff
