"""Which language a customer's message is in: one the assistant answers in (English,
Swedish, German) or another one, which gets a reply saying what it reads.

py3langid (langid.py's model, shipped in its wheel: no download) decides among the
languages our customers write, restricted so that a short message is not read as a
language nobody writes to us in. Chosen by the figures on
bench/data/language_messages.csv (docs/assistant-quality.md). Two rules of our own:

- Danish and Norwegian are read as Swedish: the identifier confuses the three on short
  messages, and a Scandinavian customer reads a Swedish answer, while "I read English,
  Swedish and German" would wrongly turn away a Swede.
- A message of one or two words is never turned away: a word only one language uses
  ("hej", "danke", "thx") says which, a reading the identifier is sure of stands
  ("Rückerstattung"), and anything else ("help", "status DEMO-192", "Zalando?") is in
  the language of the customer's page. A longer message read unsurely is the likeliest
  of ours, the page's (or English) on a near tie.
"""

import hashlib
import logging
import mmap
import os
import re
import tempfile
from array import array
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path

from django.conf import settings
from py3langid.langid import MODEL_FILE, LanguageIdentifier

logger = logging.getLogger(__name__)

ENGLISH, SWEDISH, GERMAN = "en", "sv", "de"
ANSWERED = (ENGLISH, SWEDISH, GERMAN)
OTHER = "other"
# What customers in our markets write besides ours: a message is read as one of these.
CANDIDATES = [*ANSWERED, "da", "no", "nn", "nl", "es", "fr", "fi", "it", "pt", "pl"]
SCANDINAVIAN = {"da", "no", "nn"}
SURE = 0.5  # below this probability the identifier's reading is a guess
# A message shorter than this is too short to turn away ("gracias", "ok", "Zalando?"):
# it is read as the likeliest of ours.
FEWEST_WORDS = 3
NEAR_TIE = 0.02
# A customer's message of a few words made only of words our customers write in English
# (the shipped English examples) is English unless another language is very sure:
# "total i owe?" read as Polish at 0.50 and was turned away. "cuanto debo todavia"
# (Spanish at 0.67) is not all English words, so it still is. (Training examples have
# no page, and are read as before.)
FEW_WORDS = 5
VERY_SURE = 0.9
# The words a message of one or two often is, which no identifier can read alone.
SHORT_WORDS = {
    **dict.fromkeys(["hi", "hello", "hey", "thanks", "thx", "ty", "ok", "okay", "and", "bye"],
                    ENGLISH),
    **dict.fromkeys(["hej", "hejsan", "tja", "tack", "tackar", "och", "okej", "hejdå"], SWEDISH),
    **dict.fromkeys(["hallo", "moin", "servus", "danke", "und", "tschüss", "tschüs"], GERMAN),
}  # fmt: skip
WORD = re.compile(r"\w+")
# Order references and amounts say nothing about the language.
NEUTRAL = re.compile(r"\b[A-Z]{2,6}-\d{2,10}\b|[\d.,:/]+", re.IGNORECASE)


@cache
def english_words() -> frozenset:
    """The words of the shipped English examples that read as English (some English
    examples are foreign on purpose: "¿dónde está mi reembolso?")."""
    from assistant.default_intents import _ENGLISH_INTENTS

    english = [
        example
        for _name, _route, _description, examples in _ENGLISH_INTENTS
        for example in examples
        if identifier().classify(example)[0] == ENGLISH
    ]
    return frozenset(word for example in english for word in WORD.findall(example.casefold()))


