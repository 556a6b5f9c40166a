"""What every API endpoint shares: one error format, pagination. (Their schema is in
core.api_schema.)

Every error body looks like
    {"error": {"code": "not_found", "message": "No ticket found.", "fields": {...}}}
with `fields` present only for validation errors."""

import logging
import re
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import RegexValidator
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)


class Pagination(CursorPagination):
    """Cursor pages: steady cost at any depth, unlike OFFSET. (A cursor that is not one
    of ours names no page: DRF answers 404.)"""

    page_size = 50
    ordering = "-id"
    cursor_query_param_description = "From the `next` or `previous` link of another page."


# A request body taken as its schema declares it. DRF's fields are lenient, as suits HTML
# forms: "5" for an integer, "yes" or 1 for true, a number for a text; and a text's length
# and pattern are checked only after its surrounding whitespace is trimmed, so 4,001
# characters pass a 4,000 limit if one is a newline. In a JSON API a value that is not
# what the schema says is a client's mistake, so it gets a 400 naming the field rather
# than a guess at what was meant. (A comment, not a docstring: the schema would show a
# docstring as every request body's description.)
class JsonInput(serializers.Serializer):
    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            wrong = {
                field.field_name: [problem]
                for field in self._writable_fields
                if field.field_name in data
                and (problem := _problem_as_sent(field, data[field.field_name]))
            }
            if wrong:
                raise exceptions.ValidationError(wrong)
        return super().to_internal_value(data)


def _problem_as_sent(field, value) -> str | None:
    if value is None:
        return None  # the field's own null check answers
    if isinstance(field, serializers.BooleanField):
        return None if isinstance(value, bool) else "Must be true or false."
    if isinstance(field, serializers.IntegerField):
        is_integer = isinstance(value, int) and not isinstance(value, bool)
        return None if is_integer else "Must be a whole number."
    if isinstance(field, serializers.ChoiceField):
        return None if isinstance(value, str) else "Must be a string."
    if isinstance(field, serializers.CharField):
        if not isinstance(value, str):
            return "Must be a string."
        if field.max_length is not None and len(value) > field.max_length:
            return field.error_messages["max_length"].format(max_length=field.max_length)
        for validator in field.validators:
            if isinstance(validator, RegexValidator):
                try:
                    validator(value)
                except DjangoValidationError as invalid:
                    return invalid.messages[0]
    return None


# Query parameters and ids in routes, read as the schema writes them. DRF and int() are
# lenient ("t", "yes" or "1" for true; " 5", "+5", "5.0" or an Arabic-Indic 5 for 5): a
# client reading the schema cannot know that, and one record would answer at many
# addresses.


class QueryBoolean(serializers.BooleanField):
    """`true` or `false`, as OpenAPI writes a boolean in a query."""

    TRUE_VALUES = {"true"}
    FALSE_VALUES = {"false"}
    NULL_VALUES = set()


class QueryInteger(serializers.IntegerField):
    """ASCII digits, with a leading minus sign at most."""

    def to_internal_value(self, data):
        if not (isinstance(data, str) and re.fullmatch(r"-?[0-9]+", data)):
            self.fail("invalid")
        return super().to_internal_value(data)


def id_from_route(value) -> int:
    """The id in a route such as /api/tickets/{id}/, or the API's 404."""
    if not (isinstance(value, str) and re.fullmatch(r"[0-9]+", value)):
        raise Http404("No such record.")
    return int(value)


@csrf_exempt  # it changes nothing, whatever the method
def not_found(request, *args, **kwargs):
    """Any other address under /api/ (say /api/tickets/1.5/, which no route takes): the
    API's 404 in its error format, not the website's HTML page."""
    return JsonResponse(error_body("not_found", "Not found."), status=404)


def error_body(code: str, message: str, fields=None) -> dict:
    error = {"code": code, "message": message}
    if fields:
        error["fields"] = fields
    return {"error": error}


def _is_domain_error(exc) -> bool:
    """The apps' own errors (tickets.errors.TicketError and kin) carry a user-facing
    message, a `code` and an `http_status`."""
    return isinstance(getattr(exc, "code", None), str) and isinstance(
        getattr(exc, "http_status", None), int
    )


def exception_handler(exc, context):
    if _is_domain_error(exc):
        return Response(error_body(exc.code, str(exc)), status=exc.http_status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Not found.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: Django's 500 handling and logging take over
    if isinstance(exc, exceptions.ValidationError):
        fields = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = error_body("invalid", "Some fields are not valid.", fields)
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        response.data = error_body(code if isinstance(code, str) else "error", str(detail))
    return response
