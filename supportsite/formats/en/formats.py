"""English dates and numbers as the site showed them before it spoke other languages:
British order and a 24-hour clock (6 December 2026, 14:30), not Django's American `en`."""

from django.conf.locale.en_GB.formats import (  # noqa: F401
    DATE_INPUT_FORMATS,
    DATETIME_INPUT_FORMATS,
    DECIMAL_SEPARATOR,
    FIRST_DAY_OF_WEEK,
    MONTH_DAY_FORMAT,
    NUMBER_GROUPING,
    SHORT_DATE_FORMAT,
    THOUSAND_SEPARATOR,
    YEAR_MONTH_FORMAT,
)

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
