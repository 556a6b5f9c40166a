"""A URLconf with a view that fails, for the error-reporting tests."""

from django.urls import path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt  # posted straight through the ASGI application, with no CSRF token
def fails(request):
    raise RuntimeError("the view failed on purpose")


urlpatterns = [path("fails/", fails)]
