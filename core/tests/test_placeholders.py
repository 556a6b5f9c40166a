"""`{name}` placeholders: only names of the caller's fixed set are filled, by plain
text; everything else in braces is left as written, and reported when checked."""

from core.placeholders import fill, unknown_placeholders

KNOWN = {"first_name": "Ann", "minutes": "15"}


def test_known_names_are_filled_each_time_they_appear():
    assert fill("{first_name}, {first_name}! {minutes}", KNOWN) == "Ann, Ann! 15"


def test_a_filled_in_value_is_not_read_again():
    assert fill("{first_name}", {"first_name": "{minutes}", "minutes": "15"}) == "{minutes}"


def test_anything_else_in_braces_stays_as_written():
    text = "{first_name.upper} {0} {} {first_name:>9} {{first_name}} {a\nb}"

    assert fill(text, KNOWN) == "{first_name.upper} {0} {} {first_name:>9} {Ann} {a\nb}"


def test_unknown_placeholders_are_reported_once_each_in_order():
    text = "{first_name} {ticket.id} {firstname} {ticket.id} {minutes}"

    assert unknown_placeholders(text, KNOWN) == ["{ticket.id}", "{firstname}"]
