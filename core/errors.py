"""Error reporting: the one seam to Sentry.

Settings call `start_error_reporting` when SENTRY_DSN is set; otherwise the SDK is
never imported and nothing here runs. Once started, Sentry receives the unhandled
errors of requests (its Django integration), of sockets (`asgi_app`, wrapped around the
websocket routes by supportsite.asgi), of commands, and every line logged at ERROR
(the monitor loop's failed passes, a failed email); Redis calls appear as breadcrumbs.

Personal data stays home unless SENTRY_SEND_PII is on: no user, cookies, request or
response bodies, query strings, SQL parameters, local variables or assistant prompts,
only the harmless request headers, and anything that looks like an email address in a
message (log lines name recipients) is blanked.
"""

import re
import subprocess
import tomllib
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parent.parent

HARMLESS_HEADERS = ["accept", "content-length", "content-type", "host", "origin", "user-agent",
                    "x-request-id"]  # fmt: skip
# The SDK's `data_collection` (it supersedes `send_default_pii`, deprecated in 2.x).
WITHOUT_PII = {
    "user_info": False,
    "cookies": {"mode": "off"},
    # Allow-listed, so a header some proxy adds tomorrow is not sent either.
    "http_headers": {"request": {"mode": "allowlist", "terms": HARMLESS_HEADERS}},
    "http_bodies": [],
    "url_query_params": {"mode": "off"},
    "graphql": {"document": False, "variables": False},
    "gen_ai": {"inputs": False, "outputs": False},
    "database_query_data": False,
    "queues": False,
    "stack_frame_variables": False,
}
# Opted in: the SDK's defaults (user, cookies, bodies...), its denylist of secrets
# (passwords, tokens, session and CSRF keys) still blanked, local variables too.
WITH_PII = {"stack_frame_variables": {"mode": "denylist"}}

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

_started = False


def start_error_reporting(
    *, dsn: str, environment: str, release: str, traces_sample_rate: float, send_pii: bool
) -> None:
    # Imported here: a process without a DSN never loads the SDK.
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.redis import RedisIntegration
    from sentry_sdk.utils import BadDsn

    global _started
    try:
        sentry_sdk.init(
            dsn=dsn,
            environment=environment,
            release=release or default_release(),
            traces_sample_rate=traces_sample_rate,
            data_collection=WITH_PII if send_pii else WITHOUT_PII,
            before_send=None if send_pii else blank_emails,
            # Only what we chose: no LangChain or HTTP-client hooks in the chat's hot path.
            auto_enabling_integrations=False,
            integrations=[DjangoIntegration(), RedisIntegration()],
        )
    except BadDsn as error:
        raise ImproperlyConfigured(f"SENTRY_DSN is not a valid Sentry DSN: {error}") from None
    _started = True


def asgi_app(app):
    """`app` reporting its unhandled errors, if error reporting is on (else `app`)."""
    if not _started:
        return app
    from sentry_sdk.integrations.asgi import SentryAsgiMiddleware

    return SentryAsgiMiddleware(app)


def blank_emails(event: dict, hint: dict) -> dict:
    """The event with every email address in it replaced (log messages, exception
    values, breadcrumbs)."""
    return _blanked(event)


def _blanked(value):
    if isinstance(value, str):
        return EMAIL.sub("[email]", value)
    if isinstance(value, dict):
        return {key: _blanked(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_blanked(item) for item in value]
    return value


def default_release() -> str:
    """supportsite@<version in pyproject.toml>, with +<commit> in a git checkout."""
    try:
        version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        version = "unknown"
    commit = _git_commit()
    return f"supportsite@{version}+{commit}" if commit else f"supportsite@{version}"


def _git_commit() -> str | None:
    try:
        # Fixed arguments, no shell: nothing from outside reaches the command.
        result = subprocess.run(  # nosec B603 B607
            ["git", "rev-parse", "--short=12", "HEAD"],  # noqa: S607
            cwd=ROOT, capture_output=True, text=True, timeout=2, check=True,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None
