"""Text as triage reads it: invisible characters out, one case, one kind of space.

Zero-width characters, Unicode tag characters and bidi controls change nothing a
person sees, so they must change nothing triage decides: "hu\u200bman" is "human".
NFKC folds look-alike forms (full-width letters, ligatures) onto plain ones. Which
characters are invisible is defined once, in `core.unicode_text`.
"""

import re
import unicodedata

from core.unicode_text import INVISIBLE

SPACES = re.compile(r"\s+")


def strip_invisible(text: str) -> str:
    """Remove invisible and direction-changing characters, keeping case."""
    text = INVISIBLE.sub("", unicodedata.normalize("NFKC", text or ""))
    return SPACES.sub(" ", text).strip()


def normalize_text(text: str) -> str:
    """What the classifier sees: `strip_invisible`, then lower-cased."""
    return strip_invisible(text).lower()
