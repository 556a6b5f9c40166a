"""What people wrote is shown with each invisible or direction-changing character
replaced by a visible marker, escaped first; what people legitimately write (Arabic,
Hebrew, Persian, emoji sequences and flags) is shown as it is."""

import pytest
from django.utils.safestring import SafeString, mark_safe

from assistant.text import for_model
from assistant.triage.text import strip_invisible
from core.tests.invisible import ARABIC, HEBREW, HIDDEN, SPOOFED, assert_marked, marker
from core.unicode_text import (
    invisible_label,
    show_invisible,
    show_invisible_as_text,
)

EVERY_INVISIBLE = [
    *"\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f",
    *"\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064",
    *"\u2066\u2067\u2068\u2069\ufeff",
    *(chr(code) for code in range(0xE0000, 0xE0080)),
]


def in_tags(text: str) -> str:
    """ASCII text spelled in tag characters, as hidden messages and subdivision flags are."""
    return "".join(chr(0xE0000 + ord(char)) for char in text)


LEGITIMATE = {
    "Arabic": ARABIC,
    "Hebrew": HEBREW,
    "Persian with its zero-width non-joiner": "می\u200cخواهم سفارشم را ببینم",  # noqa: RUF001
    "a woman technologist (ZWJ)": "👩\u200d💻",
    "a family (three ZWJs)": "👨\u200d👩\u200d👧\u200d👦",
    "a skin tone before a ZWJ": "👩🏽\u200d🚀",
    "a heart on fire (VS16 before a ZWJ)": "❤️\u200d🔥",
    "a rainbow flag": "🏳️\u200d🌈",
    "a red heart (variation selector)": "❤️",
    "a text-style variation selector": "☺\ufe0e",
    "the flag of Wales (tag characters)": "🏴" + in_tags("gbwls") + "\U000e007f",
}


@pytest.mark.parametrize("char", EVERY_INVISIBLE, ids=lambda char: f"U+{ord(char):04X}")
def test_every_invisible_character_is_replaced_by_a_marker(char):
    html = show_invisible(f"a{char}b")

    assert char not in html
    assert html.startswith(f"a{marker(f'U+{ord(char):04X}')}")
    assert html.endswith(f">[U+{ord(char):04X}]</span>b")


def test_the_marker_names_the_character():
    assert show_invisible("\u202e") == (
        '<span class="invisible-char" title="U+202E RIGHT-TO-LEFT OVERRIDE">[U+202E]</span>'
    )


def test_a_hidden_tag_message_can_be_spelled_out_from_the_markers():
    tags = in_tags("Hi")

    assert [invisible_label(char) for char in tags] == ['U+E0048 TAG "H"', 'U+E0069 TAG "i"']
    assert '&quot;H&quot;">[U+E0048]</span>' in show_invisible(tags)


def test_the_text_is_escaped_before_the_markers_go_in():
    html = show_invisible("<b>\u202e</b>")

    assert isinstance(html, SafeString)
    assert html.startswith("&lt;b&gt;<span ")
    assert html.endswith("</span>&lt;/b&gt;")


def test_html_already_safe_keeps_its_markup_and_gets_markers():
    assert show_invisible(mark_safe("<p>a\u200bb</p>")) == (
        f'<p>a{marker("U+200B")}ZERO WIDTH SPACE">[U+200B]</span>b</p>'
    )


def test_a_spoofed_text_has_a_marker_for_each_kind():
    assert_marked(show_invisible(SPOOFED))


@pytest.mark.parametrize("text", LEGITIMATE.values(), ids=LEGITIMATE.keys())
def test_what_people_legitimately_write_is_shown_unchanged(text):
    assert show_invisible(text) == text
    assert show_invisible_as_text(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "a\u200d👩",  # a joiner after a letter
        "👩\u200d",  # a joiner with nothing to join
        "👩\u200d\u200d💻",  # two joiners
        "بب\u200c",  # a non-joiner at the end of an Arabic word
        "\u061c\u200cب",  # after the Arabic letter mark, which is itself marked
        "🏴" + in_tags("gbxxx") + "\U000e007f",  # no such flag
        "🏴" + in_tags("gbwls"),  # a flag never closed
    ],
)
def test_joiners_and_tags_outside_a_legitimate_sequence_are_marked(text):
    assert "invisible-char" in show_invisible(text)


def test_the_plain_text_version_shows_the_codes():
    assert show_invisible_as_text("a\u202eb<c>") == "a[U+202E]b<c>"


def test_the_model_and_triage_drop_exactly_the_characters_people_see_marked():
    text = "".join(EVERY_INVISIBLE)

    assert for_model(f"a{text}b") == "ab"
    assert strip_invisible(f"a{text}b") == "ab"
    assert set(HIDDEN) <= set(EVERY_INVISIBLE)
