from django.urls import path

from privacy import views

urlpatterns = [
    path("account/erasure/", views.erasure, name="erasure"),
]
