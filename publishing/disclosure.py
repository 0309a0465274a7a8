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
# Part 1 of Schedule 12A to the Local Government Act 1972: the descriptions of exempt
# information, as the formal exclusion resolution quotes them.
SCHEDULE_12A = {
    1: "information relating to any individual",
    2: "information which is likely to reveal the identity of an individual",
    3: "information relating to the financial or business affairs of any particular person "
    "(including the authority holding that information)",
    4: "information relating to any consultations or negotiations, or contemplated "
    "consultations or negotiations, in connection with any labour relations matter arising "
    "between the authority or a Minister of the Crown and employees of, or office holders "
    "under, the authority",
    5: "information in respect of which a claim to legal professional privilege could be "
    "maintained in legal proceedings",
    6: "information which reveals that the authority proposes to give under any enactment a "
    "notice by virtue of which requirements are imposed on a person, or to make an order or "
    "direction under any enactment",
    7: "information relating to any action taken or to be taken in connection with the "
    "prevention, investigation or prosecution of crime",
}
PUBLIC_INTEREST_LINE = (
    "The public interest in maintaining the exemption outweighs the public interest in "
    "disclosing the information."
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
    if not body.is_formal:
        return WITHHELD_NOTE
    return exempt_note(item.exempt_paragraphs, tested=bool(item.public_interest_test))


def exempt_note(paragraphs: str, *, tested: bool = False) -> str:
    """The formal wording for an exempt item, naming the paragraphs chosen ("1,2")."""
    numbers = sorted({int(n) for n in paragraphs.split(",") if n.strip().isdigit()})
    numbers = [n for n in numbers if n in SCHEDULE_12A]
    if not numbers:
        return EXEMPT_NOTE
    label = "Paragraph" if len(numbers) == 1 else "Paragraphs"
    which = " and ".join(
        [", ".join(str(n) for n in numbers[:-1]), str(numbers[-1])]
        if len(numbers) > 1
        else [str(numbers[0])]
    )
    what = "; ".join(SCHEDULE_12A[n] for n in numbers)
    note = (
        "Exempt item: the public and press were excluded from the meeting for this item under "
        f"{label} {which} ({what}) of Part 1 of Schedule 12A to the Local Government Act 1972."
    )
    return f"{note} {PUBLIC_INTEREST_LINE}" if tested else note


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
