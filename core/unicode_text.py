"""Invisible and direction-changing characters: one definition for every reader.

Zero-width characters, Unicode "tag" characters and bidi controls change nothing a
person sees, or change what the text around them looks like (U+202E shows
"exe.txt" as "txt.exe"): they can hide words from the people reading a
conversation, or spoof what they read. Triage and the model get them removed
(`assistant.triage.text`, `assistant.text`); people get them shown, as a visible
marker in their place (`show_invisible`). `static/js/user_text.js` does the same
for the pages that add text in the browser.
"""

import re
import unicodedata

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

_INVISIBLE_CLASS = (
    "\u00ad"  # soft hyphen
    "\u061c"  # Arabic letter mark (bidi)
    "\u180e"  # Mongolian vowel separator
    "\u200b-\u200f"  # zero-width space, non-joiner, joiner; LRM, RLM
    "\u202a-\u202e"  # bidi embeddings and overrides
    "\u2060-\u2064"  # word joiner, invisible operators
    "\u2066-\u2069"  # bidi isolates
    "\ufeff"  # zero-width no-break space (BOM)
    "\U000e0000-\U000e007f"  # tag characters
)
INVISIBLE = re.compile(f"[{_INVISIBLE_CLASS}]")

# Where some of them are part of what people legitimately write, and change nothing
# that a reader could be misled by; these are kept (static/js/user_text.js keeps the
# same ones):
# - A zero-width joiner between two emoji glues them into one (👩‍💻 is 👩 ZWJ 💻; the
#   left one may carry a skin tone or the emoji presentation selector U+FE0F). Anywhere
#   else (between letters) it is invisible, so it is marked. "Emoji" is approximated
#   by the blocks that hold the pictographs: a joiner between two arrows or dingbats
#   is kept too, which hides nothing.
# - A zero-width non-joiner or joiner between two letters of the Arabic script: in
#   Persian, Urdu or Kurdish the non-joiner is an ordinary part of spelling
#   ("می‌خواهم"), and in a joining script either one visibly changes the letters'
#   shapes, so it is not invisible there.
# - The three flags written with tag characters (England, Scotland, Wales: 🏴 then
#   "gbeng", "gbsct" or "gbwls" in tags, then the cancel tag). Any other tag character
#   is marked: tags are how text is smuggled past readers to language models.
# Variation selectors (U+FE00-FE0F, as in ❤️) are not in the set at all.
_PICTOGRAPH = (
    "\u00a9\u00ae\u203c\u2049\u2122\u2139\u2190-\u21ff\u2300-\u23ff\u24c2"
    "\u25a0-\u27bf\u2900-\u297f\u2b00-\u2bff\u3030\u303d\u3297\u3299"
    "\U0001f000-\U0001faff"
)
_EMOJI_MODIFIER = "\ufe0f\U0001f3fb-\U0001f3ff"
_ARABIC_LETTER = "\u0620-\u065f\u066e-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc"
_TAG_FLAG = (
    "\U0001f3f4\U000e0067\U000e0062"
    "(?:\U000e0065\U000e006e\U000e0067|\U000e0073\U000e0063\U000e0074|\U000e0077\U000e006c\U000e0073)"
    "\U000e007f"
)
_SHOWN = re.compile(
    f"(?P<kept>{_TAG_FLAG}"
    f"|[{_PICTOGRAPH}][{_EMOJI_MODIFIER}]?\u200d(?=[{_PICTOGRAPH}])"
    f"|[{_ARABIC_LETTER}][\u200c\u200d](?=[{_ARABIC_LETTER}]))"
    f"|{INVISIBLE.pattern}"
)


def invisible_label(char: str) -> str:
    """ "U+202E RIGHT-TO-LEFT OVERRIDE". A tag character is named by the ASCII
    character it stands for, so that a reader can spell out a hidden message."""
    code = ord(char)
    if 0xE0020 <= code <= 0xE007E:
        name = f'TAG "{chr(code - 0xE0000)}"'
    else:
        name = unicodedata.name(char, "TAG")  # the tag block's unassigned ones
    return f"U+{code:04X} {name}"


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


def _marker_html(match: re.Match) -> str:
    if match.group("kept"):
        return match.group(0)
    char = match.group(0)
    return format_html(
        '<span class="invisible-char" title="{}">[{}]</span>', invisible_label(char), _code(char)
    )


# A tag of HTML already escaped or marked safe ("<" and ">" in attribute values are
# escaped there, so a tag ends at the first ">").
_TAG = re.compile(r"<[^>]*>")


def _marker_text(match: re.Match) -> str:
    return match.group(0) if match.group("kept") else f"[{_code(match.group(0))}]"


def show_invisible(text) -> SafeString:
    """`text`, escaped, with each invisible or direction-changing character replaced
    by a visible marker, `<span class="invisible-char" title="U+202E RIGHT-TO-LEFT
    OVERRIDE">[U+202E]</span>`.

    HTML already marked safe is taken as it is (characters are only ever replaced), so
    it must hold people's text in text content only, never in an attribute value.
    Isolating the text from what surrounds it (`<bdi>`, or `class="user-text"` with
    `dir="auto"`) is the template's part: how depends on the element."""
    escaped = conditional_escape("" if text is None else text)
    # Markers as markup go in text content only; inside a tag (an attribute value, such
    # as the admin's aria-label naming a record) the marker is plain "[U+202E]".
    shown, start = [], 0
    for tag in _TAG.finditer(escaped):
        shown.append(_SHOWN.sub(_marker_html, escaped[start : tag.start()]))
        shown.append(_SHOWN.sub(_marker_text, tag.group(0)))
        start = tag.end()
    shown.append(_SHOWN.sub(_marker_html, escaped[start:]))
    # Safe: people's text was escaped above; all that is added is our own markup
    # (format_html) in text content, and "[U+…]" in tags.
    return mark_safe("".join(shown))  # nosec B308 B703  # noqa: S308


def show_invisible_as_text(text) -> str:
    """Plain text with "[U+202E]" as the marker, for where no HTML goes (a <title>)."""
    return _SHOWN.sub(_marker_text, "" if text is None else str(text))
