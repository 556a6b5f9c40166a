from django.urls import path

from twofactor import views

app_name = "twofactor"
urlpatterns = [
    path("", views.manage, name="manage"),
    path("set-up/", views.set_up, name="set_up"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("verify/", views.verify, name="verify"),
]
