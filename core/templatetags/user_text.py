"""What people wrote, shown so that it cannot hide or spoof anything.

`{{ message.body|show_invisible|linebreaksbr }}` escapes the text and puts a visible
marker in place of each invisible or direction-changing character
(`core.unicode_text`); the element around it isolates it from the page
(`<bdi>`, or `class="user-text" dir="auto"`, static/css/user_text.css).
`show_invisible_as_text` is for where no HTML goes, such as the page's <title>."""

from django import template

from core import unicode_text

register = template.Library()

register.filter("show_invisible", unicode_text.show_invisible)
# Safe in, safe out: it only puts "[U+202E]" in place of a character.
register.filter("show_invisible_as_text", unicode_text.show_invisible_as_text, is_safe=True)
