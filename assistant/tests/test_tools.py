"""The assistant's tools read only the conversation's own customer's data."""

import json
import re
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
            "get_purchases",
            "get_refunds",
            "search_help",
            "hand_off_to_human",
        }
    )


def test_no_tool_takes_anything_that_names_a_person():
    for tool in TOOLS:
        assert not set(tool.parameters.get("properties", {})) & IDENTITY_WORDS, tool.name


@pytest.mark.parametrize("name", ["get_payment_schedule", "get_purchases", "get_refunds"])
def test_lookups_return_only_the_customers_own_records(records, customer, name):
    result = json.dumps(run(name, customer))

    assert "Zalando" in result
    assert "SecretShop" not in result
    assert "BOB-1" not in result


def test_asking_for_another_customers_reference_finds_nothing(records, customer):
    assert run("get_purchases", customer, reference="BOB-1") == {"purchases": []}
    assert run("get_refunds", customer, reference="bob-1") == {"refunds": []}


@pytest.mark.parametrize(
    "arguments",
    [{"customer_id": "2"}, {"email": "bob@example.com"}, {"reference": "x" * 50}, {"reference": 7}],
)
def test_arguments_outside_the_schema_are_refused(records, customer, arguments):
    with pytest.raises(ToolArgumentError):
        run("get_purchases", customer, **arguments)


def test_a_malformed_reference_is_refused(records, customer):
    with pytest.raises(ToolArgumentError, match="letters, digits and dashes"):
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
