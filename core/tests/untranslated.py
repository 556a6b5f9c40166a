"""Text a person would read in a template that does not go through Django's i18n.

Read with Django's own template lexer: text inside {% translate %}/{% blocktranslate %}
is translated, and {% comment %} and {% verbatim %} are not shown. In the remaining text
nodes, what is left after removing markup must hold no letter; the attributes people
read (title, placeholder, aria-label, alt) are checked as well. Script and style bodies
are code, not text (the chat's script is translated through JavaScriptCatalog)."""

import re
from pathlib import Path

from django.template.base import Lexer, TokenType

READ_ATTRIBUTES = re.compile(
    r"""\b(?:title|placeholder|aria-label|alt|data-label)\s*=\s*(["'])(.*?)\1""", re.S | re.I
)
CODE_BLOCK = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
TAG = re.compile(r"<[^>]*>", re.S)
ENTITY = re.compile(r"&[#\w]+;")
LETTER = re.compile(r"[^\W\d_]")
OPENS_UNREAD = {"blocktranslate", "blocktrans", "comment", "verbatim"}
# Blocks whose content is a class name in the parent template's <body> tag.
CLASS_BLOCKS = {"bodyclass"}
CLOSES_UNREAD = {"endblocktranslate", "endblocktrans", "endcomment", "endverbatim"}


def untranslated_text(source: str) -> list[tuple[int, str]]:
    """(line, text) for each piece of readable English outside translation tags."""
    found = []
    text_nodes = []
    unread = 0
    in_class_block = False
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            words = token.contents.split()
            name = words[0] if words else ""
            unread += name in OPENS_UNREAD
            unread -= name in CLOSES_UNREAD
            if name == "block" or name == "endblock":
                # (Such blocks hold no block of their own.)
                in_class_block = name == "block" and words[1] in CLASS_BLOCKS
        elif token.token_type == TokenType.TEXT and not (unread or in_class_block):
            text_nodes.append((token.lineno, token.contents))
        elif token.token_type == TokenType.VAR and not (unread or in_class_block):
            # A variable inside a tag or attribute is kept as a placeholder, so an
            # attribute that mixes text and variables is still read whole.
            text_nodes.append((token.lineno, "{{}}"))
    # One string, so that a tag cut by a variable (<a title="x {{ y }}">) stays one; a
    # space where a block tag stood, so that the words either side do not run together.
    joined, starts = "", []
    for index, (line, text) in enumerate(text_nodes):
        if index and text != "{{}}" and text_nodes[index - 1][1] != "{{}}":
            joined += " "
        starts.append((len(joined), line))
        joined += text

    def line_of(position: int) -> int:
        start, line = max((node for node in starts if node[0] <= position), default=(0, 1))
        return line + joined.count("\n", start, position)

    joined = CODE_BLOCK.sub(_blanked, joined)
    for match in READ_ATTRIBUTES.finditer(joined):
        if LETTER.search(match.group(2).replace("{{}}", "")):
            found.append((line_of(match.start()), " ".join(match.group(0).split())))
    for match in re.finditer(
        r"[^<>]+", TAG.sub(lambda match: "<" + _blanked(match)[1:-1] + ">", joined)
    ):
        text = ENTITY.sub("", match.group(0).replace("{{}}", ""))
        letter = LETTER.search(match.group(0))
        if LETTER.search(text):
            found.append((line_of(match.start() + letter.start()), " ".join(text.split())))
    return found


def _blanked(match) -> str:
    """The match as spaces, its line breaks kept (so lines are still counted right)."""
    return re.sub(r"[^\n]", " ", match.group(0))


def template_files(base_dir: Path, *, exclude_apps=("assistant",)) -> list[Path]:
    """The project's templates and every app's (not `exclude_apps`'): pages (.html)
    and emails (.txt)."""
    folders = [base_dir / "templates"] + [
        folder for folder in base_dir.glob("*/templates") if folder.parent.name not in exclude_apps
    ]
    return sorted(path for folder in folders for kind in ("*.html", "*.txt")
                  for path in folder.rglob(kind))  # fmt: skip
