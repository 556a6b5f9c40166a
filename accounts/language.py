"""Which language a person reads the site in.

The language they chose in the page header (Django's language cookie), else what their
browser asks for (Accept-Language), else English. A signed-in person's choice is also
stored on them (`User.language`) and becomes the cookie of every browser they sign in
on, so it follows them to every device, the admin included."""

from types import SimpleNamespace

from django.conf import settings
from django.http.cookie import parse_cookie
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.functional import empty
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from accounts.models import User

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class UserLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware (cookie, else Accept-Language), which also makes a
    signed-in person's stored language this browser's cookie: on the response that
    signs them in, and on any later one where the cookie differs (changed on another
    device). It reads the person only if the request already did, so it adds no query
    to a request that never looks at who is signed in. After AuthenticationMiddleware."""

    def process_response(self, request, response):
        language = _stored_language(request)
        if language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            _set_language_cookie(response, language)
        return super().process_response(request, response)


def _stored_language(request) -> str:
    """The signed-in person's stored language, if this request has read who they are
    (or signed them in); "" otherwise, without reading them."""
    user = request.__dict__.get("user")
    # AuthenticationMiddleware's lazy person, unread until something asks; login()
    # replaces it with the person themselves.
    user = getattr(user, "_wrapped", user)
    if user is None or user is empty or not user.is_authenticated:
        return ""
    return user.language if user.language in SUPPORTED else ""


def _set_language_cookie(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def user_set_language(*, user: User, language: str) -> None:
    """Store `language` as the one `user` reads the site and their emails in. Raises
    ValueError for a language the site does not offer."""
    if language not in SUPPORTED:
        raise ValueError(f"Unsupported language: {language!r}")
    if user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language


class SocketLanguage:
    """ASGI middleware for the websockets: the frames a socket's consumer writes (who
    has the conversation, a refusal) are in the language of the page that opened it:
    its language cookie (which UserLocaleMiddleware keeps to a signed-in person's
    stored choice), else its Accept-Language, else the site's."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        with translation.override(_page_language(scope)):
            return await self.app(scope, receive, send)


def _page_language(scope) -> str:
    """Read in a function of its own: the parsed cookies are not kept for the socket's
    life by the frame above, which waits as long as the socket is open."""
    page = SimpleNamespace(
        COOKIES=parse_cookie(_header(scope, b"cookie", "; ")),
        META={"HTTP_ACCEPT_LANGUAGE": _header(scope, b"accept-language", ",")},
    )
    return translation.get_language_from_request(page)


def _header(scope, name: bytes, joiner: str) -> str:
    """A request header's values, joined as HTTP joins repeated ones."""
    return joiner.join(value.decode("latin-1") for key, value in scope.get("headers", [])
                       if key == name)  # fmt: skip


@require_POST
def language_choose(request):
    """The header's language switcher. Django's `set_language` checks the choice, sets
    the cookie and redirects back (only to this site); a signed-in person's choice is
    stored on them as well."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in SUPPORTED:
        user_set_language(user=request.user, language=language)
    return response
