"""What a reader without confidential access may read of the minutes: one rule per
field, used by the meeting page, the printed editions (print, PDF, Word), the review
panel, the history and the public archive alike.

A confidential item shows its number and title (the formal style: the Schedule 12A
wording) and nothing else: not its lead, its state, its points or its actions, nor
the reasons given for amending it. A confidential point is not shown at all.
"""

WITHHELD_NOTE = "Confidential - not for publication."
EXEMPT_NOTE = (
    "Exempt item: the public and press were excluded from the meeting for this item under "
    "Paragraphs 1 and 2 (information relating to an individual, or which is likely to "
    "reveal the identity of an individual) of Part 1 of Schedule 12A to the Local "
    "Government Act 1972."
)
WITHHELD_REASON = "The reason concerns confidential content."


def item_withheld(item, *, with_confidential: bool) -> bool:
    """Whether only the item's number and title may be shown."""
    return item.confidential and not with_confidential


def item_lead(item, *, with_confidential: bool) -> str:
    return "" if item_withheld(item, with_confidential=with_confidential) else item.lead


def withheld_note(item, body, *, with_confidential: bool) -> str:
    """What stands in for a withheld item's content: "" when it is shown."""
    if not item_withheld(item, with_confidential=with_confidential):
        return ""
    return EXEMPT_NOTE if body.is_formal else WITHHELD_NOTE


def point_shown(point, item, *, with_confidential: bool) -> bool:
    return with_confidential or not (point.confidential or item.confidential)


def amendment_reason(amendment, *, with_confidential: bool) -> str:
    """An amendment of confidential content keeps its reason from such readers: the
    reason often repeats what was corrected."""
    if amendment.confidential and not with_confidential:
        return WITHHELD_REASON
    return amendment.reason


def amendment_text_shown(amendment, *, with_confidential: bool) -> bool:
    return with_confidential or not amendment.confidential


# --- Advice (advice/) ------------------------------------------------------------
# Confidential advice is counted in public outputs (the printed minutes' table, the
# "You said, we did" report) and never shown: not its text, addressee, response or
# outcome. Advice raised from a confidential point or item is always confidential.


def advice_shown(advice, *, with_confidential: bool) -> bool:
    return with_confidential or not advice.confidential


def shown_advice(queryset, *, with_confidential: bool):
    """`advice_shown` for a queryset: what is left out is never read from the database."""
    return queryset if with_confidential else queryset.filter(confidential=False)
