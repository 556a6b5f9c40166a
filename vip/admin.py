"""VIP in the admin: supervisors edit plans and grant or revoke complimentary VIP;
subscriptions, credits, webhook events and the audit trail are read-only records.
Saving calls vip.services, like every other writer."""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from tickets.admin import ReadOnlyAdmin
from tickets.admin_history import SettingHistoryAdmin
from vip import perks, services
from vip.models import (
    ComplimentaryGrant,
    Plan,
    ServiceCredit,
    StripeCustomer,
    StripeEvent,
    Subscription,
    VipEvent,
)


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "name", "is_active", "position", "price", "currency", "interval", "stripe_price_id",
            "guaranteed_minutes", "credit_amount", "perks",
        ]  # fmt: skip

    def clean_perks(self):
        text = self.cleaned_data["perks"]
        perks.validate_perks(text)
        return text


@admin.register(Plan)
class PlanAdmin(SettingHistoryAdmin):
    form = PlanForm
    list_display = [
        "name", "price", "currency", "interval", "guaranteed_minutes", "credit_amount",
        "is_active", "position", "sla_policy",
    ]  # fmt: skip
    list_filter = ["is_active", "interval"]
    list_select_related = ["sla_policy"]
    search_fields = ["name", "stripe_price_id"]
    fields = [
        "name", "is_active", "position", ("price", "currency", "interval"), "stripe_price_id",
        "guaranteed_minutes", "credit_amount", "perks", "sla_policy",
    ]  # fmt: skip
    readonly_fields = ["sla_policy"]

    def save_model(self, request, obj, form, change):
        services.plan_save(plan=obj)


class GrantForm(forms.ModelForm):
    class Meta:
        model = ComplimentaryGrant
        fields = ["customer", "until", "reason"]

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until <= timezone.now():
            raise forms.ValidationError(gettext("A grant must end in the future."))
        return until


class RevokeForm(forms.ModelForm):
    revoke_reason = forms.CharField(
        max_length=200,
        label=_("Revoke because"),
        help_text=_("Saving with a reason revokes the grant."),
    )

    class Meta:
        model = ComplimentaryGrant
        fields = ["revoke_reason"]


@admin.register(ComplimentaryGrant)
class ComplimentaryGrantAdmin(admin.ModelAdmin):
    list_display = [
        "customer", "until", "state", "reason", "granted_by", "granted_at", "revoked_by",
        "revoked_at",
    ]  # fmt: skip
    list_select_related = ["customer", "granted_by", "revoked_by"]
    list_filter = ["revoked_at"]
    search_fields = ["customer__email", "reason"]
    autocomplete_fields = ["customer"]
    date_hierarchy = "granted_at"
    audit_fields = ["customer", "until", "reason", "granted_by", "granted_at"]

    @admin.display(description=_("state"))
    def state(self, grant):
        if grant.is_revoked:
            return pgettext("a VIP grant", "revoked")
        if grant.until > timezone.now():
            return pgettext("a VIP grant", "active")
        return pgettext("a VIP grant", "ended")

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = RevokeForm if obj and not obj.is_revoked else GrantForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["customer", "until", "reason"]
        if obj.is_revoked:
            return [*self.audit_fields, "revoked_by", "revoked_at", "revoke_reason"]
        return [*self.audit_fields, "revoke_reason"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if obj.is_revoked:
            return self.get_fields(request, obj)
        return self.audit_fields

    def save_model(self, request, obj, form, change):
        if change:
            services.grant_revoke(
                grant=obj, reason=form.cleaned_data["revoke_reason"], actor=request.user
            )
            return
        grant = services.grant_create(
            customer=form.cleaned_data["customer"],
            until=form.cleaned_data["until"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
        obj.pk, obj.granted_at, obj.granted_by = grant.pk, grant.granted_at, grant.granted_by

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    list_display = [
        "stripe_subscription_id", "customer", "plan", "status", "current_period_end",
        "cancel_at_period_end", "past_due_since", "updated_at",
    ]  # fmt: skip
    list_select_related = ["customer", "plan"]
    list_filter = ["status", "plan"]
    search_fields = ["stripe_subscription_id", "customer__email"]


@admin.register(StripeCustomer)
class StripeCustomerAdmin(ReadOnlyAdmin):
    list_display = ["stripe_customer_id", "user", "created_at"]
    list_select_related = ["user"]
    search_fields = ["stripe_customer_id", "user__email"]


@admin.register(ServiceCredit)
class ServiceCreditAdmin(ReadOnlyAdmin):
    list_display = [
        "id", "customer", "ticket_link", "amount", "currency", "status", "note", "attempts",
        "created_at", "applied_at",
    ]  # fmt: skip
    list_select_related = ["customer"]
    list_filter = ["status"]
    search_fields = ["customer__email", "stripe_transaction_id"]
    actions = ["retry"]

    @admin.display(description=_("ticket"))
    def ticket_link(self, credit):
        return f"#{credit.ticket_id}"

    def has_retry_permission(self, request):
        return request.user.has_perm("vip.change_servicecredit")

    @admin.action(
        description=_("Try applying the selected credits again now"), permissions=["retry"]
    )
    def retry(self, request, queryset):
        queued = 0
        for credit in queryset:
            try:
                credit = services.credit_retry(credit=credit, actor=request.user)
            except services.VipError as error:
                self.message_user(request, str(error), messages.WARNING)
                continue
            queued += credit.status == ServiceCredit.Status.PENDING
        self.message_user(
            request,
            ngettext(
                "%(count)s credit queued: a task worker applies it within seconds.",
                "%(count)s credits queued: a task worker applies them within seconds.",
                queued,
            )
            % {"count": queued},
            messages.INFO,
        )


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyAdmin):
    list_display = ["event_id", "type", "subscription_id", "received_at", "processed_at", "outcome"]
    list_filter = ["type"]
    search_fields = ["event_id", "subscription_id"]


@admin.register(VipEvent)
class VipEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "customer", "kind", "actor", "data"]
    list_select_related = ["customer", "actor"]
    list_filter = ["kind"]
    search_fields = ["customer__email"]
