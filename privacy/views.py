from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from privacy.forms import ErasureRequestForm
from privacy.models import ErasureRequest
from privacy.services import ErasureError, erasure_request

RECEIVED = gettext_lazy(
    "Your request is received. We will erase your data once a supervisor has checked it, "
    "usually within a few days."
)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def erasure(request):
    """What erasure means, and the customer's request: to make, or waiting, or
    declined with the reason."""
    if request.user.is_staff:
        return render(request, "privacy/erasure_staff.html", status=403)
    form = ErasureRequestForm(request.POST or None, customer=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            erasure_request(customer=request.user)
        except ErasureError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, RECEIVED)
        return redirect("erasure")
    latest = ErasureRequest.objects.filter(customer=request.user).first()
    return render(request, "privacy/erasure.html", {"form": form, "latest": latest})
