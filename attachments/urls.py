from django.urls import path

from attachments import views

urlpatterns = [
    path("chat/attachments/", views.customer_upload, name="attachment_upload"),
    path("tickets/<int:ticket_id>/files/", views.customer_send, name="ticket_send_files"),
    path("attachments/<int:attachment_id>/", views.attachment_file, name="attachment"),
    path(
        "attachments/<int:attachment_id>/thumbnail/",
        views.attachment_file,
        {"thumbnail": True},
        name="attachment_thumbnail",
    ),
]

# In front of the admin's own addresses (supportsite.urls): staff only, through the
# admin's login and its second factor.
staff_urlpatterns = [
    path("tickets/<int:ticket_id>/", views.staff_send_view, name="attachment_staff_send"),
]
