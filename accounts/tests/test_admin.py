import pytest

from accounts.tests.factories import InstalmentFactory, PurchaseFactory, RefundFactory

CHANGELISTS = [
    "/admin/accounts/user/",
    "/admin/accounts/purchase/",
    "/admin/accounts/instalment/",
    "/admin/accounts/refund/",
]


@pytest.fixture
def records(customer):
    purchase = PurchaseFactory(customer=customer)
    return {
        "user": customer,
        "purchase": purchase,
        "instalment": InstalmentFactory(purchase=purchase),
        "refund": RefundFactory(purchase=purchase),
    }


def add_more(n):
    for _ in range(n):
        purchase = PurchaseFactory()
        InstalmentFactory(purchase=purchase)
        RefundFactory(purchase=purchase)


@pytest.mark.parametrize("url", CHANGELISTS)
def test_changelists_run_a_fixed_number_of_queries(
    client, superuser, records, django_assert_max_num_queries, url
):
    client.force_login(superuser)
    add_more(2)
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    add_more(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("model", ["user", "purchase", "instalment", "refund"])
def test_change_pages_open(client, superuser, records, model):
    client.force_login(superuser)

    response = client.get(f"/admin/accounts/{model}/{records[model].pk}/change/")

    assert response.status_code == 200


def test_changelist_search_finds_a_customers_purchase(client, superuser, records):
    client.force_login(superuser)

    response = client.get("/admin/accounts/purchase/", {"q": "ann@example.com"})

    assert records["purchase"].reference in response.content.decode()


def test_agents_can_view_but_not_change_purchases(client, agent, records):
    client.force_login(agent)
    url = f"/admin/accounts/purchase/{records['purchase'].pk}/change/"

    assert client.get("/admin/accounts/purchase/").status_code == 200
    assert client.post(url, {"merchant": "Changed"}).status_code == 403


def test_customers_cannot_enter_the_admin(customer_client):
    response = customer_client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_can_add_a_user_by_email(client, superuser):
    client.force_login(superuser)

    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "New@Example.com",
            "usable_password": "true",
            "password1": "a long and unusual passphrase",
            "password2": "a long and unusual passphrase",
        },
    )

    assert response.status_code == 302
    from accounts.models import User

    assert User.objects.filter(email="new@example.com").exists()
