"""Errors the ticket services raise. Each carries a message fit to show a person, a
stable `code` and the HTTP status the API answers with."""


class TicketError(Exception):
    """A request the ticket's current state does not allow. `str()` is user-facing."""

    code = "ticket_error"
    http_status = 409


class ClaimConflict(TicketError):
    code = "already_claimed"


class InvalidTransition(TicketError):
    code = "invalid_transition"


class TicketClosed(TicketError):
    code = "ticket_closed"


class InvalidValue(TicketError):
    """What staff asked for cannot be done with what exists: a ticket merged into
    itself, a person who cannot work tickets, nothing chosen to change. (A request the
    API's schema refuses is a 400 before it gets here.)"""

    code = "invalid_request"


class NotAllowed(TicketError):
    code = "not_allowed"
    http_status = 403


class OwnedByColleague(TicketError):
    code = "owned_by_colleague"


class AlreadyRated(TicketError):
    code = "already_rated"
