"""Text with one of each kind of invisible or direction-changing character, and the
checks that a page shows each of them as a marker: for every app's page tests."""

import re

# Each kind, and the code its marker shows.
HIDDEN = {
    "\u202e": "U+202E",  # right-to-left override
    "\u200b": "U+200B",  # zero-width space
    "\u200c": "U+200C",  # zero-width non-joiner
    "\u200d": "U+200D",  # zero-width joiner (between letters, not emoji)
    "\u2060": "U+2060",  # word joiner
    "\U000e0041": "U+E0041",  # tag latin capital letter A
}
# "Refund <RLO>exe.txt", "ref<ZWSP>und", ...: each character between two letters.
SPOOFED = " ".join(f"ab{char}cd" for char in HIDDEN)
ARABIC = "مرحبا، أين طلبي؟"
HEBREW = "שלום, איפה ההזמנה שלי?"

MESSAGE_BODY = re.compile(r'<div class="message-body[^>]*>')


def marker(code: str) -> str:
    return f'<span class="invisible-char" title="{code} '


def assert_marked(html: str) -> None:
    """No raw invisible character in the page, and a visible marker for each."""
    for char, code in HIDDEN.items():
        assert char not in html, code
        assert marker(code) in html, code
        assert f">[{code}]</span>" in html, code


def assert_bodies_isolated(html: str) -> None:
    """Every message body is isolated from the page, its direction its own text's."""
    bodies = MESSAGE_BODY.findall(html)
    assert bodies
    for tag in bodies:
        assert tag == '<div class="message-body user-text" dir="auto">', tag


def assert_rtl_text_intact(html: bytes) -> None:
    """Arabic and Hebrew reach the page byte for byte, with no marker inside."""
    assert ARABIC.encode() in html
    assert HEBREW.encode() in html
