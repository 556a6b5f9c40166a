"""Text as triage reads it: invisible characters out, one case, one kind of space.

Zero-width characters, Unicode tag characters and bidi controls change nothing a
person sees, so they must change nothing triage decides: "hu\u200bman" is "human".
NFKC folds look-alike forms (full-width letters, ligatures) onto plain ones.
"""

import re
import unicodedata

INVISIBLE = re.compile(
    "["
    "\u00ad"  # soft hyphen
    "\u061c"  # Arabic letter mark (bidi)
    "\u180e"  # Mongolian vowel separator
    "\u200b-\u200f"  # zero-width space, non-joiner, joiner; LRM, RLM
    "\u202a-\u202e"  # bidi embeddings and overrides
    "\u2060-\u2064"  # word joiner, invisible operators
    "\u2066-\u2069"  # bidi isolates
    "\ufeff"  # zero-width no-break space (BOM)
    "\U000e0000-\U000e007f"  # tag characters
    "]"
)
SPACES = re.compile(r"\s+")


def strip_invisible(text: str) -> str:
    """Remove invisible and direction-changing characters, keeping case."""
    text = INVISIBLE.sub("", unicodedata.normalize("NFKC", text or ""))
    return SPACES.sub(" ", text).strip()


def normalize_text(text: str) -> str:
    """What the classifier sees: `strip_invisible`, then lower-cased."""
    return strip_invisible(text).lower()
