"""Every word a person reads in a template goes through {% translate %} or
{% blocktranslate %}: a template that gains an untranslated string fails here, naming
the file, the line and the text. (The assistant's templates are its own: assistant/.)"""

from django.conf import settings

from core.tests.untranslated import template_files, untranslated_text


def test_no_template_shows_text_outside_a_translation_tag():
    found = [
        f"{path.relative_to(settings.BASE_DIR)}:{line}: {text}"
        for path in template_files(settings.BASE_DIR)
        for line, text in untranslated_text(path.read_text())
    ]

    assert found == []


def test_the_check_sees_text_attributes_and_variables_between_words():
    source = """{% load i18n %}
<h1>Welcome back</h1>
<p>{% translate "Fine" %} <a href="/x" title="Open it">{% translate "x" %}</a></p>
<input placeholder="{% translate 'Fine too' %}" aria-label="Your {{ thing }}">
<p>Due {{ date }}</p>
{% blocktranslate %}Also fine {{ name }}{% endblocktranslate %}
{% comment %}Not shown{% endcomment %}<script>const notText = "Hello";</script>"""

    found = untranslated_text(source)

    assert [text for _line, text in found] == [
        'title="Open it"',
        'aria-label="Your {{}}"',
        "Welcome back",
        "Due",
    ]
    assert [line for line, _text in found] == [3, 4, 2, 5]


def test_the_templates_checked_include_every_apps_but_the_assistants():
    files = {str(path.relative_to(settings.BASE_DIR)) for path in template_files(settings.BASE_DIR)}

    assert "templates/base.html" in files
    assert "twofactor/templates/twofactor/verify.html" in files
    assert not any(name.startswith("assistant/") for name in files)
