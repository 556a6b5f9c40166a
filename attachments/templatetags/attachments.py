from django import template

from attachments.content import max_megabytes

register = template.Library()
register.simple_tag(max_megabytes, name="attachment_max_mb")
