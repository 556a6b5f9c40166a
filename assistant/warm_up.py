"""What the assistant loads once per process, loaded as a server process starts
(supportsite.asgi) rather than while its first customers wait: the language
identifier (about 380 ms of CPU on a slow machine) and its English lexicon (about
400 ms), the help center's index in each language (about 290 ms) and the newest
triage model (about 50 ms; training the first one, when there is none, is left to
the first message). Every socket of a process shares its event loop, so that work
held up the acknowledgements of everyone who wrote in the first second after a start
or a deploy (fault drill (c): 0.5-1.2 s).

A process whose database is slow or down at start does not wait for it longer than
`wait_seconds`: what it could not load loads on the first message, as before."""

import logging
import threading

from django.conf import settings
from django.db import connections

from assistant.help import help_index
from assistant.language import english_words, identifier
from assistant.training import load_served_model

logger = logging.getLogger(__name__)


def warm_up(wait_seconds: float = 5.0) -> None:
    identifier()
    english_words()
    # On a thread of its own, which gives its database connection back when done.
    loading = threading.Thread(target=_load_from_the_database, name="warm-up", daemon=True)
    loading.start()
    loading.join(timeout=wait_seconds)
    if loading.is_alive():
        logger.warning("assistant_warm_up_unfinished seconds=%s", wait_seconds)


def _load_from_the_database() -> None:
    try:
        load_served_model()
        for code, _name in settings.LANGUAGES:
            help_index(code)
    except Exception as error:  # any failure only means a slower first message
        logger.warning("assistant_not_warmed_up error=%s", error)
    finally:
        connections.close_all()
