from django.conf import settings


def site(request):
    """Values every page may show: where to write to, and whether this is a dev site."""
    return {"SUPPORT_EMAIL": settings.SUPPORT_EMAIL, "DEBUG_SITE": settings.DEBUG}
