"""REST API for tickets and their messages.

Customers see and act on their own tickets only (another customer's ticket is the
same 404 as a missing one); staff see every ticket and have the agents' actions.
Every write calls a service in tickets.services; errors use the project's one error
format (core.api)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from core.api import JsonInput, QueryBoolean, QueryInteger, id_from_route
from core.api_schema import Text, error_response
from tickets import services
from tickets.access import ticket_for_customer
from tickets.models import Message, Ticket
from tickets.notify import author_name

CLIENT_MSG_ID = r"^[A-Za-z0-9_.:-]{1,64}$"


class IsStaff(permissions.BasePermission):
    message = "Only staff can do that."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_staff and request.user.is_active)


class IsCustomer(permissions.BasePermission):
    message = "Only customers can do that."

    def has_permission(self, request, view):
        return bool(request.user and not request.user.is_staff)


# --- Serializers ---------------------------------------------------------------------------


class MessageSerializer(serializers.ModelSerializer):
    author_name = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = ["seq", "author_kind", "author_name", "body", "is_internal", "created_at"]

    def get_author_name(self, message) -> str:
        return author_name(message)


class TicketSerializer(serializers.ModelSerializer):
    owner = serializers.SerializerMethodField()
    queue = serializers.CharField(
        source="queue.name", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = Ticket
        fields = [
            "id", "subject", "status", "handled_by", "owner", "priority", "queue", "tier",
            "first_response_due_at", "created_at", "updated_at", "last_seq",
        ]  # fmt: skip

    def get_owner(self, ticket) -> str:
        if ticket.handled_by == Ticket.HandledBy.AGENT and ticket.assignee_id:
            return f"{ticket.assignee.get_short_name()}, support"
        return Ticket.HandledBy(ticket.handled_by).label


class StaffTicketSerializer(TicketSerializer):
    customer = serializers.EmailField(source="customer.email", read_only=True)
    assignee = serializers.EmailField(
        source="assignee.email", default=None, allow_null=True, read_only=True
    )

    class Meta(TicketSerializer.Meta):
        fields = [
            *TicketSerializer.Meta.fields,
            "customer", "assignee", "intent", "sentiment", "handoff_reason",
            "next_response_due_at", "resolution_due_at", "sla_due_at", "sla_breached_at",
        ]  # fmt: skip


class NewTicketSerializer(JsonInput):
    subject = Text(max_length=200)
    body = Text(max_length=services.MAX_BODY_CHARS)


class NewMessageSerializer(JsonInput):
    body = Text(max_length=services.MAX_BODY_CHARS)
    client_msg_id = serializers.RegexField(CLIENT_MSG_ID, required=False)
    internal = serializers.BooleanField(
        default=False, help_text="Staff only: an internal note the customer never sees."
    )


class StatusSerializer(JsonInput):
    status = serializers.ChoiceField(choices=Ticket.Status.choices)


class RatingSerializer(JsonInput):
    score = serializers.IntegerField(min_value=1, max_value=5)
    comment = Text(max_length=2000, required=False, allow_blank=True)


class TicketFilterSerializer(serializers.Serializer):
    """The list's query. Staff only: customers see all of their own tickets whatever
    they ask, but a malformed value is a 400 for everyone."""

    status = serializers.ChoiceField(choices=Ticket.Status.choices, required=False)
    handled_by = serializers.ChoiceField(choices=Ticket.HandledBy.choices, required=False)
    queue = QueryInteger(min_value=1, required=False, help_text="Queue id.")
    mine = QueryBoolean(required=False, help_text="Only tickets assigned to me.")


class MessageQuerySerializer(serializers.Serializer):
    after_seq = QueryInteger(
        min_value=0, required=False, help_text="Only messages after this `seq`."
    )


# --- Views ---------------------------------------------------------------------------------


class TicketViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Ticket.objects.none()  # replaced per user by get_queryset

    def get_queryset(self):
        user = self.request.user
        tickets = Ticket.objects.select_related("queue", "assignee")
        if not user.is_staff:
            return tickets.filter(customer=user)
        return tickets.select_related("customer")

    def filter_queryset(self, queryset):
        query = validated(TicketFilterSerializer, self.request.query_params.dict())
        if not self.request.user.is_staff:
            return queryset
        if "status" in query:
            queryset = queryset.filter(status=query["status"])
        if "handled_by" in query:
            queryset = queryset.filter(handled_by=query["handled_by"])
        if "queue" in query:
            queryset = queryset.filter(queue_id=query["queue"])
        if query.get("mine"):
            queryset = queryset.filter(assignee=self.request.user)
        return queryset

    def get_serializer_class(self):
        if self.request.user.is_staff:
            return StaffTicketSerializer
        return TicketSerializer

    def get_object(self):
        user = self.request.user
        ticket_id = id_from_route(self.kwargs["pk"])
        if user.is_staff:
            return get_object_or_404(self.get_queryset(), pk=ticket_id)
        return ticket_for_customer(user, ticket_id)

    def respond(self, ticket, status_code=status.HTTP_200_OK):
        ticket.refresh_from_db()
        return Response(self.get_serializer(ticket).data, status=status_code)

    @extend_schema(
        parameters=[TicketFilterSerializer],
        description=(
            "Newest first. Staff see every ticket and can filter; customers see all of "
            "their own whatever the filters (a malformed one is a 400 for everyone)."
        ),
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=NewTicketSerializer, responses={201: TicketSerializer})
    def create(self, request):
        """A customer writes to a person: the ticket goes straight to the queue."""
        if request.user.is_staff:
            self.permission_denied(request, message="Staff open tickets from the admin.")
        data = validated(NewTicketSerializer, request.data)
        ticket = services.ticket_request_person(
            customer=request.user, subject=data["subject"], body=data["body"]
        )
        return self.respond(ticket, status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        parameters=[MessageQuerySerializer],
        responses=MessageSerializer(many=True),
        description=(
            "The ticket's messages in `seq` order, at most 500: a plain list, not pages. "
            "Ask again with `after_seq` set to the last `seq` for the rest."
        ),
    )
    @extend_schema(
        methods=["POST"],
        request=NewMessageSerializer,
        responses={
            201: MessageSerializer,
            200: OpenApiResponse(
                MessageSerializer, description="A resend (same `client_msg_id`): stored once."
            ),
            409: error_response(409),
        },
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def messages(self, request, pk=None):
        if request.method == "POST":
            return self.post_message(request, self.get_object())
        query = validated(MessageQuerySerializer, request.query_params.dict())
        ticket = self.get_object()
        messages = ticket.messages.select_related("author").order_by("seq")
        if not request.user.is_staff:
            messages = messages.filter(is_internal=False)
        if "after_seq" in query:
            messages = messages.filter(seq__gt=query["after_seq"])
        return Response(MessageSerializer(messages[:500], many=True).data)

    def post_message(self, request, ticket):
        data = validated(NewMessageSerializer, request.data)
        if request.user.is_staff:
            message = services.agent_reply(
                ticket=ticket, agent=request.user, body=data["body"], internal=data["internal"]
            )
            created = True
        else:
            message, created = services.message_post(
                ticket=ticket, author_kind=Message.Author.CUSTOMER, author=request.user,
                body=data["body"], client_msg_id=data.get("client_msg_id"),
            )  # fmt: skip
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(MessageSerializer(message).data, status=code)

    @extend_schema(request=None, responses={200: StaffTicketSerializer, 409: error_response(409)})
    @action(detail=True, methods=["post"], permission_classes=[IsStaff])
    def claim(self, request, pk=None):
        return self.respond(services.ticket_claim(ticket=self.get_object(), agent=request.user))

    @extend_schema(
        request=StatusSerializer, responses={200: StaffTicketSerializer, 409: error_response(409)}
    )
    @action(detail=True, methods=["post"], permission_classes=[IsStaff], url_path="status")
    def set_status(self, request, pk=None):
        data = validated(StatusSerializer, request.data)
        ticket = services.ticket_set_status(
            ticket=self.get_object(), status=data["status"], actor=request.user
        )
        return self.respond(ticket)

    @extend_schema(request=None, responses={200: StaffTicketSerializer, 409: error_response(409)})
    @action(detail=True, methods=["post"], permission_classes=[IsStaff], url_path="hand-back")
    def hand_back(self, request, pk=None):
        return self.respond(services.ticket_hand_back(ticket=self.get_object(), actor=request.user))

    @extend_schema(request=None, responses={200: TicketSerializer, 409: error_response(409)})
    @action(detail=True, methods=["post"], permission_classes=[IsCustomer])
    def reopen(self, request, pk=None):
        return self.respond(services.ticket_reopen(ticket=self.get_object(), customer=request.user))

    @extend_schema(
        request=RatingSerializer,
        responses={
            200: inline_serializer("Rated", {"score": serializers.IntegerField()}),
            409: error_response(409),
        },
    )
    @action(detail=True, methods=["post"], permission_classes=[IsCustomer])
    def rate(self, request, pk=None):
        data = validated(RatingSerializer, request.data)
        rating = services.csat_record(
            ticket=self.get_object(), customer=request.user, score=data["score"],
            comment=data.get("comment", ""),
        )  # fmt: skip
        return Response({"score": rating.score})


def validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
