"""A customer downloads everything we hold about them (`/account/export/`), and a
supervisor produces the same file in the admin: every section there, exactly their
data — no internal note, no staff email, nothing of another customer — in a fixed
number of queries (docs/data-export.md)."""

import json
import logging
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.utils import timezone

from accounts.export import customer_document
from accounts.tests.factories import InstalmentFactory, PurchaseFactory, RefundFactory
from accounts.views import ExportThrottle
from assistant.models import AssistantTurn
from tickets.models import CSATRating, Message, SLABreach
from tickets.tests.factories import MessageFactory, TicketFactory
from vip import services as vip_services
from vip.models import Plan
from vip.stripe_gateway import RemoteSubscription

URL = "/account/export/"
USERS_URL = "/admin/accounts/user/"
TOP_LEVEL = {"format", "version", "generated_at", "customer", "sections", "attachments"}
SECTIONS = {
    "profile", "purchases", "instalments", "refunds", "logins", "failed_logins",  # accounts
    "conversations", "ratings",  # tickets
    "assistant_turns",  # assistant
    "vip_billing", "vip_subscriptions", "vip_grants", "vip_credits", "vip_events",  # vip
}  # fmt: skip
INTERNAL_NOTE = "Internal: this customer disputed twice before, check with finance"
Author = Message.Author


@pytest.fixture(autouse=True)
def fresh_download_allowance(customer):
    key = ExportThrottle().get_cache_key(SimpleNamespace(user=customer))
    cache.delete(key)
    yield
    cache.delete(key)


@pytest.fixture
def plan(desk):
    return vip_services.plan_save(
        plan=Plan(
            name="VIP Monthly", price=Decimal("9.00"), currency="EUR", interval="month",
            stripe_price_id="price_export_test", guaranteed_minutes=15,
            credit_amount=Decimal("9.00"),
        )
    )  # fmt: skip


def subscribe(customer, plan, *, sub_id):
    """A subscription as a synced Stripe webhook stores it (vip.tests.conftest)."""
    vip_services.subscription_apply(
        remote=RemoteSubscription(
            id=sub_id, customer_id="", status="active", price_id=plan.stripe_price_id,
            current_period_end=timezone.now() + timedelta(days=30), cancel_at_period_end=False,
            user_id=str(customer.pk),
        ),
        now=timezone.now(),
    )  # fmt: skip


def give_records(
    customer, *, plan, agent, supervisor, words: str, messages: int = 3, ip: str = "192.0.2.1"
):
    """A customer's whole life with us; every text carries `words`, so another
    customer's export can be searched for them."""
    purchase = PurchaseFactory(
        customer=customer, reference=f"REF-{words[:8].upper()}", merchant=f"{words} Bikes",
        description=f"{words} tandem", amount=Decimal("300.00"),
    )  # fmt: skip
    InstalmentFactory(purchase=purchase, number=1, amount=Decimal("100.00"), status="paid",
                      paid_on=timezone.localdate())  # fmt: skip
    InstalmentFactory(purchase=purchase, number=2, amount=Decimal("100.00"), status="failed",
                      failure_reason="card_expired")  # fmt: skip
    RefundFactory(purchase=purchase, amount=Decimal("40.00"), reason=f"{words} returned a wheel")
    ticket = TicketFactory(customer=customer, subject=f"{words} asks about a refund")
    MessageFactory(ticket=ticket, seq=1, author_kind=Author.CUSTOMER, author=customer,
                   body=f"{words}: where is my refund?")  # fmt: skip
    MessageFactory(ticket=ticket, seq=2, author_kind=Author.ASSISTANT,
                   body=f"{words}, your refund is on its way.",
                   metadata={"intent": "refund_status", "confidence": 0.91,
                             "tools": ["get_refunds"], "choices": ["x"],
                             "articles": [{"title": "Refunds", "url": "/help/refunds/",
                                           "excerpt": "…"}]})  # fmt: skip
    MessageFactory(ticket=ticket, seq=3, author_kind=Author.AGENT, author=agent,
                   body=INTERNAL_NOTE, is_internal=True)  # fmt: skip
    for seq in range(4, messages + 2):
        MessageFactory(ticket=ticket, seq=seq, author_kind=Author.CUSTOMER, author=customer,
                       body=f"{words}: one more thing ({seq})")  # fmt: skip
    MessageFactory(ticket=ticket, seq=messages + 2, author_kind=Author.AGENT, author=agent,
                   body=f"{words}, I have checked: it arrives on Friday.")  # fmt: skip
    CSATRating.objects.create(ticket=ticket, score=4, comment=f"{words} was helped quickly")
    AssistantTurn.objects.create(ticket=ticket, state="done", outcome="answered",
                                 detail="engine detail", finished_at=timezone.now())  # fmt: skip
    subscribe(customer, plan, sub_id=f"sub_{words.lower()}")
    breach = SLABreach.objects.create(
        ticket=ticket, target="first_response", due_at=timezone.now() - timedelta(minutes=5)
    )
    vip_services.credit_record(breach=breach, now=timezone.now())
    vip_services.grant_create(customer=customer, until=timezone.now() + timedelta(days=30),
                              reason=f"{words} had a rough month", actor=supervisor)  # fmt: skip
    browser = {"username": customer.email, "ip_address": ip, "user_agent": f"{words}Browser"}
    AccessLog.objects.create(**browser)
    AccessAttempt.objects.create(**browser, failures_since_start=2, get_data="", post_data="")
    customer.refresh_from_db()
    return ticket