@cache
def identifier() -> LanguageIdentifier:
    """py3langid's model, loaded once per process (about 0.4 s: assistant.warm_up),
    restricted to CANDIDATES, and kept small: every daphne process holds one. Made again
    from the restricted tables (set_languages keeps the whole model's table of 142
    languages beside them: 28 MB), its automaton's 39 MB of transitions read from a
    file all the processes of the machine share (shared_transitions), and its Python
    lists of ints made arrays of machine ints (7 MB)."""
    full = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    full.set_languages(CANDIDATES)
    compact = LanguageIdentifier(
        full.nb_ptc.copy(), full.nb_pc, full.nb_classes, shared_transitions(full.tk_nextmove),
        array("i", full.tk_output), norm_probs=True, tk_row=full.tk_row,
    )  # fmt: skip
    # Each state's first transition, which __init__ makes a list of (pinned by
    # assistant/tests/test_language_identifier_memory.py).
    compact._rowbase = array("I", compact._rowbase)
    return compact


def shared_transitions(transitions: array) -> Sequence[int]:
    """The automaton's transitions (ten million machine ints), mapped read-only from a
    file in DATA_DIR written once per model: a message reads a few of its pages, and
    the machine's processes share those in the page cache rather than each holding all
    of it. The array itself where the file cannot be written or mapped."""
    name = hashlib.blake2b(memoryview(transitions), digest_size=12).hexdigest()
    path = Path(settings.DATA_DIR) / "cache" / f"language-transitions-{name}.bin"
    try:
        if not path.exists():
            _write_whole(path, transitions)
        with path.open("rb") as file:
            mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    except OSError as error:
        logger.warning("language_transitions_not_shared error=%s", error)
        return transitions
    if len(mapped) != len(transitions) * transitions.itemsize:
        mapped.close()
        return transitions  # a file of another size under the name: not ours to trust
    return memoryview(mapped).cast(transitions.typecode)


def _write_whole(path: Path, transitions: array) -> None:
    """Written under another name and then renamed: a process that maps the file, now or
    later, finds all of it or none (a full disk leaves nothing behind)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as written:
        try:
            transitions.tofile(written)
        except OSError:
            os.unlink(written.name)
            raise
    os.replace(written.name, path)


@lru_cache(maxsize=1024)
def language_of(text: str, default: str | None = None) -> str:
    """ "en", "sv", "de", or OTHER for a message in a language the assistant does not
    answer in. `default`: the language of the customer's page, which a message of a
    word or two read unsurely ("help", "status DEMO-192") is in. Without one (a
    training example has no page), the likeliest of ours, English on a near tie."""
    page = default if default in ANSWERED else None
    words = NEUTRAL.sub(" ", text or "").strip()
    if not any(ch.isalpha() for ch in words):
        return page or ENGLISH
    short = WORD.findall(words.casefold())
    if len(short) < FEWEST_WORDS and any(word in SHORT_WORDS for word in short):
        return next(SHORT_WORDS[word] for word in short if word in SHORT_WORDS)
    ranked = [
        (SWEDISH if lang in SCANDINAVIAN else lang, p) for lang, p in identifier().rank(words)
    ]
    best, probability = ranked[0]
    if (
        page
        and best not in ANSWERED
        and probability < VERY_SURE
        and FEWEST_WORDS <= len(short) < FEW_WORDS  # (fewer: the page's language, below)
        and all(word in english_words() for word in short)
    ):
        return ENGLISH
    if probability >= SURE and (best in ANSWERED or len(words.split()) >= FEWEST_WORDS):
        return best if best in ANSWERED else OTHER
    if page and len(words.split()) < FEWEST_WORDS:
        return page
    answered: dict[str, float] = {}
    for lang, p in ranked:
        if lang in ANSWERED:
            answered.setdefault(lang, p)
    likeliest = max(answered, key=answered.get)
    tie = page or ENGLISH
    return tie if answered[tie] >= answered[likeliest] - NEAR_TIE else likeliest


def answered_language(code: str | None) -> str:
    """The language the assistant and the help center use for a Django language code
    ("sv", "de-at", "en-gb"): its own when it is one of ours, else English."""
    base = (code or ENGLISH).split("-")[0].lower()
    return base if base in ANSWERED else ENGLISH
