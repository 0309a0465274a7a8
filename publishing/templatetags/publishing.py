from django import template
from django.urls import reverse

from publishing.editions import Edition, may_read

register = template.Library()


@register.simple_tag(takes_context=True)
def minutes_editions(context, meeting):
    """[(edition, print url, pdf url, docx url)] of the editions the user may read."""
    user = context["request"].user
    return [
        {
            "edition": edition,
            "print_url": reverse(f"publishing:{edition}_print", args=[meeting.pk]),
            "pdf_url": reverse(f"publishing:{edition}_pdf", args=[meeting.pk]),
            "docx_url": reverse(f"publishing:{edition}_docx", args=[meeting.pk]),
        }
        for edition in Edition
        if may_read(user, meeting, edition)
    ]
