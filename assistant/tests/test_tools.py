"""The assistant's tools read only the conversation's own customer's data."""

import json
import re
from datetime import date
from pathlib import Path

import pytest

from accounts.models import Instalment
from accounts.tests.factories import InstalmentFactory, PurchaseFactory, RefundFactory
from assistant.tools import ALLOWLIST, TOOLS, TOOLS_BY_NAME, ToolArgumentError, ToolContext

IDENTITY_WORDS = {"customer", "customer_id", "user", "user_id", "email", "account", "name", "owner"}


@pytest.fixture
def records(customer, other_customer):
    mine = PurchaseFactory(customer=customer, merchant="Zalando", reference="ANN-1")
    InstalmentFactory(purchase=mine, number=1)
    RefundFactory(purchase=mine)
    theirs = PurchaseFactory(customer=other_customer, merchant="SecretShop", reference="BOB-1")
    InstalmentFactory(purchase=theirs, number=1, status=Instalment.Status.LATE)
    RefundFactory(purchase=theirs)


def run(name, customer, **arguments):
    return TOOLS_BY_NAME[name](ToolContext(customer=customer), arguments)


def test_the_tool_set_is_exactly_the_read_only_allowlist():
    assert (
        {tool.name for tool in TOOLS}
        == ALLOWLIST
        == {
            "get_payment_schedule",
            "get_balance",
            "get_purchases",
            "get_refunds",
            "get_membership",
            "search_help",
            "offer_choices",
            "hand_off_to_human",
        }
    )


def test_no_tool_takes_anything_that_names_a_person():
    for tool in TOOLS:
        assert not set(tool.parameters.get("properties", {})) & IDENTITY_WORDS, tool.name
        assert tool.parameters.get("additionalProperties") is False, tool.name


@pytest.mark.parametrize(
    "name", ["get_payment_schedule", "get_balance", "get_purchases", "get_refunds"]
)
def test_lookups_return_only_the_customers_own_records(records, customer, name):
    result = json.dumps(run(name, customer))

    assert "Zalando" in result
    assert "SecretShop" not in result
    assert "BOB-1" not in result


def test_asking_for_another_customers_reference_finds_nothing(records, customer):
    assert run("get_purchases", customer, reference="BOB-1")["purchases"] == []
    assert run("get_balance", customer, reference="BOB-1")["owed"] == []
    assert run("get_refunds", customer, reference="bob-1") == {"refunds": []}


@pytest.mark.parametrize(
    "arguments",
    [{"customer_id": "2"}, {"email": "bob@example.com"}, {"reference": "x" * 50}, {"reference": 7}],
)
def test_arguments_outside_the_schema_are_refused(records, customer, arguments):
    with pytest.raises(ToolArgumentError):
        run("get_purchases", customer, **arguments)


def test_a_malformed_reference_is_refused(records, customer):
    with pytest.raises(ToolArgumentError, match="reference: String should match pattern"):
        run("get_refunds", customer, reference="'; DROP TABLE")


def test_the_hand_off_tool_only_records_the_request(customer):
    context = ToolContext(customer=customer)

    result = TOOLS_BY_NAME["hand_off_to_human"](context, {"reason": "customer is upset"})

    assert result == {"handed_off": True}
    assert context.hand_off_reason == "customer is upset"


def test_the_payment_schedule_separates_overdue_upcoming_and_paid(customer):
    purchase = PurchaseFactory(customer=customer)
    InstalmentFactory(purchase=purchase, number=1, status=Instalment.Status.PAID)
    InstalmentFactory(purchase=purchase, number=2, status=Instalment.Status.FAILED)
    InstalmentFactory(purchase=purchase, number=3)

    result = run("get_payment_schedule", customer)

    assert [row["number"] for row in result["overdue"]] == [2]
    assert [row["number"] for row in result["upcoming"]] == [3]
    assert [row["number"] for row in result["recently_paid"]] == [1]
    assert result["upcoming"][0]["amount"] == "EUR 25.00"


