"""Daily trend charts drawn on the server as SVG: no script, no charting library,
nothing from another site. Colours and lines come from classes styled in
static/reports/reports.css, so the page needs no inline style (the CSP forbids it)."""

import datetime as dt
import math
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# The drawing's own units; the page scales it to its box (static/reports/reports.css),
# so the axis text (14 units) reads at 10 to 13 px from a phone's width to a desktop's.
WIDTH, HEIGHT = 480, 230
LEFT, RIGHT, TOP, BOTTOM = 58, 16, 12, 30
MAX_DAY_LABELS = 5


@dataclass
class Series:
    label: str
    values: list[float | None]  # one per day; None: nothing to measure that day


@dataclass
class Chart:
    key: str
    title: str
    unit: str  # "%", "min" or "" (a 1-5 score)
    days: list[dt.date]
    series: list[Series]
    ceiling: float | None = None  # the top of the scale when fixed (100 %, 5 stars)

    @property
    def floor(self) -> float:
        """The bottom of the scale: 1 for a 1-5 score, else 0."""
        return 1 if self.unit == "" else 0

    @property
    def svg(self) -> SafeString:
        return draw(self)

    @property
    def legend(self) -> list[tuple[str, str]]:
        return [(f"series-{n}", s.label) for n, s in enumerate(self.series, 1)]

    @property
    def rows(self) -> list[tuple[dt.date, list[str]]]:
        """The numbers behind the lines, for the table under the chart."""
        return [
            (day, [show(s.values[n], self.unit) for s in self.series])
            for n, day in enumerate(self.days)
        ]

    @property
    def is_empty(self) -> bool:
        return all(value is None for s in self.series for value in s.values)


def show(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "%":
        return f"{value:.0f} %"
    if unit == "min":
        return f"{value:.1f} min"
    return f"{value:.2f}"


def short_day(day: dt.date) -> str:
    """`3 Mar`, its month in the reader's language."""
    return date_format(day, "j M")


def ticks(chart: "Chart", values: list[float]) -> list[float]:
    """The levels the value axis marks, bottom to top: quarters of 100 %, each point
    of a 1-5 score, or round steps of minutes above the longest time."""
    if chart.ceiling is not None:
        span = chart.ceiling - chart.floor
        steps = int(span) if span <= 5 else 4
        return [chart.floor + span * n / steps for n in range(steps + 1)]
    step = nice_step(max(values, default=0) / 4)
    count = max(1, math.ceil(max(values, default=0) / step))
    return [step * n for n in range(count + 1)]


def nice_step(value: float) -> float:
    """A round step at or above `value`: 1, 2 or 5 times a power of 10."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def axis_label(value: float, unit: str) -> str:
    number = f"{value:g}" if value < 10 or value == int(value) else f"{value:.0f}"
    return f"{number} {unit}" if unit else number


def day_labels(count: int) -> list[int]:
    """Which days the time axis names: the first, the last and a few evenly between."""
    shown = min(count, MAX_DAY_LABELS)
    if shown <= 1:
        return [0]
    return sorted({round(n * (count - 1) / (shown - 1)) for n in range(shown)})


def draw(chart: Chart) -> SafeString:
    values = [v for s in chart.series for v in s.values if v is not None]
    levels = ticks(chart, values)
    bottom, top = levels[0], levels[-1]
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    count = len(chart.days)

    def x(n: int) -> float:
        return LEFT + (inner_w * n / (count - 1) if count > 1 else inner_w / 2)

    def y(value: float) -> float:
        value = min(max(value, bottom), top)
        return TOP + inner_h * (1 - (value - bottom) / (top - bottom))

    key, title = escape(chart.key), escape(chart.title)
    parts = [
        f'<svg class="trend" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{key}-title"><title id="{key}-title">{title}</title>'
    ]
    for level in levels:
        at = y(level)
        parts.append(
            f'<line class="grid" x1="{LEFT}" y1="{at:.1f}" x2="{WIDTH - RIGHT}" y2="{at:.1f}"/>'
            f'<text class="axis" x="{LEFT - 6}" y="{at + 5:.1f}" text-anchor="end">'
            f"{escape(axis_label(level, chart.unit))}</text>"
        )
    base = HEIGHT - BOTTOM
    parts.append(
        f'<line class="axis-line" x1="{LEFT}" y1="{base}" x2="{WIDTH - RIGHT}" y2="{base}"/>'
    )
    labels = day_labels(count)
    for n in labels:
        anchor = "middle"
        if count > 1 and n == 0:
            anchor = "start"
        elif count > 1 and n == count - 1:
            anchor = "end"
        parts.append(
            f'<line class="axis-line" x1="{x(n):.1f}" y1="{base}" x2="{x(n):.1f}" '
            f'y2="{base + 4}"/><text class="axis" x="{x(n):.1f}" y="{HEIGHT - 8}" '
            f'text-anchor="{anchor}">{escape(short_day(chart.days[n]))}</text>'
        )
    for index, series in enumerate(chart.series, 1):
        parts.extend(_line(series, index, x, y, chart))
    parts.append("</svg>")
    # Numbers and dates written here; every text from elsewhere escaped above.
    return mark_safe("".join(parts))  # nosec B308 B703  # noqa: S308


def _line(series: Series, index: int, x, y, chart: Chart) -> list:
    """The series as polylines broken where a day has no value, and a dot per value
    whose tooltip (<title>) says the day and the number."""
    parts, run = [], []
    for n, value in enumerate([*series.values, None]):
        if value is not None:
            run.append(f"{x(n):.1f},{y(value):.1f}")
        elif run:
            if len(run) > 1:
                parts.append(f'<polyline class="line series-{index}" points="{" ".join(run)}"/>')
            run = []
    for n, value in enumerate(series.values):
        if value is not None:
            tip = f"{series.label}, {short_day(chart.days[n])}: {show(value, chart.unit)}"
            parts.append(
                f'<circle class="dot series-{index}" cx="{x(n):.1f}" cy="{y(value):.1f}" r="3">'
                f"<title>{escape(tip)}</title></circle>"
            )
    return parts
