"""REST API for VIP: the plans on offer, and the customer's own status,
subscriptions and service credits (another customer's are the same 404 as missing
ones). Read-only: subscribing happens on Stripe's pages, through the website."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from core.api import id_from_route
from tickets.models import Tier
from vip import tier
from vip.access import credit_for_user, credits_of, subscription_for_user, subscriptions_of
from vip.models import Plan, ServiceCredit, Subscription


class PlanSerializer(serializers.ModelSerializer):
    perks = serializers.ListField(source="perk_list", child=serializers.CharField())

    class Meta:
        model = Plan
        fields = [
            "id", "name", "price", "currency", "interval", "guaranteed_minutes", "perks",
            "credit_amount",
        ]  # fmt: skip


class SubscriptionSerializer(serializers.ModelSerializer):
    plan = serializers.CharField(source="plan.name", default=None, read_only=True)

    class Meta:
        model = Subscription
        fields = ["id", "plan", "status", "current_period_end", "cancel_at_period_end"]


class CreditSerializer(serializers.ModelSerializer):
    ticket = serializers.IntegerField(source="ticket_id", read_only=True)
    status_text = serializers.CharField(read_only=True)

    class Meta:
        model = ServiceCredit
        fields = [
            "id", "ticket", "amount", "currency", "status", "status_text", "created_at",
            "applied_at",
        ]  # fmt: skip


class VipStatusSerializer(serializers.Serializer):
    tier = serializers.ChoiceField(choices=Tier.choices)
    is_vip = serializers.BooleanField()
    until = serializers.DateTimeField(allow_null=True)
    guaranteed_minutes = serializers.IntegerField(allow_null=True)
    plan = PlanSerializer(allow_null=True)
    subscription = SubscriptionSerializer(allow_null=True)
    complimentary_until = serializers.DateTimeField(source="grant.until", allow_null=True)
    credits = CreditSerializer(many=True)


class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The VIP plans on offer."""

    queryset = Plan.objects.filter(is_active=True)
    serializer_class = PlanSerializer
    pagination_class = None  # a handful of plans

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=id_from_route(self.kwargs["pk"]))


class VipStatusViewSet(viewsets.GenericViewSet):
    serializer_class = VipStatusSerializer
    pagination_class = None

    @extend_schema(responses=VipStatusSerializer)
    @action(detail=False, methods=["get"])
    def me(self, request):
        """The logged-in customer's tier, plan, subscription, grant and latest credits."""
        return Response(VipStatusSerializer(tier.status_of(request.user)).data)


class SubscriptionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The customer's own subscriptions."""

    queryset = Subscription.objects.none()  # replaced per user by get_queryset
    serializer_class = SubscriptionSerializer

    def get_queryset(self):
        return subscriptions_of(self.request.user)

    def get_object(self):
        return subscription_for_user(self.request.user, id_from_route(self.kwargs["pk"]))


class CreditViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The customer's own service credits, one per missed VIP promise."""

    queryset = ServiceCredit.objects.none()  # replaced per user by get_queryset
    serializer_class = CreditSerializer

    def get_queryset(self):
        return credits_of(self.request.user)

    def get_object(self):
        return credit_for_user(self.request.user, id_from_route(self.kwargs["pk"]))
