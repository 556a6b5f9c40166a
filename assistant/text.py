"""Text on its way to the model: invisible and direction-changing characters out.

Zero-width characters, Unicode "tag" characters and bidi controls can hide
instructions from the people reading a conversation while a model still reads
them; what reaches the model is what a person would see. Unlike triage's
normalisation, case and line breaks are kept. People see the same characters
marked instead (`core.unicode_text.show_invisible`)."""

from core.unicode_text import INVISIBLE


def for_model(text: str) -> str:
    return INVISIBLE.sub("", text or "")
