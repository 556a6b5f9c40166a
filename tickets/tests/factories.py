import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from tickets.models import Message, Queue, Ticket


class QueueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Queue

    name = factory.Sequence(lambda n: f"Queue {n}")


class TicketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ticket

    customer = factory.SubFactory(UserFactory)
    subject = "Where is my refund?"
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyFunction(timezone.now)


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    ticket = factory.SubFactory(TicketFactory)
    seq = factory.Sequence(lambda n: n + 1)
    author_kind = Message.Author.CUSTOMER
    body = "Hello"
