"""The assistant's triage of one customer message: intent (with confidence and
out-of-scope detection), HUMAN or ROUTINE route, an explicit request for a person,
and sentiment. Pure Python (NumPy, SciPy, scikit-learn); nothing here imports Django.

    model = TriageModel.train(examples, routes)   # [(text, intent)], {intent: route}
    result = model.triage("someone took money from my card")
    data = model.to_bytes(); model = TriageModel.from_bytes(data)
"""

from assistant.triage.human_request import detect_human_request
from assistant.triage.model import HUMAN, OOS, ROUTINE, TriageModel, TriageResult
from assistant.triage.sentiment import sentiment
from assistant.triage.text import normalize_text, strip_invisible

__all__ = [
    "HUMAN",
    "OOS",
    "ROUTINE",
    "TriageModel",
    "TriageResult",
    "detect_human_request",
    "normalize_text",
    "sentiment",
    "strip_invisible",
]
