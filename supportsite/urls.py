from django.contrib import admin
from django.urls import include, path

from supportsite.health import healthz

admin.site.site_header = "supportsite"
admin.site.site_title = "supportsite admin"
admin.site.index_title = "Support desk"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("tickets.urls")),
]
