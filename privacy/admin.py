"""Erasure requests in the admin: supervisors (`privacy.approve_erasurerequest`)
approve the selected ones, which erases those customers now, or decline one on its
page with a reason the customer reads. Nothing else is editable: the list is the
audit of every erasure."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from privacy import services
from privacy.models import ErasureRequest


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    # Few columns, so that the decision stays in sight on a laptop (how: the filter).
    list_display = ["number", "customer", "status", "requested_on", "decided_by_name"]
    list_filter = ["status", "via"]
    list_select_related = ["customer", "decided_by"]
    search_fields = ["customer__email"]
    ordering = ["-requested_at", "-id"]
    fields = ["customer", "status", "via", "requested_at", "decided_by", "decided_at",
              "decline_reason"]  # fmt: skip
    readonly_fields = ["customer", "status", "via", "requested_at", "decided_by", "decided_at"]
    actions = ["approve"]

    @admin.display(description=_("request"), ordering="id")
    def number(self, obj):
        return f"#{obj.pk}"

    @admin.display(description=_("requested"), ordering="requested_at")
    def requested_on(self, obj):
        return date_format(timezone.localtime(obj.requested_at), "j M Y")

    @admin.display(description=_("decided by"), ordering="decided_by__full_name")
    def decided_by_name(self, obj):
        return obj.decided_by.get_short_name() if obj.decided_by_id else "—"

    def has_add_permission(self, request):
        return False  # customers ask on their account page; `erase_customer` for the rest

    def has_delete_permission(self, request, obj=None):
        return False  # the audit of erasures

    def has_approve_permission(self, request):
        return request.user.has_perm(services.APPROVE_PERMISSION)

    def has_change_permission(self, request, obj=None):
        """Declining is the one change, of a request still waiting."""
        waiting = obj is None or obj.status == ErasureRequest.Status.PENDING
        return waiting and self.has_approve_permission(request)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "decline_reason" in form.base_fields:
            form.base_fields["decline_reason"].required = True
            form.base_fields["decline_reason"].label = _("Decline, because")
        return form

    def save_model(self, request, obj, form, change):
        try:
            services.erasure_decline(request=obj, by=request.user, reason=obj.decline_reason)
        except services.ErasureError as refusal:
            self.message_user(request, str(refusal), messages.WARNING)
        else:
            self.message_user(
                request,
                gettext("Request #%(number)s declined; the customer sees why.")
                % {"number": obj.pk},
            )

    def response_change(self, request, obj):
        # The message was said in save_model, which knows whether it declined.
        return self.response_post_save_change(request, obj)

    @admin.action(
        description=_("Approve: erase the selected customers' data now"), permissions=["approve"]
    )
    def approve(self, request, queryset):
        erased, refusals = [], []
        for erasure in queryset.select_related("customer"):
            try:
                services.erasure_approve(request=erasure, by=request.user)
            except services.ErasureError as refusal:
                refusals.append(f"{erasure}: {refusal}")
            else:
                erased.append(f"#{erasure.pk}")
        if erased:
            said = gettext(
                "Erased: request %(requests)s. The customers are logged out and can never "
                "log in again."
            ) % {"requests": ", ".join(erased)}
            self.message_user(request, said, messages.SUCCESS)
        if refusals:
            self.message_user(request, " ".join(refusals), messages.WARNING)
