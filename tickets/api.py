"""REST API for tickets and their messages.

Customers see and act on their own tickets only (another customer's ticket is the
same 404 as a missing one); staff see every ticket and have the agents' actions.
Every write calls a service in tickets.services; errors use the project's one error
format (core.api)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from accounts.models import User
from core.api import JsonInput, QueryBoolean, QueryInteger, id_from_route
from core.api_schema import Text, error_response
from tickets import services, staff
from tickets.access import ticket_for_customer
from tickets.models import Message, Priority, Queue, Ticket
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
    queue_id = serializers.IntegerField(read_only=True, allow_null=True)
    tags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta(TicketSerializer.Meta):
        fields = [
            *TicketSerializer.Meta.fields,
            "customer", "assignee", "queue_id", "tags", "intent", "sentiment",
            "handoff_code", "handoff_reason", "merged_into", "next_response_due_at",
            "resolution_due_at", "sla_due_at", "sla_breached_at", "ended_by",
            "assistant_could_have_handled",
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


class TagList(serializers.ListField):
    """Tag names, each a JSON string (DRF would take 0 for "0")."""

    def __init__(self, **kwargs):
        super().__init__(child=Text(max_length=50), max_length=50, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, list) and not all(isinstance(item, str) for item in data):
            raise serializers.ValidationError("Must be a list of strings.")
        return super().to_internal_value(data)


# Ids of records named in a body: whole numbers the database can hold; a record that
# does not exist is a 400 naming the field (staff_record).
RECORD_ID = {"min_value": 1, "max_value": 2**63 - 1}
PRIORITY = {"min_value": min(Priority.values), "max_value": max(Priority.values)}
PRIORITY = {"min_value": min(Priority.values), "max_value": max(Priority.values)}
PRIORITY_HELP = ", ".join(f"{value} {label.lower()}" for value, label in Priority.choices)


class StaffTicketCreateSerializer(JsonInput):
    customer = serializers.EmailField(help_text="The customer's email address.")
    subject = Text(max_length=200)
    body = Text(max_length=services.MAX_BODY_CHARS, help_text="The first message on it.")
    internal = serializers.BooleanField(
        default=False, help_text="The first message is a note only staff see."
    )
    priority = serializers.IntegerField(required=False, help_text=PRIORITY_HELP, **PRIORITY)
    queue = serializers.IntegerField(required=False, help_text="Queue id.", **RECORD_ID)


class TicketChangeSerializer(JsonInput):
    priority = serializers.IntegerField(required=False, help_text=PRIORITY_HELP, **PRIORITY)
    queue = serializers.IntegerField(required=False, help_text="Queue id.", **RECORD_ID)
    tags = TagList(
        required=False, help_text="Every tag the ticket should have; the others are removed."
    )


class AssignSerializer(JsonInput):
    agent = serializers.IntegerField(
        required=False, allow_null=True, help_text="User id of the person.", **RECORD_ID
    )
    queue = serializers.IntegerField(
        required=False, allow_null=True, help_text="Queue id.", **RECORD_ID
    )


class MergeSerializer(JsonInput):
    into = serializers.IntegerField(help_text="The ticket this one is merged into.", **RECORD_ID)


class BulkSerializer(JsonInput):
    tickets = serializers.ListField(
        child=serializers.IntegerField(**RECORD_ID), min_length=1, max_length=staff.BULK_LIMIT
    )
    agent = serializers.IntegerField(required=False, help_text="User id.", **RECORD_ID)
    queue = serializers.IntegerField(required=False, help_text="Queue id.", **RECORD_ID)
    priority = serializers.IntegerField(required=False, help_text=PRIORITY_HELP, **PRIORITY)
    add_tags = TagList(required=False)


class StatusSerializer(JsonInput):
    status = serializers.ChoiceField(choices=Ticket.Status.choices)
    assistant_could_have_handled = serializers.BooleanField(
        default=False,
        help_text='With "solved": the agent marks that the assistant could have handled '
        "this conversation (a needless hand-off, in the reports).",
    )


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
        return tickets.select_related("customer").prefetch_related("tags")

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
            self.permission_denied(
                request, message="Staff open tickets for a customer at /api/tickets/for-customer/."
            )
        data = validated(NewTicketSerializer, request.data)
        ticket = services.ticket_request_person(
            customer=request.user, subject=data["subject"], body=data["body"]
        )
        return self.respond(ticket, status.HTTP_201_CREATED)

    @extend_schema(
        request=StaffTicketCreateSerializer,
        responses={201: StaffTicketSerializer, 404: error_response(404), 409: error_response(409)},
        description=(
            "Staff open a ticket on a customer's behalf (they phoned): it is theirs from "
            "the start, and `body` is its first message (or, with `internal`, a note)."
        ),
    )
    @action(detail=False, methods=["post"], permission_classes=[IsStaff], url_path="for-customer")
    def for_customer(self, request):
        data = validated(StaffTicketCreateSerializer, request.data)
        customer = User.objects.filter(email=data["customer"].lower(), is_staff=False).first()
        if customer is None:
            raise NotFound("No customer has that email address.")
        ticket = staff.ticket_open_for_customer(
            customer=customer, actor=request.user, subject=data["subject"], body=data["body"],
            internal=data["internal"], priority=data.get("priority"),
            queue=staff_record(Queue, data.get("queue"), "queue"),
        )  # fmt: skip
        return self.respond(ticket, status.HTTP_201_CREATED)

    @extend_schema(
        request=TicketChangeSerializer,
        responses={200: StaffTicketSerializer, 409: error_response(409)},
        description="Staff: change the priority, queue or tags (the whole set) of a ticket.",
    )
    def partial_update(self, request, pk=None):
        if not request.user.is_staff:
            self.permission_denied(request, message=IsStaff.message)
        data = validated(TicketChangeSerializer, request.data)
        ticket = staff.ticket_change(
            ticket=self.get_object(), actor=request.user, priority=data.get("priority"),
            queue=staff_record(Queue, data.get("queue"), "queue"), tags=data.get("tags"),
        )  # fmt: skip
        return self.respond(ticket)

    @extend_schema(
        request=AssignSerializer,
        responses={200: StaffTicketSerializer, 409: error_response(409)},
        description=(
            "Give the ticket to a person (`agent`), to a queue's waiting list (`queue` "
            "alone), or both. Agents take tickets for themselves; giving one to a colleague "
            "or taking it from one is a supervisor's."
        ),
    )
    @action(detail=True, methods=["post"], permission_classes=[IsStaff])
    def assign(self, request, pk=None):
        data = validated(AssignSerializer, request.data)
        ticket = staff.ticket_assign(
            ticket=self.get_object(), actor=request.user,
            agent=staff_record(User, data.get("agent"), "agent"),
            queue=staff_record(Queue, data.get("queue"), "queue"),
        )  # fmt: skip
        return self.respond(ticket)

    @extend_schema(request=None, responses={200: StaffTicketSerializer, 409: error_response(409)})
    @action(detail=True, methods=["post"], permission_classes=[IsStaff], url_path="take-over")
    def take_over(self, request, pk=None):
        """Take a conversation a colleague has, explicitly (recorded on the timeline)."""
        return self.respond(staff.ticket_take_over(ticket=self.get_object(), actor=request.user))

    @extend_schema(
        request=MergeSerializer,
        responses={200: StaffTicketSerializer, 409: error_response(409)},
        description=(
            "Merge this ticket into `into`, of the same customer: this one is closed with "
            "a pointer (`merged_into`); the answer is the ticket merged into."
        ),
    )
    @action(detail=True, methods=["post"], permission_classes=[IsStaff])
    def merge(self, request, pk=None):
        data = validated(MergeSerializer, request.data)
        source = self.get_object()
        target = staff_record(Ticket, data["into"], "into")
        return self.respond(staff.ticket_merge(source=source, target=target, actor=request.user))

    @extend_schema(
        request=BulkSerializer,
        responses={
            200: inline_serializer(
                "BulkResult",
                {
                    "done": serializers.ListField(child=serializers.IntegerField()),
                    "refused": serializers.DictField(child=serializers.CharField()),
                },
            ),
            404: error_response(404),
            409: error_response(409),
        },
        description=(
            "The queue's bulk actions on up to 100 tickets: assign (`agent`, or `queue` "
            "alone), set `priority`, add tags. Each ticket is changed on its own; `refused` "
            "says why a ticket was not (a colleague's, a closed one)."
        ),
    )
    @action(detail=False, methods=["post"], permission_classes=[IsStaff])
    def bulk(self, request):
        data = validated(BulkSerializer, request.data)
        result = staff.tickets_bulk_change(
            tickets=data["tickets"], actor=request.user,
            agent=staff_record(User, data.get("agent"), "agent"),
            queue=staff_record(Queue, data.get("queue"), "queue"),
            priority=data.get("priority"), add_tags=data.get("add_tags", ()),
        )  # fmt: skip
        return Response(
            {"done": result.done, "refused": {str(k): v for k, v in result.refused.items()}}
        )

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
            ticket=self.get_object(), status=data["status"], actor=request.user,
            assistant_could_have_handled=data["assistant_could_have_handled"],
        )  # fmt: skip
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


def staff_record(model, record_id, field_name):
    """The record a staff request names by id, or None for none; a missing one is the
    API's 404, saying which."""
    if record_id is None:
        return None
    record = model.objects.filter(pk=record_id).first()
    if record is None:
        raise NotFound(f"There is no {field_name} {record_id}.")
    return record


def validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
