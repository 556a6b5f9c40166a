"""The OpenAPI schema says what the API answers: every error status an operation can
give, nullable fields as nullable, plain lists as lists and pages as pages, and the
text rules the API applies. (bin/api-fuzz checks the running API against it.)"""

import re
import sys

import pytest
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def component(schema, name):
    return schema["components"]["schemas"][name]


def test_every_operation_declares_refusal_and_throttling(schema):
    for path, method, operation in operations(schema):
        assert {"403", "429"} <= set(operation["responses"]), (method, path)
        assert "Retry-After" in operation["responses"]["429"]["headers"]


def test_routes_with_an_id_and_pages_declare_404(schema):
    for path, method, operation in operations(schema):
        params = {p["name"] for p in operation.get("parameters", [])}
        if "{id}" in path or "cursor" in params:
            assert "404" in operation["responses"], (method, path)


def test_operations_with_input_declare_400_and_bodies_declare_415(schema):
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        if "requestBody" in operation:
            assert {"400", "415"} <= set(responses), (method, path)
        if any(p["in"] == "query" for p in operation.get("parameters", [])):
            assert "400" in responses, (method, path)


def test_actions_that_depend_on_the_tickets_state_declare_409(schema):
    for action in ["claim", "status", "hand-back", "reopen", "rate"]:
        assert "409" in schema["paths"][f"/api/tickets/{{id}}/{action}/"]["post"]["responses"]
    posted = schema["paths"]["/api/tickets/{id}/messages/"]["post"]["responses"]
    assert {"200", "201", "409"} <= set(posted)  # a resend is a 200


def test_ids_in_routes_are_integers(schema):
    for path, method, operation in operations(schema):
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path":
                assert parameter["schema"] == {"type": "integer"}, (method, path)


def test_errors_are_declared_in_the_one_error_format(schema):
    error = component(schema, "Error")
    assert error["required"] == ["error"]
    detail = component(schema, "ErrorDetail")
    assert set(detail["properties"]) == {"code", "message", "fields"}


def test_fields_that_can_be_null_are_declared_nullable(schema):
    assert component(schema, "Ticket")["properties"]["queue"]["nullable"] is True
    staff = component(schema, "StaffTicket")["properties"]
    assert staff["assignee"]["nullable"] is True
    assert staff["queue"]["nullable"] is True


def test_the_messages_list_is_a_plain_list_and_the_ticket_list_is_pages(schema):
    messages = schema["paths"]["/api/tickets/{id}/messages/"]["get"]
    assert messages["responses"]["200"]["content"]["application/json"]["schema"]["type"] == "array"
    assert "cursor" not in {p["name"] for p in messages["parameters"]}
    tickets = schema["paths"]["/api/tickets/"]["get"]["responses"]["200"]
    assert tickets["content"]["application/json"]["schema"]["$ref"].endswith("PaginatedTicketList")


def accepts(field: dict, value: str) -> bool:
    """Whether a string field's schema, as drf-spectacular writes it, admits `value`."""
    if "oneOf" in field:
        return sum(accepts(choice, value) for choice in field["oneOf"]) == 1
    if len(value) > field.get("maxLength", len(value)):
        return False
    return "pattern" not in field or re.search(field["pattern"], value) is not None


def test_text_fields_declare_that_they_refuse_nul_and_blank(schema):
    subject = component(schema, "NewTicketRequest")["properties"]["subject"]
    assert accepts(subject, "Lost card")
    for refused in ["", "   ", "Lost\x00card"]:
        assert not accepts(subject, refused)
    for character in map(chr, range(sys.maxunicode + 1)):
        # Nothing but what the API trims away is blank; anything else is a subject.
        assert accepts(subject, character) == (character.strip() != "" and character != "\x00")
    comment = component(schema, "RatingRequest")["properties"]["comment"]
    assert accepts(comment, "")
    assert accepts(comment, "Thanks")
    assert not accepts(comment, "ok\x00")


def test_token_authentication_is_declared_beside_the_session(schema):
    assert schema["components"]["securitySchemes"]["tokenAuth"]["name"] == "Authorization"
    for path, method, operation in operations(schema):
        assert {"cookieAuth": []} in operation["security"], (method, path)
        assert {"tokenAuth": []} in operation["security"], (method, path)
