"""Every label staff and customers read in the admin and the forms goes through Django's
i18n: the apps' and models' names, each field's name, help text and choices, and the
admin's actions, columns and sections. A label written as a plain string reads English
in Swedish and German; this names each one."""

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.utils.functional import Promise

PROJECT = str(settings.BASE_DIR)


def ours(app) -> bool:
    return app.path.startswith(PROJECT) and "site-packages" not in app.path  # not a .venv's


def project_apps():
    return [each for each in apps.get_app_configs() if ours(each)]


def plain(value) -> bool:
    """A text people read that skipped gettext (a lazy translation is a Promise)."""
    return bool(value) and isinstance(value, str) and not isinstance(value, Promise)


def untranslated_model_labels() -> list[str]:
    found = []
    for app in project_apps():
        if plain(app.verbose_name):
            found.append(f"app {app.label}: verbose_name {app.verbose_name!r}")
        for model in app.get_models():
            name = f"{app.label}.{model.__name__}"
            for attribute in ("verbose_name", "verbose_name_plural"):
                if plain(getattr(model._meta, attribute)):
                    found.append(f"{name}: Meta.{attribute}")
            for field in model._meta.get_fields(include_hidden=False):
                if field.auto_created or not hasattr(field, "verbose_name"):
                    continue
                if plain(field.verbose_name):
                    found.append(f"{name}.{field.name}: verbose_name {field.verbose_name!r}")
                if plain(field.help_text):
                    found.append(f"{name}.{field.name}: help_text {field.help_text!r}")
                for _value, label in field.flatchoices or []:
                    if plain(label):
                        found.append(f"{name}.{field.name}: choice {label!r}")
    return found


def untranslated_admin_labels() -> list[str]:
    found = []
    for model, model_admin in admin.site._registry.items():
        if not ours(model._meta.app_config):
            continue
        name = type(model_admin).__name__
        for action in model_admin.actions or []:
            function = getattr(model_admin, action) if isinstance(action, str) else action
            if plain(getattr(function, "short_description", None)):
                found.append(f"{name}: action {function.short_description!r}")
        columns = list(model_admin.list_display) + list(model_admin.readonly_fields)
        for column in columns:
            function = getattr(model_admin, column, None) if isinstance(column, str) else column
            if plain(getattr(function, "short_description", None)):
                found.append(f"{name}: column {function.short_description!r}")
        for title, _options in model_admin.fieldsets or []:
            if plain(title):
                found.append(f"{name}: section {title!r}")
    return found


def test_every_model_label_goes_through_gettext():
    assert untranslated_model_labels() == []


def test_every_admin_label_goes_through_gettext():
    assert untranslated_admin_labels() == []
