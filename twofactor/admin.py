"""Staff second factors in the admin: who has an authenticator app, and a reset for
supervisors and superusers (someone lost their phone). No page shows a key or a code."""

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from twofactor import devices
from twofactor.models import Authenticator

# django-otp registers its own pages for these, where keys and codes can be read and
# devices added for anyone: staff's second factors are managed here and on their own page.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    list_display = ["user", "confirmed", "created_at", "last_used_at", "wrong_codes"]
    list_filter = ["confirmed", "last_used_at"]
    search_fields = ["user__email", "user__full_name"]
    list_select_related = ["user"]
    ordering = ["user__email"]
    fields = ["user", "confirmed", "created_at", "last_used_at", "wrong_codes"]
    readonly_fields = fields
    actions = ["reset_second_factor"]

    @admin.display(description=_("wrong codes in a row"), ordering="throttling_failure_count")
    def wrong_codes(self, device):
        return device.throttling_failure_count

    def has_add_permission(self, request):
        return False  # staff set up their own, with the app in their hand

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a reset removes the recovery codes too: the action does it

    def has_reset_permission(self, request):
        return request.user.has_perm("twofactor.reset_authenticator")

    @admin.action(
        description=_("Reset second factor (they set up a new app at their next sign-in)"),
        permissions=["reset"],
    )
    def reset_second_factor(self, request, queryset):
        reset, refused = [], []
        for device in queryset.select_related("user"):
            if may_reset(request.user, device.user):
                self.log_deletions(request, Authenticator.objects.filter(pk=device.pk))
                devices.second_factor_reset(user=device.user, by=request.user)
                reset.append(device.user.email)
            else:
                refused.append(device.user.email)
        if reset:
            self.message_user(
                request,
                gettext("Second factor reset for %(emails)s.") % {"emails": ", ".join(reset)},
            )
        if refused:
            self.message_user(
                request,
                gettext(
                    "Not reset: %(emails)s (your own is reset from your Second factor page, "
                    "and a superuser's only by another superuser)."
                )
                % {"emails": ", ".join(refused)},
                messages.WARNING,
            )


def may_reset(actor, owner) -> bool:
    """Anyone's but one's own (that takes a current code, on one's own page), and a
    superuser's only by another superuser."""
    return owner.pk != actor.pk and (actor.is_superuser or not owner.is_superuser)
