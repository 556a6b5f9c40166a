"""Each installed app's module of a given name (`export`, `roles`, `erasure`): how a
lower app gathers what the apps above it provide without importing them."""

import importlib
from collections.abc import Iterator
from types import ModuleType

from django.apps import apps


def app_modules(name: str) -> Iterator[tuple[str, ModuleType]]:
    """`(app name, module)` for each installed app that has `<app>.<name>`, in the
    order the apps are installed. An error inside such a module is raised, not
    taken for its absence."""
    for app_config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{app_config.name}.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"{app_config.name}.{name}":
                raise
            continue
        yield app_config.name, module
