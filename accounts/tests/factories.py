"""Factories for accounts' models, shared by every app's tests."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import Instalment, Purchase, Refund, User

TEST_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"customer{n}@example.com")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def saved(user, create, extracted, **kwargs):
        if create:
            user.save()


class PurchaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Purchase

    customer = factory.SubFactory(UserFactory)
    reference = factory.Sequence(lambda n: f"P-{n:06d}")
    merchant = "Zalando"
    description = "Winter boots"
    amount = Decimal("100.00")
    currency = "EUR"
    purchased_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=20))


class InstalmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instalment

    purchase = factory.SubFactory(PurchaseFactory)
    number = factory.Sequence(lambda n: n + 1)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))
    amount = Decimal("25.00")
    status = Instalment.Status.SCHEDULED


class RefundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Refund

    purchase = factory.SubFactory(PurchaseFactory)
    amount = Decimal("40.00")
    reason = "Item returned"
    status = Refund.Status.PROCESSING
    requested_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
    expected_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
