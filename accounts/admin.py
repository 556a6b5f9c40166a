from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.export import ExportError, download
from accounts.models import Instalment, Purchase, Refund, StaffMember, User
from accounts.roles import ROLES


class UserChangeFormByEmail(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class UserCreationFormByEmail(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ["email"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeFormByEmail
    add_form = UserCreationFormByEmail
    list_display = ["email", "full_name", "is_staff", "is_active", "date_joined", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "full_name"]
    ordering = ["email"]
    readonly_fields = ["date_joined", "last_login"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal"), {"fields": ["full_name"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["email", "usable_password", "password1", "password2"]},
        ),
    ]
    actions = ["export_customer_data"]

    def has_export_permission(self, request):
        return request.user.has_perm("accounts.export_user")

    @admin.action(description=_("Export the selected customer's data"), permissions=["export"])
    def export_customer_data(self, request, queryset):
        """The customer's export (accounts.export), the same file they download from
        their account; one customer at a time, each export audited."""
        customers = list(queryset[:2])
        if len(customers) != 1:
            self.message_user(
                request,
                gettext("Select exactly one customer: each export is one customer's file."),
                messages.WARNING,
            )
            return None
        try:
            return download(customers[0], by=request.user, via="admin")
        except ExportError as refusal:
            self.message_user(request, f"{customers[0].email}: {refusal}", messages.WARNING)
            return None


# --- Staff, as supervisors manage them ----------------------------------------------------


def roles_field(**kwargs):
    return forms.MultipleChoiceField(
        choices=[(role, role) for role in ROLES],
        widget=forms.CheckboxSelectMultiple,
        label=_("Roles"),
        help_text=_(
            "Agents work tickets; supervisors also run the desk: rules, SLAs, the "
            "assistant's intents and articles, plans, and staff."
        ),
        **kwargs,
    )


class InvitationForm(forms.ModelForm):
    """Who to invite: they choose their own password from the email."""

    roles = roles_field()

    class Meta:
        model = StaffMember
        fields = ["email", "full_name"]

    def clean(self):
        cleaned = super().clean()
        if "email" in cleaned and "roles" in cleaned:
            try:
                services.staff_check_invite(email=cleaned["email"], roles=cleaned["roles"])
            except services.StaffError as refusal:
                raise forms.ValidationError(str(refusal)) from None
        return cleaned

    def validate_unique(self):
        """Done in clean() against every account, customers' included."""


class StaffMemberForm(forms.ModelForm):
    """A staff member's name, roles and whether they may log in: nothing that could
    make anyone more than a supervisor."""

    roles = roles_field()
    actor = None  # the user saving, set by StaffMemberAdmin.get_form

    class Meta:
        model = StaffMember
        fields = ["full_name", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault(
            "roles", [group.name for group in self.instance.groups.all() if group.name in ROLES]
        )

    def clean(self):
        cleaned = super().clean()
        if "roles" in cleaned:
            try:
                services.staff_check_change(
                    member=self.instance, actor=self.actor, roles=cleaned["roles"],
                    is_active=cleaned.get("is_active", False),
                )  # fmt: skip
            except services.StaffError as refusal:
                raise forms.ValidationError(str(refusal)) from None
        return cleaned


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    """Supervisors invite staff by email and give them roles (a permission of its own,
    `accounts.change_staffmember`); making someone a superuser or giving single
    permissions stays in Users, for superusers."""

    list_display = ["email", "full_name", "role_names", "state", "last_login"]
    list_filter = ["is_active", "groups"]
    search_fields = ["email", "full_name"]
    ordering = ["email"]
    actions = ["send_invitation_again"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = StaffMemberForm if obj is not None else InvitationForm
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        return form

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["email", "full_name", "roles"]
        return ["email", "full_name", "roles", "is_active", "state", "last_login", "date_joined"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if not self.has_change_permission(request, obj):
            return ["email", "full_name", "role_names", "is_active", "state", "last_login"]
        return ["email", "state", "last_login", "date_joined"]

    def get_fieldsets(self, request, obj=None):
        fields = self.get_fields(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            fields = self.get_readonly_fields(request, obj)
        return [(None, {"fields": fields})]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: their tickets and audit trail keep the name

    @admin.display(description=_("roles"))
    def role_names(self, member):
        names = [group.name for group in member.groups.all() if group.name in ROLES]
        return ", ".join(names) or (gettext("superuser") if member.is_superuser else "—")

    @admin.display(description=_("state"))
    def state(self, member):
        if not member.is_active:
            return gettext("Deactivated")
        if not member.has_accepted_invitation:
            return gettext("Invited: has not chosen a password yet")
        return gettext("Active")

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            services.staff_update(
                member=obj, actor=request.user, full_name=data["full_name"],
                roles=data["roles"], is_active=data["is_active"],
            )  # fmt: skip
            return
        member = services.staff_invite(
            email=data["email"], full_name=data["full_name"], roles=data["roles"],
            invited_by=request.user,
        )  # fmt: skip
        obj.pk, obj.email = member.pk, member.email

    def save_related(self, request, form, formsets, change):
        """The roles are saved by the services: nothing else relates to a staff member here."""

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request,
            gettext("Invitation emailed to %(email)s.") % {"email": obj.email},
            messages.SUCCESS,
        )
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description=_("Send the invitation again"), permissions=["change"])
    def send_invitation_again(self, request, queryset):
        sent, refusals = [], []
        for member in queryset:
            try:
                services.staff_invitation_send(member=member, invited_by=request.user)
            except services.StaffError as refusal:
                refusals.append(str(refusal))
            else:
                sent.append(member.email)
        if sent:
            self.message_user(
                request,
                gettext("Invitation sent to %(emails)s.") % {"emails": ", ".join(sent)},
                messages.SUCCESS,
            )
        if refusals:
            self.message_user(request, " ".join(refusals), messages.WARNING)


# --- Customers' records ---------------------------------------------------------------------


class InstalmentInline(admin.TabularInline):
    model = Instalment
    extra = 0
    fields = ["number", "due_on", "amount", "status", "paid_on"]
    ordering = ["number"]


class RefundInline(admin.TabularInline):
    model = Refund
    extra = 0
    fields = ["amount", "status", "reason", "requested_on", "expected_on", "issued_on"]


@admin.register(Purchase)
class PurchaseAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "customer",
        "merchant",
        "amount",
        "currency",
        "purchased_on",
        "status",
    ]
    list_filter = ["status", "currency", "purchased_on"]
    search_fields = ["reference", "merchant", "customer__email", "customer__full_name"]
    list_select_related = ["customer"]
    autocomplete_fields = ["customer"]
    date_hierarchy = "purchased_on"
    inlines = [InstalmentInline, RefundInline]


@admin.register(Instalment)
class InstalmentAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "customer",
        "due_on",
        "amount",
        "status",
        "paid_on",
        "failure_reason",
    ]
    list_filter = ["status", "failure_reason", "due_on"]
    search_fields = ["purchase__reference", "purchase__merchant", "purchase__customer__email"]
    list_select_related = ["purchase__customer"]
    autocomplete_fields = ["purchase"]
    date_hierarchy = "due_on"

    @admin.display(description=_("customer"), ordering="purchase__customer__email")
    def customer(self, instalment):
        return instalment.purchase.customer


@admin.register(Refund)
class RefundAdmin(admin.ModelAdmin):
    list_display = ["__str__", "customer", "status", "requested_on", "expected_on", "issued_on"]
    list_filter = ["status", "requested_on"]
    search_fields = ["purchase__reference", "purchase__merchant", "purchase__customer__email"]
    list_select_related = ["purchase__customer"]
    autocomplete_fields = ["purchase"]
    date_hierarchy = "requested_on"

    @admin.display(description=_("customer"), ordering="purchase__customer__email")
    def customer(self, refund):
        return refund.purchase.customer
