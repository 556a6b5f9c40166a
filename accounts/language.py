"""Which language a person reads the site in.

Anonymous visitors: the language they chose in the page header (Django's language
cookie), else what their browser asks for (Accept-Language), else English. A signed-in
person's choice is also stored on them (`User.language`) and wins over both, so it
follows them to every device they sign in on, the admin included."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from accounts.models import User

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class UserLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that a signed-in person's stored language comes
    first. Must run after AuthenticationMiddleware."""

    def process_request(self, request):
        language = _stored_language(request)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        else:
            super().process_request(request)

    def process_response(self, request, response):
        # The stored language becomes this browser's cookie too, so the pages stay in
        # it after signing out on this device.
        language = _stored_language(request)
        if language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
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
        return super().process_response(request, response)


def _stored_language(request) -> str:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    language = getattr(user, "language", "")
    return language if language in SUPPORTED else ""


def user_set_language(*, user: User, language: str) -> None:
    """Store `language` as the one `user` reads the site and their emails in. Raises
    ValueError for a language the site does not offer."""
    if language not in SUPPORTED:
        raise ValueError(f"Unsupported language: {language!r}")
    if user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language


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
