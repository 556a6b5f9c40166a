"""Amounts, dates and counts in an answer, written the way the active language writes
them: "EUR 1,234.50" and "5 December" in English, "1 234,50 €" and "5 december" in
Swedish, "1.234,50 €" and "5. Dezember" in German. The tools give amounts as
"EUR 1,234.50" and dates as ISO dates (assistant.tools); only the answer's words
change, never what the tools say."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils import dateformat, numberformat
from django.utils.translation import get_language, gettext

# The day and month, by language (Django's own month names for each language).
DAY_FORMATS = {"de": "j. F"}
DEFAULT_DAY_FORMAT = "j F"
# Separators by language; English keeps the tools' own writing.
SEPARATORS = {"sv": (",", "\u00a0"), "de": (",", ".")}
SYMBOLS = {"EUR": "€", "SEK": "kr", "NOK": "kr", "DKK": "kr", "USD": "$", "GBP": "£"}
NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def money(written: str) -> str:
    """A tool's "EUR 1,234.50" as the active language writes it."""
    separators = SEPARATORS.get(_language())
    currency, _, figure = written.partition(" ")
    if separators is None or not figure:
        return written
    try:
        amount = Decimal(figure.replace(",", ""))
    except InvalidOperation:
        return written
    decimal_sep, thousand_sep = separators
    figure = numberformat.format(
        amount, decimal_sep, 2, grouping=3, thousand_sep=thousand_sep, force_grouping=True
    )
    return f"{figure}\u00a0{SYMBOLS.get(currency, currency)}"


def day(iso: str | None, today: dt.date | None = None) -> str:
    """The date's day and month (and its year, when not this year's)."""
    if not iso:
        return gettext("an unknown date")
    date = dt.date.fromisoformat(iso)
    today = today or dt.date.today()  # noqa: DTZ011 (only the year is compared)
    written = dateformat.format(date, DAY_FORMATS.get(_language(), DEFAULT_DAY_FORMAT))
    return written if date.year == today.year else f"{written} {date.year}"


def number(count: int) -> str:
    """A small count as an English word; digits in the other languages (their words
    take the gender of what is counted)."""
    if _language() == "en" and count < len(NUMBER_WORDS):
        return NUMBER_WORDS[count]
    return str(count)