def test_only_the_llm_module_imports_langchain():
    root = Path(__file__).resolve().parents[2]
    apps = ["core", "accounts", "tickets", "assistant", "vip", "supportsite"]
    sources = [
        path
        for app in apps
        for path in (root / app).rglob("*.py")
        if "tests" not in path.relative_to(root).parts
    ]
    importers = {
        str(path.relative_to(root))
        for path in sources
        if re.search(r"^\s*(from|import) langchain", path.read_text(), re.MULTILINE)
    }

    assert importers == {"assistant/llm.py"}


def test_the_balance_adds_what_is_unpaid_per_currency_and_per_purchase(customer):
    nike = PurchaseFactory(customer=customer, merchant="Nike", reference="N-1")
    InstalmentFactory(purchase=nike, number=1, amount="10.00", status=Instalment.Status.PAID)
    InstalmentFactory(purchase=nike, number=2, amount="10.00", status=Instalment.Status.FAILED)
    InstalmentFactory(purchase=nike, number=3, amount="10.50")
    hm = PurchaseFactory(customer=customer, merchant="H&M", reference="H-1", currency="SEK")
    InstalmentFactory(purchase=hm, number=1, amount="200.00")
    paid_off = PurchaseFactory(customer=customer, merchant="IKEA", reference="I-1")
    InstalmentFactory(purchase=paid_off, number=1, status=Instalment.Status.PAID)

    result = run("get_balance", customer)

    assert result["owed"] == ["EUR 20.50", "SEK 200.00"]
    by_reference = {row["reference"]: row for row in result["purchases"]}
    assert set(by_reference) == {"N-1", "H-1"}  # nothing is left on the IKEA one
    assert by_reference["N-1"]["left_to_pay"] == "EUR 20.50"
    assert [row["amount"] for row in by_reference["N-1"]["overdue_payments"]] == ["EUR 10.00"]
    assert by_reference["N-1"]["payments_left"] == 2
    assert run("get_balance", customer, merchant="h & m")["owed"] == ["SEK 200.00"]


def test_purchases_being_paid_off_come_first_and_the_rest_is_counted(customer):
    PurchaseFactory(customer=customer, merchant="Newest", status="paid")
    for n in range(11):
        PurchaseFactory(customer=customer, merchant=f"Shop {n}", purchased_on=date(2026, 1, n + 1))

    result = run("get_purchases", customer)

    assert len(result["purchases"]) == 10
    assert result["more"] == 2
    assert all(row["status"] == "Paying in instalments" for row in result["purchases"])


def test_a_failed_payment_says_why(customer):
    purchase = PurchaseFactory(customer=customer)
    InstalmentFactory(
        purchase=purchase, number=1, status=Instalment.Status.FAILED,
        failure_reason=Instalment.FailureReason.CARD_EXPIRED,
    )  # fmt: skip

    [row] = run("get_payment_schedule", customer)["overdue"]

    assert row["failure_reason"] == "The card on file has expired"


def test_a_filter_by_shop_narrows_every_lookup(records, customer):
    other = PurchaseFactory(customer=customer, merchant="Apple", reference="ANN-2")
    InstalmentFactory(purchase=other, number=1)

    for name in ["get_payment_schedule", "get_purchases", "get_refunds"]:
        assert "ANN-2" not in json.dumps(run(name, customer, merchant="zalando")), name
        assert "ANN-1" in json.dumps(run(name, customer, merchant="ZALANDO")), name


def test_choices_are_recorded_for_the_answer_and_checked():
    context = ToolContext(customer=None)
    options = [{"label": "My refunds", "text": "Where is my refund?"},
               {"label": "Talk to a person", "text": "I'd like to talk to a person."}]  # fmt: skip

    assert TOOLS_BY_NAME["offer_choices"](context, {"options": options}) == {"offered": True}
    assert context.choices == options
    with pytest.raises(ToolArgumentError, match="options"):
        TOOLS_BY_NAME["offer_choices"](context, {"options": []})
    with pytest.raises(ToolArgumentError, match="label"):
        TOOLS_BY_NAME["offer_choices"](context, {"options": [{"label": "x" * 41, "text": "a"}] * 2})
