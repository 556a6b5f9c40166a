"""The SQL the figures need beyond Django's own: a percentile aggregate and a
duration in seconds, both computed by the database.

PostgreSQL has `percentile_cont`; SQLite (the default, and `make test`) gets the same
function, written in Python and registered on each connection (reports.apps), so the
queries, their number and their results are the same on both."""

import math
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Aggregate, FloatField, Func


class Percentile(Aggregate):
    """The continuous percentile (`fraction` 0.5: the median) of the values, linearly
    interpolated between the two nearest, as PostgreSQL's percentile_cont; NULL for
    no values. Takes `filter=` like every aggregate."""

    function = "PERCENTILE_CONT"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        if not 0 <= fraction <= 1:
            raise ValueError("A percentile's fraction is between 0 and 1.")
        self.fraction = float(fraction)
        super().__init__(expression, **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        template = f"%(function)s({self.fraction!r}) WITHIN GROUP (ORDER BY %(expressions)s)"
        return self._as_sql_with(template, compiler, connection, **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        template = f"%(function)s(%(expressions)s, {self.fraction!r})"
        return self._as_sql_with(template, compiler, connection, **extra_context)

    def _as_sql_with(self, template, compiler, connection, **extra_context):
        # On a copy: Aggregate.as_sql reads the template (and adds FILTER) from it.
        clone = self.copy()
        clone.template = template
        return super(Percentile, clone).as_sql(compiler, connection, **extra_context)


class Seconds(Func):
    """Seconds from `start` to `end` (two datetime expressions), as a float; NULL if
    either is NULL."""

    output_field = FloatField()
    arity = 2

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        template = "EXTRACT(EPOCH FROM (%(expressions)s))::double precision"
        return self.as_sql(compiler, connection, template=template, arg_joiner=" - ")

    def as_sqlite(self, compiler, connection, **extra_context):
        # Django stores datetimes on SQLite as ISO text in UTC, which julianday() reads;
        # to the millisecond, as a Julian day's float is not finer than ~0.1 ms.
        template = "ROUND((julianday(%(expressions)s)) * 86400.0, 3)"
        return self.as_sql(compiler, connection, template=template, arg_joiner=") - julianday(")


class _PercentileCont:
    """SQLite's PERCENTILE_CONT(value, fraction): the same result as PostgreSQL's."""

    def __init__(self):
        self.values, self.fraction = [], 0.5

    def step(self, value, fraction):
        if value is not None:
            self.values.append(float(value))
        self.fraction = fraction

    def finalize(self):
        return percentile_cont(self.values, self.fraction)


def percentile_cont(values, fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    below, above = math.floor(position), math.ceil(position)
    share = position - below
    return ordered[below] + (ordered[above] - ordered[below]) * share


def add_sqlite_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("PERCENTILE_CONT", 2, _PercentileCont)


@contextmanager
def one_transaction():
    """The report's queries in one transaction (read committed: a conversation that
    changes while the page is drawn may show in one figure and not yet in another). On
    PostgreSQL without JIT compilation: these aggregates over many rows made its cost
    estimates call for it, and compiling took longer than running them (measured with
    bench/reports_bench.py)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield
