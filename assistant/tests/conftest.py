import pytest

from assistant.defaults import install_defaults as install_assistant_defaults
from assistant.training import forget_served_model, train_from_intents
from tickets.defaults import install_defaults as install_desk


@pytest.fixture
def assistant_ready(db):
    """The default desk and intents, and a triage trained on them."""
    install_desk()
    install_assistant_defaults()
    forget_served_model()
    train_from_intents()
