import pytest

from assistant.default_intents import INTENTS
from assistant.defaults import install_defaults as install_assistant_defaults
from assistant.training import forget_served_model, train_from_intents, train_triage
from tickets.defaults import install_defaults as install_desk


@pytest.fixture
def assistant_ready(db):
    """The default desk and intents, and a triage trained on them."""
    install_desk()
    install_assistant_defaults()
    forget_served_model()
    train_from_intents()


@pytest.fixture(scope="session")
def default_triage():
    """The triage the default intents train, as an installation's first training does
    (no database): trained once for the whole run."""
    examples = [(text, name) for name, _, _, texts in INTENTS for text in texts]
    return train_triage(examples, {name: route for name, route, _, _ in INTENTS})


def is_a_default_example(text: str) -> bool:
    """`text` is one of the default intents' examples (case and spacing aside): a
    held-out message must not be."""
    return " ".join(text.casefold().split()) in _DEFAULT_EXAMPLES


_DEFAULT_EXAMPLES = {" ".join(t.casefold().split()) for *_, texts in INTENTS for t in texts}
