from django.urls import path

from vip import views

urlpatterns = [
    path("vip/", views.pricing, name="vip_pricing"),
    path("vip/subscribe/<int:plan_id>/", views.subscribe, name="vip_subscribe"),
    path("vip/welcome/", views.welcome, name="vip_welcome"),
    path("vip/cancelled/", views.cancelled, name="vip_cancelled"),
    path("vip/manage/", views.manage, name="vip_manage"),
    path("vip/stripe/webhook/", views.stripe_webhook, name="vip_stripe_webhook"),
]
