"""Formatting for the programme's pages."""

import datetime

from django import template

register = template.Library()


@register.filter
def weekday_date(value) -> str:
    """'Wednesday 5 Jan' for a date or an ISO date typed into a row ('' if not a date)."""
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value.strip())
        except ValueError:
            return ""
    if not isinstance(value, datetime.date):
        return ""
    return f"{value:%A} {value.day} {value:%b}"
