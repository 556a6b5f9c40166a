import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Instalment, Refund
from accounts.tests.factories import InstalmentFactory, PurchaseFactory, RefundFactory

CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def records(customer):
    today = timezone.localdate()
    purchase = PurchaseFactory(customer=customer, merchant="Zalando", reference="P-ANN1")
    InstalmentFactory(
        purchase=purchase,
        number=1,
        due_on=today - timedelta(days=20),
        status=Instalment.Status.PAID,
        paid_on=today - timedelta(days=20),
    )
    late = InstalmentFactory(
        purchase=purchase, number=2, due_on=today - timedelta(days=6), status=Instalment.Status.LATE
    )
    upcoming = InstalmentFactory(purchase=purchase, number=3, due_on=today + timedelta(days=8))
    refund = RefundFactory(purchase=purchase, amount="12.50", status=Refund.Status.PROCESSING)
    return {"purchase": purchase, "late": late, "upcoming": upcoming, "refund": refund}


@pytest.fixture
def foreign_records(other_customer):
    purchase = PurchaseFactory(customer=other_customer, merchant="SecretShop", reference="P-BOB1")
    return {
        "purchase": purchase,
        "instalment": InstalmentFactory(purchase=purchase, number=1),
        "refund": RefundFactory(purchase=purchase),
    }


def text(response):
    return response.content.decode()


def test_overview_shows_next_payment_overdue_and_pending_refund(customer_client, records):
    page = text(customer_client.get("/account/"))

    assert "EUR 25.00" in page
    assert "Zalando" in page
    assert "Late" in page
    assert "EUR 12.50" in page


def test_lists_show_only_the_customers_own_records(customer_client, records, foreign_records):
    for url in ["/account/", "/account/purchases/", "/account/payments/", "/account/refunds/"]:
        page = text(customer_client.get(url))
        assert "SecretShop" not in page, url
        assert "P-BOB1" not in page, url
    assert "P-ANN1" in text(customer_client.get("/account/purchases/"))


def test_detail_pages_show_the_customers_records(customer_client, records):
    purchase_page = text(customer_client.get(f"/account/purchases/{records['purchase'].pk}/"))
    payment_page = text(customer_client.get(f"/account/payments/{records['late'].pk}/"))
    refund_page = text(customer_client.get(f"/account/refunds/{records['refund'].pk}/"))

    assert "P-ANN1" in purchase_page
    assert "EUR 100.00" in purchase_page
    assert "Late" in payment_page
    assert "EUR 12.50" in refund_page


@pytest.mark.parametrize(
    ("route", "key"),
    [("purchases", "purchase"), ("payments", "instalment"), ("refunds", "refund")],
)
def test_another_customers_record_is_a_404_identical_to_a_missing_one(
    customer_client, records, foreign_records, route, key
):
    foreign = customer_client.get(f"/account/{route}/{foreign_records[key].pk}/")
    missing = customer_client.get(f"/account/{route}/999999/")

    assert foreign.status_code == missing.status_code == 404
    assert CSRF_INPUT.sub(b"", foreign.content) == CSRF_INPUT.sub(b"", missing.content)


@pytest.mark.parametrize(
    "url", ["/account/", "/account/purchases/", "/account/payments/", "/account/refunds/"]
)
def test_list_pages_run_a_fixed_number_of_queries(
    customer_client, customer, django_assert_max_num_queries, url
):
    def add_purchase(n):
        purchase = PurchaseFactory(customer=customer)
        for number in range(1, n + 1):
            InstalmentFactory(purchase=purchase, number=number)
        RefundFactory(purchase=purchase)

    add_purchase(2)
    with django_assert_max_num_queries(12) as few:
        customer_client.get(url)
    for _ in range(10):
        add_purchase(4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        customer_client.get(url)


def test_empty_account_pages_say_so(customer_client):
    for url in ["/account/purchases/", "/account/payments/", "/account/refunds/"]:
        response = customer_client.get(url)
        assert response.status_code == 200
        assert "No " in text(response) or "no " in text(response), url
