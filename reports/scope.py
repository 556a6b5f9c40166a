"""What a report covers: the conversations that started on some days, in the desk's
time zone, optionally in one queue or tier, or only one agent's."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F, Q
from django.db.models.functions import TruncDate

# The longest range a report or an export may cover (a year, leap day included).
MAX_DAYS = 366
DEFAULT_DAYS = 30

DAY, TIER = "day", "tier"


def desk_time_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def today() -> dt.date:
    return dt.datetime.now(desk_time_zone()).date()


@dataclass(frozen=True)
class Scope:
    """The conversations (tickets) that started from `first` to `last` (both days
    included, in settings.TIME_ZONE), in `queue_id` and `tier` when given, and had by
    `agent_id` when given (an agent's own report: the conversations they have). A
    conversation merged into another counts in the other only."""

    first: dt.date
    last: dt.date
    queue_id: int | None = None
    tier: str | None = None
    agent_id: int | None = None

    @classmethod
    def last_days(cls, days: int = DEFAULT_DAYS, **filters) -> "Scope":
        end = today()
        return cls(first=end - dt.timedelta(days=days - 1), last=end, **filters)

    @property
    def days(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def q(self, prefix: str = "") -> Q:
        """The scope as a filter on tickets, or on rows that name one (`prefix`
        "ticket__")."""
        zone = desk_time_zone()
        start = dt.datetime.combine(self.first, dt.time.min, tzinfo=zone)
        end = dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        where = {
            f"{prefix}created_at__gte": start,
            f"{prefix}created_at__lt": end,
            f"{prefix}merged_into__isnull": True,
        }
        if self.queue_id is not None:
            where[f"{prefix}queue_id"] = self.queue_id
        if self.tier:
            where[f"{prefix}tier"] = self.tier
        if self.agent_id is not None:
            where[f"{prefix}assignee_id"] = self.agent_id
        return Q(**where)


def group_key(by: str, prefix: str = ""):
    """The expression a figure is grouped by: the day the conversation started (in
    the desk's time zone) or its tier."""
    if by == DAY:
        return TruncDate(f"{prefix}created_at", tzinfo=desk_time_zone())
    if by == TIER:
        return F(f"{prefix}tier")
    raise ValueError(f"Unknown grouping: {by!r}")
