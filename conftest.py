"""The cast every test can use: two customers, an agent, a supervisor, a superuser."""

import shutil

import pytest
from asgiref.sync import SyncToAsync
from django.conf import settings
from django.db import connections
from django.utils import translation

from accounts.roles import AGENTS, SUPERVISORS, ensure_roles
from accounts.tests.factories import UserFactory
from core.db import release_connections_now, release_threads_connections
from core.translations import compile_catalogs

# The real-browser fixtures (`browser`): see core/tests/browser.py.
pytest_plugins = ["core.tests.browser"]


def pytest_configure(config):
    """The translations as `make` would compile them, before any test reads one (a
    `.po` edited since, or a fresh clone where `pytest` is run without `make`); no
    warm-up when a test module imports the ASGI application."""
    compile_catalogs(settings.BASE_DIR)
    # Test modules import the ASGI application before any database is set up; the
    # daphne processes that tests start warm up as servers do.
    settings.ASSISTANT_WARM_UP = False


@pytest.fixture
def customer(db):
    return UserFactory(email="ann@example.com", full_name="Ann Customer")


@pytest.fixture
def other_customer(db):
    return UserFactory(email="bob@example.com", full_name="Bob Other")


@pytest.fixture
def agent(db):
    user = UserFactory(email="agent@example.com", full_name="Dana Agent", is_staff=True)
    user.groups.add(ensure_roles()[AGENTS])
    return user


@pytest.fixture
def colleague(db):
    """A second agent, for what one agent may do to another's ticket."""
    user = UserFactory(email="lee@example.com", full_name="Lee Colleague", is_staff=True)
    user.groups.add(ensure_roles()[AGENTS])
    return user


@pytest.fixture
def supervisor(db):
    user = UserFactory(email="super@example.com", full_name="Sam Supervisor", is_staff=True)
    user.groups.add(ensure_roles()[SUPERVISORS])
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(
        email="root@example.com", full_name="Ada Admin", is_staff=True, is_superuser=True
    )


@pytest.fixture
def customer_client(client, customer):
    client.force_login(customer)
    return client


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Return pooled PostgreSQL connections before the test database is dropped: the
    chat's database threads keep theirs from call to call, and asgiref's thread for
    thread-sensitive calls made outside a request may hold one too."""
    yield
    with django_db_blocker.unblock():
        release_threads_connections()
        SyncToAsync.single_thread_executor.submit(release_connections_now).result()
        for connection in connections.all():
            connection.close()
            if getattr(connection, "pool", None) is not None:
                connection.close_pool()


@pytest.fixture(scope="session", autouse=True)
def metrics_directory():
    """The run's own metrics directory (settings: `test-metrics-<pid>`, unless
    PROMETHEUS_MULTIPROC_DIR says otherwise), removed at the end of the run."""
    from django.conf import settings

    yield settings.PROMETHEUS_MULTIPROC_DIR
    if settings.PROMETHEUS_MULTIPROC_DIR.name.startswith("test-metrics-"):
        shutil.rmtree(settings.PROMETHEUS_MULTIPROC_DIR, ignore_errors=True)


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts in the site's language, as a new request does: a request made
    in another (Accept-Language, a cookie) leaves it active on the thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs ~0.3 s a password by design; tests need speed, not strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def second_factor_off(settings):
    """Staff here sign in with `force_login`, a password-only session, as they do with
    DEBUG on, whatever STAFF_TWO_FACTOR the run's environment has. twofactor/tests turn
    it on, and show that then every staff surface refuses such a session."""
    settings.STAFF_TWO_FACTOR = False


@pytest.fixture
def desk(db):
    """The default queues, SLA policies and escalation rules. The data migration
    installs them, but transactional tests flush tables, so install again."""
    from tickets.defaults import install_defaults

    install_defaults()
