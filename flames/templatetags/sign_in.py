from django import template

from flames.guard.sign_in import limits_note

register = template.Library()


@register.simple_tag
def sign_in_limits() -> str:
    return limits_note()
