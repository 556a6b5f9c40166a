"""django-simple-history's HistoricalRecords, whose own columns (the change's id, time,
reason, kind and author) have translated names, as the model's own fields do: the
admin's History pages read them in the staff member's language."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history import models as simple_history

LABELS = {
    "history_id": _("history id"),
    "history_date": _("history date"),
    "history_change_reason": _("history change reason"),
    "history_type": _("history type"),
    "history_user": _("history user"),
}


class HistoricalRecords(simple_history.HistoricalRecords):
    def get_extra_fields(self, model, fields):
        extra = super().get_extra_fields(model, fields)
        for name, label in LABELS.items():
            if isinstance(extra.get(name), models.Field):
                # The name shown, not a field option: the migrations stay as they are.
                extra[name].verbose_name = label
        return extra
