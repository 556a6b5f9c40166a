"""The dashboard in the admin's index and menu: "Reports", then "Desk dashboard" opens it."""

from django.contrib import admin
from django.shortcuts import redirect

from reports.models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """No rows to list: the entry leads to the dashboard (reports.views), which every
    staff member may open (an agent sees their own figures there)."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        return redirect("reports:dashboard")
