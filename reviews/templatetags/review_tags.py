"""Formatting for the review pages; what they show is built by reviews/panels.py."""

from django import template

from reviews import snapshots

register = template.Library()


@register.filter
def who(user, fallback="someone"):
    """A user's full name, else their username, else `fallback` (a deleted login)."""
    if user is None:
        return fallback
    return user.get_full_name() or user.get_username()


@register.simple_tag
def word_diff(old, new):
    """The word-level difference between two texts, escaped, in <del>/<ins>."""
    return snapshots.word_diff(old, new)
