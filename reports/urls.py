"""Under /admin/reports/, in front of the admin's own addresses (supportsite.urls):
staff only, through the admin's login (and its second factor)."""

from django.contrib import admin
from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", admin.site.admin_view(views.dashboard_view), name="dashboard"),
    path("export.csv", admin.site.admin_view(views.export_view), name="export"),
]
