from django.urls import path

from assistant import views

urlpatterns = [
    path("help/", views.help_center, name="help"),
    path("help/<slug:slug>/", views.help_article, name="help_article"),
    path("chat/", views.chat, name="chat"),
]
