from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from attachments.urls import staff_urlpatterns as attachment_staff_urls
from core.api import not_found
from core.health import healthz, healthz_workers
from core.metrics import metrics_view
from tickets.api import TicketViewSet
from vip.api import CreditViewSet, PlanViewSet, SubscriptionViewSet, VipStatusViewSet

api = SimpleRouter()
api.register("tickets", TicketViewSet, basename="ticket")
api.register("vip/plans", PlanViewSet, basename="vip-plan")
api.register("vip/subscriptions", SubscriptionViewSet, basename="vip-subscription")
api.register("vip/credits", CreditViewSet, basename="vip-credit")
api.register("vip", VipStatusViewSet, basename="vip")

admin.site.site_header = "supportsite"
admin.site.site_title = "supportsite admin"
admin.site.index_title = "Support desk"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("healthz/workers", healthz_workers, name="healthz-workers"),
    path("metrics", metrics_view, name="metrics"),
    # The translations the chat's script shows (static/js/chat.js), in the page's language.
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # Before the admin's own: its catch-all would answer these addresses first.
    path("admin/second-factor/", include("twofactor.urls")),
    path("admin/reports/", include("reports.urls")),
    path("admin/attachments/", include(attachment_staff_urls)),
    path("admin/", admin.site.urls),
    path("api/", include(api.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    re_path(r"^api/", not_found),
    path("", include("accounts.urls")),
    path("", include("tickets.urls")),
    path("", include("assistant.urls")),
    path("", include("vip.urls")),
    path("", include("privacy.urls")),
    path("", include("attachments.urls")),
]
