"""Every websocket route of the project, gathered from the apps that own them.

asgi.py wraps the whole list in `secure_websocket`, so each route is origin-checked
and requires a logged-in session.
"""

from django.urls import path

from assistant.consumers import CustomerChatConsumer
from tickets.consumers import AgentNoticeConsumer, AgentQueueConsumer, AgentTicketConsumer

websocket_urlpatterns = [
    path("ws/chat/", CustomerChatConsumer.as_asgi()),
    path("ws/agent/tickets/<int:ticket_id>/", AgentTicketConsumer.as_asgi()),
    path("ws/agent/queue/", AgentQueueConsumer.as_asgi()),
    path("ws/agent/notices/", AgentNoticeConsumer.as_asgi()),
]
