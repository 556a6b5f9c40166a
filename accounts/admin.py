from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from accounts.models import Instalment, Purchase, Refund, User


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
        ("Personal", {"fields": ["full_name"]}),
        (
            "Permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["email", "usable_password", "password1", "password2"]},
        ),
    ]


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

    @admin.display(ordering="purchase__customer__email")
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

    @admin.display(ordering="purchase__customer__email")
    def customer(self, refund):
        return refund.purchase.customer