@pytest.fixture
def ann_records(customer, plan, agent, supervisor):
    return give_records(customer, plan=plan, agent=agent, supervisor=supervisor, words="Annika")


@pytest.fixture
def bob_records(other_customer, plan, agent, supervisor):
    give_records(other_customer, plan=plan, agent=agent, supervisor=supervisor, words="Bobbity",
                 ip="198.51.100.77")  # fmt: skip


def download(client) -> tuple[object, dict]:
    response = client.get(URL)
    assert response.status_code == 200, response
    return response, json.loads(response.content)


def test_a_customer_downloads_every_section_of_their_data(
    customer_client, customer, ann_records, bob_records
):
    _, document = download(customer_client)

    assert set(document) == TOP_LEVEL
    assert document["format"] == "supportsite-export"
    assert document["version"] == 1
    assert document["generated_at"].endswith("+00:00")
    assert document["customer"] == {
        "id": customer.pk, "email": "ann@example.com", "full_name": "Ann Customer"
    }  # fmt: skip
    assert document["attachments"] == []
    sections = document["sections"]
    assert set(sections) == SECTIONS
    assert sections["profile"]["email"] == "ann@example.com"
    assert sections["profile"]["vip_until"] is not None
    (purchase,) = sections["purchases"]
    assert purchase["merchant"] == "Annika Bikes"
    assert purchase["amount"] == {"amount": "300.00", "currency": "EUR"}
    assert [i["status"] for i in sections["instalments"]] == ["paid", "failed"]
    assert sections["instalments"][1]["failure_reason"] == "card_expired"
    assert sections["refunds"][0]["reason"] == "Annika returned a wheel"
    assert sections["refunds"][0]["amount"] == {"amount": "40.00", "currency": "EUR"}
    logins = {(login["ip_address"], login["user_agent"]) for login in sections["logins"]}
    assert ("192.0.2.1", "AnnikaBrowser") in logins  # and the test client's own login
    assert sections["failed_logins"][0]["failures"] == 2


def test_the_conversation_is_as_the_customer_sees_it(customer_client, ann_records, agent):
    response, document = download(customer_client)

    (conversation,) = document["sections"]["conversations"]
    assert conversation["subject"] == "Annika asks about a refund"
    authors = [(m["seq"], m["author"]) for m in conversation["messages"]]
    assert authors == [(1, "You"), (2, "Assistant"), (4, "You"), (5, "Dana, support")]
    assert all(m["attachments"] == [] for m in conversation["messages"])
    assert conversation["messages"][1]["assistant"] == {
        "intent": "refund_status", "confidence": 0.91, "looked_up": ["get_refunds"],
        "articles": [{"title": "Refunds", "url": "/help/refunds/"}],
    }  # fmt: skip
    (rating,) = document["sections"]["ratings"]
    assert (rating["conversation_id"], rating["score"], rating["comment"]) == (
        conversation["id"], 4, "Annika was helped quickly"
    )  # fmt: skip
    text = response.content.decode()
    assert INTERNAL_NOTE not in text
    assert agent.email not in text
    assert "super@example.com" not in text  # who granted VIP: "Sam, support"
    assert "engine detail" not in text


def test_vip_and_assistant_sections(customer_client, ann_records):
    _, document = download(customer_client)
    sections = document["sections"]

    (subscription,) = sections["vip_subscriptions"]
    assert subscription["stripe_subscription_id"] == "sub_annika"
    assert subscription["status"] == "active"
    assert subscription["price"] == {"amount": "9.00", "currency": "EUR"}
    (credit,) = sections["vip_credits"]
    assert credit["amount"] == {"amount": "9.00", "currency": "EUR"}
    assert credit["status"] == "not_applied"
    (grant,) = sections["vip_grants"]
    assert (grant["reason"], grant["granted_by"]) == ("Annika had a rough month", "Sam, support")
    kinds = [event["kind"] for event in sections["vip_events"]]
    assert kinds == ["subscription_changed", "credit_recorded", "granted"]
    (turn,) = sections["assistant_turns"]
    assert (turn["state"], turn["outcome"]) == ("done", "answered")


