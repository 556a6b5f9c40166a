"""The default help-center articles in Swedish and German (assistant.default_articles_sv,
_de), beside the English ones: same addresses and topics. Only what is missing is
created; no intent changes, so nothing is retrained."""

from django.db import migrations


def install(apps, schema_editor):
    from assistant.defaults import refresh_defaults

    refresh_defaults(apps, {"intents": {}, "articles": {}})


class Migration(migrations.Migration):
    dependencies = [("assistant", "0013_article_language")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
