"""Text on its way to the model: invisible and direction-changing characters out.

Zero-width characters, Unicode "tag" characters and bidi controls can hide
instructions from the people reading a conversation while a model still reads
them; what reaches the model is what a person would see."""

import re

INVISIBLE = re.compile(
    "["
    "\u200b-\u200f"  # zero-width space, joiners, LRM/RLM
    "\u202a-\u202e"  # bidi embeddings and overrides
    "\u2060-\u2064"  # word joiner, invisible operators
    "\u2066-\u2069"  # bidi isolates
    "\ufeff"  # zero-width no-break space
    "\U000e0000-\U000e007f"  # tag characters
    "]"
)


def for_model(text: str) -> str:
    return INVISIBLE.sub("", text or "")
