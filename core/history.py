"""django-simple-history's HistoricalRecords, its models and fields named in the reader's
language as the models' own are: the admin's History pages read them in the staff
member's language."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history import models as simple_history_models

from core.i18n import interpolate_lazy

# simple-history's own fields, which it leaves for Django to name from their attributes.
HISTORY_FIELD_NAMES = {
    "history_id": _("history id"),
    "history_date": _("history date"),
    "history_change_reason": _("history change reason"),
    "history_type": _("history type"),
    "history_user": _("history user"),
    "history": _("history"),
    "m2m_history_id": _("m2m history id"),
}


class HistoricalRecords(simple_history_models.HistoricalRecords):
    """simple-history's `HistoricalRecords`, its models and fields named in the reader's
    language: "historical <the model's name>", its own fields (HISTORY_FIELD_NAMES), and
    a many-to-many's rows (a queue's members) by the names of the two sides."""

    def get_meta_options(self, model):
        options = super().get_meta_options(model)
        # Not simple-history's own, which reads the model's name once, at import, in English.
        if not self.user_set_verbose_name:
            options["verbose_name"] = interpolate_lazy(
                _("historical %(name)s"), name=model._meta.verbose_name
            )
        if not self.user_set_verbose_name_plural:
            options["verbose_name_plural"] = interpolate_lazy(
                _("historical %(name)s"), name=model._meta.verbose_name_plural
            )
        return options

    def get_extra_fields(self, model, fields):
        return _named(super().get_extra_fields(model, fields))

    def create_history_m2m_model(self, model, through_model):
        # `model` is the historical model; the setting is the one the through model serves.
        setting = through_model._meta.auto_created
        field = next(
            f for f in setting._meta.many_to_many if f.remote_field.through is through_model
        )
        self._m2m_names = {"model": setting._meta.verbose_name, "field": field.verbose_name}
        self._m2m_setting = setting._meta.model_name
        return super().create_history_m2m_model(model, through_model)

    def get_extra_fields_m2m(self, model, through_model, fields):
        # The through model's two keys: to the setting, and to what it lists.
        for name, copied in fields.items():
            if isinstance(copied, models.ForeignKey):
                side = "model" if name == self._m2m_setting else "field"
                copied.verbose_name = self._m2m_names[side]
        return _named(super().get_extra_fields_m2m(model, through_model, fields))

    def get_meta_options_m2m(self, through_model):
        options = super().get_meta_options_m2m(through_model)
        options["verbose_name"] = interpolate_lazy(
            _("historical %(model)s %(field)s"), **self._m2m_names
        )
        return options


def _named(extra_fields: dict) -> dict:
    for name, label in HISTORY_FIELD_NAMES.items():
        field = extra_fields.get(name)
        if isinstance(field, models.Field) and field.verbose_name is None:
            field.verbose_name = label
    return extra_fields