def test_nothing_of_another_customer_is_in_the_file(customer_client, ann_records, bob_records):
    response, _ = download(customer_client)
    text = response.content.decode()

    assert "Bobbity" not in text
    assert "bob@example.com" not in text
    assert "Bob Other" not in text
    assert "sub_bobbity" not in text
    assert "REF-BOBBITY" not in text
    assert "198.51.100.77" not in text
    assert "Annika" in text  # the search would find one


def test_the_file_is_a_download_never_cached(customer_client, ann_records, caplog, customer):
    with caplog.at_level(logging.INFO, logger="supportsite.audit"):
        response, _ = download(customer_client)

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="supportsite-export-\d{4}-\d{2}-\d{2}\.json"',
        response["Content-Disposition"],
    )
    assert timezone.localdate().isoformat() in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert f"data_export customer={customer.pk} by={customer.pk} via=account" in caplog.text


def test_every_value_is_json_and_no_datetime_is_naive(customer, ann_records):
    document = customer_document(customer)

    text = json.dumps(document)  # no encoder: every value is JSON's own
    moments = re.findall(r'"\d{4}-\d{2}-\d{2}T[^"]*"', text)
    assert moments
    assert all(moment.endswith('+00:00"') for moment in moments)


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={URL}"


def test_a_staff_account_is_told_where_exports_are_made(client, agent):
    client.force_login(agent)

    response = client.get(URL)

    assert response.status_code == 403
    assert "This download is for customers" in response.content.decode()
    assert "Content-Disposition" not in response


def test_downloads_are_limited_per_customer(customer_client, customer, monkeypatch):
    monkeypatch.setattr(ExportThrottle, "rate", "2/hour")
    assert customer_client.get(URL).status_code == 200
    assert customer_client.get(URL).status_code == 200

    response = customer_client.get(URL, follow=True)

    assert response.redirect_chain == [("/account/", 302)]
    assert "You have downloaded your data 2 times in the last hour" in response.content.decode()


def test_the_account_page_offers_the_download(customer_client):
    page = customer_client.get("/account/").content.decode()

    assert f'href="{URL}"' in page
    assert "Download your data" in page


def test_the_export_takes_the_same_queries_for_3_messages_as_for_30(
    customer_client, customer, plan, agent, supervisor, django_assert_max_num_queries
):
    give_records(customer, plan=plan, agent=agent, supervisor=supervisor, words="Few")
    with django_assert_max_num_queries(25) as few:
        download(customer_client)
    give_records(customer, plan=plan, agent=agent, supervisor=supervisor, words="Many",
                 messages=30)  # fmt: skip

    with django_assert_max_num_queries(len(few.captured_queries)):
        _, document = download(customer_client)

    assert [len(c["messages"]) for c in document["sections"]["conversations"]] == [4, 31]


# --- The admin ---------------------------------------------------------------------------


def export_action(client, *users):
    return client.post(
        USERS_URL,
        {"action": "export_customer_data", "_selected_action": [user.pk for user in users]},
    )


def test_a_supervisor_exports_a_customers_data(
    client, supervisor, customer, ann_records, bob_records, caplog
):
    client.force_login(supervisor)
    with caplog.at_level(logging.INFO, logger="supportsite.audit"):
        response = export_action(client, customer)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="supportsite-export-')
    assert "no-store" in response["Cache-Control"]
    document = json.loads(response.content)
    assert document["customer"]["email"] == "ann@example.com"
    assert set(document["sections"]) == SECTIONS
    assert "Bobbity" not in response.content.decode()
    assert INTERNAL_NOTE not in response.content.decode()
    assert f"data_export customer={customer.pk} by={supervisor.pk} via=admin" in caplog.text


def test_one_customer_at_a_time(client, supervisor, customer, other_customer):
    client.force_login(supervisor)

    response = export_action(client, customer, other_customer)

    assert "Content-Disposition" not in response
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["Select exactly one customer: each export is one customer's file."]


def test_staff_accounts_are_not_exported(client, supervisor, agent):
    client.force_login(supervisor)

    response = export_action(client, agent)

    assert "Content-Disposition" not in response
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["agent@example.com: Staff accounts have no customer data to export."]


def test_an_agent_has_no_export_action(client, agent, customer):
    client.force_login(agent)

    page = client.get(USERS_URL).content.decode()
    response = export_action(client, customer)

    assert "export_customer_data" not in page
    assert response.status_code in (200, 302)
    assert "Content-Disposition" not in response


def test_the_documentation_describes_every_section():
    documentation = (Path(settings.BASE_DIR) / "docs" / "data-export.md").read_text()

    for section in SECTIONS:
        assert f"`{section}`" in documentation, section
