"""The admin's forms for what staff do to tickets besides talking (tickets.staff):
the ticket page's Manage panel (assign, priority, queue, tags, merge), the queue's
bulk actions and the "open a ticket for a customer" page.

The forms only read what was chosen; `apply` calls the one service that decides,
and a refusal comes back as the service's own message."""

from django import forms
from django.contrib.admin.helpers import ActionForm
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tickets import staff
from tickets.errors import InvalidValue
from tickets.models import Priority, Queue, Ticket

KEEP = ""
PERSON, QUEUE = "person", "queue"


def owner_choices(user=None) -> list:
    """The people (`user` first) and the queues a ticket can be given to."""
    you = gettext("%(name)s (you)")
    people = [
        (f"{PERSON}:{p.pk}", you % {"name": name} if p == user else name)
        for p in staff.staff_who_work()
        for name in [p.get_full_name() or p.email]
    ]
    if user is not None:
        people.sort(key=lambda choice: choice[0] != f"{PERSON}:{user.pk}")
    queues = [(f"{QUEUE}:{q.pk}", q.name) for q in Queue.objects.all()]
    return [(gettext("People"), people), (gettext("Queues (waiting, nobody's)"), queues)]


def chosen_owner(value: str) -> dict:
    """The person or queue an owner choice names, as ticket_assign's arguments."""
    kind, _, pk = (value or "").partition(":")
    if kind == PERSON:
        return {"agent": staff.staff_who_work().filter(pk=pk).first()}
    if kind == QUEUE:
        return {"queue": Queue.objects.filter(pk=pk).first()}
    return {}


class AssignForm(forms.Form):
    owner = forms.ChoiceField(label=_("Give to"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owner_choices(user)

    def apply(self, ticket, user) -> str:
        staff.ticket_assign(ticket=ticket, actor=user, **chosen_owner(self.cleaned_data["owner"]))
        if ticket.assignee_id:
            return gettext("Ticket #%(pk)s is now %(name)s's.") % {
                "pk": ticket.pk,
                "name": ticket.assignee.get_full_name(),
            }
        return gettext("Ticket #%(pk)s waits in %(queue)s for a person.") % {
            "pk": ticket.pk,
            "queue": ticket.queue,
        }


class ChangeForm(forms.Form):
    priority = forms.TypedChoiceField(label=_("Priority"), choices=Priority.choices, coerce=int)
    queue = forms.ModelChoiceField(
        Queue.objects.all(), label=_("Queue"), required=False, empty_label=_("(none)")
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas or spaces."),
    )

    @classmethod
    def for_ticket(cls, ticket: Ticket, tag_names):
        return cls(
            initial={
                "priority": ticket.priority,
                "queue": ticket.queue_id,
                "tags": ", ".join(tag_names),
            },
            auto_id="change-%s",
        )

    def apply(self, ticket, user) -> str:
        data = self.cleaned_data
        staff.ticket_change(
            ticket=ticket, actor=user, priority=data["priority"], queue=data["queue"],
            tags=data["tags"],
        )  # fmt: skip
        return gettext("Ticket #%(pk)s is updated.") % {"pk": ticket.pk}


class MergeForm(forms.Form):
    into = forms.IntegerField(label=_("Merge into request #"), min_value=1, max_value=2**63 - 1)

    def apply(self, ticket, user) -> str:
        target = Ticket.objects.filter(pk=self.cleaned_data["into"]).first()
        if target is None:
            raise InvalidValue(
                gettext("There is no ticket #%(pk)s.") % {"pk": self.cleaned_data["into"]}
            )
        staff.ticket_merge(source=ticket, target=target, actor=user)
        return gettext("Ticket #%(pk)s is merged into #%(target)s.") % {
            "pk": ticket.pk,
            "target": target.pk,
        }


# The ticket page's forms, by the action their submit button names.
TICKET_FORMS = {"assign": AssignForm, "change": ChangeForm, "merge": MergeForm}


def bound(action: str, data, user):
    form_class = TICKET_FORMS[action]
    if form_class is AssignForm:
        return form_class(data, user=user)
    return form_class(data)


class BulkForm(ActionForm):
    """The queue's action bar, with what the bulk actions set beside the action."""

    owner = forms.ChoiceField(label=_("Give to"), required=False)
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=[(KEEP, _("Priority…")), *Priority.choices], coerce=int,
        required=False, empty_value=None,
    )  # fmt: skip
    add_tags = forms.CharField(
        label=_("Tags"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("tags to add"), "size": 14}),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [(KEEP, gettext("Give to…")), *owner_choices()]

    def changes(self) -> dict:
        """tickets_bulk_change's arguments for what was chosen."""
        data = self.cleaned_data
        return {
            **chosen_owner(data.get("owner")),
            "priority": data.get("priority"),
            "add_tags": data.get("add_tags") or (),
        }


class OpenForCustomerForm(forms.Form):
    customer = forms.EmailField(label=_("Customer's email"))
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("First message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6})
    )
    internal = forms.BooleanField(
        required=False, label=_("Internal note (the customer does not see it, nor get an email)")
    )
    priority = forms.TypedChoiceField(label=_("Priority"), choices=Priority.choices, coerce=int,
                                      initial=Priority.NORMAL)  # fmt: skip
    queue = forms.ModelChoiceField(
        Queue.objects.all(), label=_("Queue"), required=False, empty_label=_("(none)")
    )
