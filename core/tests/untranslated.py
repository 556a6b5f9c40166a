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
    # Join the nodes so that a tag cut by a variable (<a title="x {{ y }}">) stays one.
    # A space between nodes, so that words either side of a tag do not run together.
    joined = " ".join(text for _line, text in text_nodes)
    starts, offset = [], 0
    for line, text in text_nodes:
        starts.append((offset, line))
        offset += len(text) + 1

    def line_of(position: int) -> int:
        return max((line for start, line in starts if start <= position), default=1)

    joined = CODE_BLOCK.sub(lambda match: " " * len(match.group(0)), joined)
    for match in READ_ATTRIBUTES.finditer(joined):
        if LETTER.search(match.group(2).replace("{{}}", "")):
            found.append((line_of(match.start()), match.group(0)))
    for match in re.finditer(
        r"[^<>]+", TAG.sub(lambda m: "<" + " " * (len(m.group(0)) - 2) + ">", joined)
    ):
        text = ENTITY.sub("", match.group(0).replace("{{}}", ""))
        if LETTER.search(text):
            found.append((line_of(match.start()), " ".join(text.split())))
    return found


def template_files(base_dir: Path, *, exclude_apps=("assistant",)) -> list[Path]:
    """The project's templates and every app's (not `exclude_apps`')."""
    files = list((base_dir / "templates").rglob("*.html"))
    for app_templates in base_dir.glob("*/templates"):
        if app_templates.parent.name not in exclude_apps:
            files += app_templates.rglob("*.html")
    return sorted(files)
