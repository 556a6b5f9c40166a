"""Escalation-rule patterns, matched in linear time.

Supervisors write these, and every customer message is checked against them. Python's
`re` backtracks: `(a+)+$` against one 4,000-character message runs for longer than
anyone will wait, holding the GIL, and so freezes every socket of the process. RE2
(google-re2) never backtracks: a match costs time proportional to the text, whatever
the pattern. It has no backreferences or look-around; a pattern that needs them is
refused when it is saved.
"""

import re2

# RE2 refuses to compile a pattern whose program would need more than this (a
# counted repetition like `(a{100}){100}` grows fast); the default is 8 MiB.
MAX_PROGRAM_BYTES = 1 << 20


class PatternError(ValueError):
    """A pattern RE2 cannot run: the message says why, for the person who wrote it."""


def _options() -> re2.Options:
    options = re2.Options()
    options.case_sensitive = False
    options.max_mem = MAX_PROGRAM_BYTES
    options.log_errors = False
    return options


def compile_pattern(pattern: str):
    """The compiled pattern (compiled once per process: re2 keeps them), or
    PatternError."""
    try:
        return re2.compile(pattern, _options())
    except re2.error as error:
        reason = error.args[0] if error.args else "not a valid pattern"
        if isinstance(reason, bytes):
            reason = reason.decode(errors="replace")
        raise PatternError(reason) from None


def pattern_found(pattern: str, text: str) -> bool:
    """Is `pattern` found anywhere in `text`, ignoring case?"""
    return compile_pattern(pattern).search(text) is not None
