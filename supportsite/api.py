"""What every API endpoint shares: one error format, pagination.

Every error body looks like
    {"error": {"code": "not_found", "message": "No ticket found.", "fields": {...}}}
with `fields` present only for validation errors."""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)


class Pagination(CursorPagination):
    """Cursor pages: steady cost at any depth, unlike OFFSET."""

    page_size = 50
    ordering = "-id"


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
