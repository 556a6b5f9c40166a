"""The language identifier every daphne process holds is kept small (assistant.language):
its automaton's transitions are mapped from a file the machine's processes share, and
py3langid's lists of ints are arrays. None of it may change a reading."""

import csv
from array import array
from pathlib import Path

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from assistant.language import CANDIDATES, identifier, shared_transitions

LABELLED = Path(__file__).resolve().parents[2] / "bench" / "data" / "language_messages.csv"


def test_the_small_identifier_ranks_every_labelled_message_as_py3langid_does():
    theirs = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    theirs.set_languages(CANDIDATES)
    texts = [row["text"] for row in csv.DictReader(LABELLED.open(encoding="utf-8"))]
    texts += ["Rückerstattung", "wen is nxt paymnt", "ÅÄÖ åäö", "🙂", "", "x" * 500]

    assert len(texts) > 100
    for text in texts:
        assert identifier().rank(text) == theirs.rank(text), text


def test_py3langid_still_keeps_each_states_first_transition_where_identifier_packs_it():
    """identifier() replaces LanguageIdentifier._rowbase, which __init__ derives from
    tk_row: an upgrade that renames or drops it must fail here, not waste memory."""
    model = LanguageIdentifier.from_model_file(MODEL_FILE)

    assert model._rowbase == [row << 8 for row in model.tk_row]
    assert isinstance(identifier()._rowbase, array)


def test_the_transitions_are_read_from_a_file_written_once(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    transitions = array("I", [5, 0, 70_000, 2**32 - 1] * 1000)

    mapped = shared_transitions(transitions)
    [written] = (tmp_path / "cache").iterdir()
    modified = written.stat().st_mtime_ns
    again = shared_transitions(transitions)

    assert isinstance(mapped, memoryview)
    assert isinstance(again, memoryview)
    assert list(mapped) == list(transitions) == list(again)
    assert written.stat().st_mtime_ns == modified
    assert list((tmp_path / "cache").iterdir()) == [written]


def test_other_transitions_get_a_file_of_their_own(settings, tmp_path):
    settings.DATA_DIR = tmp_path

    first = shared_transitions(array("I", [1, 2, 3]))
    second = shared_transitions(array("I", [3, 2, 1]))

    assert (list(first), list(second)) == ([1, 2, 3], [3, 2, 1])
    assert len(list((tmp_path / "cache").iterdir())) == 2


def test_where_no_file_can_be_written_the_transitions_stay_in_memory(settings, tmp_path):
    (tmp_path / "file").write_text("not a directory")
    settings.DATA_DIR = tmp_path / "file"
    transitions = array("I", [1, 2, 3])

    assert shared_transitions(transitions) is transitions


def test_a_file_of_another_size_under_the_name_is_not_trusted(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    transitions = array("I", [1, 2, 3])
    shared_transitions(transitions)
    [written] = (tmp_path / "cache").iterdir()
    written.write_bytes(b"\0" * 4)

    assert shared_transitions(transitions) is transitions
