"""The API's schema: what drf-spectacular infers, plus what it cannot see — the
errors every operation can answer (in the one error format of core.api) and
the text rules DRF applies to every CharField.

Not in core.api: this imports drf-spectacular's AutoSchema, which imports
DRF's generic views, which import the pagination class from core.api."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class Text(serializers.CharField):
    """A CharField whose schema says what DRF's CharField refuses anyway: NUL characters
    (PostgreSQL cannot store them) and, unless blank is allowed, a value of nothing but
    whitespace (it is trimmed to blank). Without it a client reading the schema would
    send values it cannot know are invalid."""


# What DRF trims from a text (str.strip(): the characters of str.isspace()), spelled out:
# `\s` means something else in other regex engines (ECMA's leaves out \x1c-\x1f and \x85
# and adds \ufeff), and a client must not have to guess which one we meant.
STRIPPED = r"\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"


class TextSchema(OpenApiSerializerFieldExtension):
    target_class = Text

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if self.target.allow_blank:
            # drf-spectacular then offers "" as a second choice (oneOf), so this one
            # must not match "" too.
            schema["pattern"] = r"^[^\x00]+$"
        else:
            schema["pattern"] = rf"^[^\x00]*[^\x00{STRIPPED}][^\x00]*$"
        return schema


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(
        required=False, help_text="Validation errors only: the messages for each field."
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


# What each error status means, wherever an operation can answer it.
ERRORS = {
    "400": "Bad input: `error.fields` says which fields and why. Nothing was changed.",
    "403": (
        "Not logged in (no session or token, or a bad one), no CSRF token on a write with a "
        "session, or not allowed for this user."
    ),
    "404": "No such record (another customer's is the same answer), or no page at this cursor.",
    "409": "Not possible in the record's current state; `error.message` says why.",
    "415": "The body is not JSON.",
    "429": "Too many requests: wait the seconds in `Retry-After`.",
}


class Schema(AutoSchema):
    """drf-spectacular's schema plus the errors every operation can answer: 403 (every
    route needs a login) and 429 (every route is throttled) everywhere, 404 on routes
    with an id and on pages, 400 where there is input to validate, 415 where there is a
    body. Views declare the rest (409) themselves."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        query = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
        has_body = "requestBody" in operation
        statuses = ["403", "429"]
        statuses += ["404"] if "{" in self.path or "cursor" in query else []
        statuses += ["400"] if has_body or query else []
        statuses += ["415"] if has_body else []
        responses = operation["responses"]
        for status in sorted(statuses):
            responses.setdefault(status, self.error_response(status))
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def error_response(self, status: str) -> dict:
        response = {
            "description": ERRORS[status],
            "content": {
                "application/json": {
                    "schema": self.resolve_serializer(ErrorSerializer, "response").ref
                }
            },
        }
        if status == "429":
            response["headers"] = {
                "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}
            }
        return response


def error_response(status: int) -> OpenApiResponse:
    """For `extend_schema(responses=...)`: an error a view declares itself (409)."""
    return OpenApiResponse(ErrorSerializer, description=ERRORS[str(status)])
