"""The emails of the review: the notice of a circulated draft to each member, and
the news that minutes were signed off or published. They never carry minutes text,
only the meeting, its date, the deadline and the link, since the minutes are
OFFICIAL-SENSITIVE. Sent through iag_portal.emails."""

from django.core.mail import EmailMessage
from django.urls import reverse

from iag_portal import emails, links
from meetings.models import Meeting
from reviews.models import Circulation, Recipient


def meeting_link(meeting: Meeting, site: str = "") -> str:
    return links.absolute(reverse("meetings:detail", args=[meeting.pk]), site)


def circulation_email(
    circulation: Circulation, recipient: Recipient, site: str = ""
) -> EmailMessage:
    """The notice sent to one member. It never carries minutes text: only the
    meeting, its date, the deadline and the link."""
    meeting = circulation.meeting
    when = f"{meeting.date:%-d %B %Y}"
    revised = (
        f"A revised draft (version {circulation.number}) of the minutes"
        if circulation.number > 1
        else "The draft minutes"
    )
    deadline = (
        f"Please review them by {circulation.deadline:%A %-d %B %Y}: read them, then "
        if circulation.deadline
        else "Please read them, then "
    )
    body = (
        f"Dear {recipient.person.name},\n\n"
        f"{revised} of the {meeting.body.name} meeting of {when} "
        "have been circulated for review. You are receiving this because you are a "
        f"member of {meeting.body.name}.\n\n"
        f"{deadline}approve them, approve them subject to your corrections, or ask "
        "for changes:\n"
        f"{meeting_link(meeting, site)}\n\n"
        "You will need to sign in. The minutes themselves are not sent by email.\n"
    )
    subject = f"Draft minutes for review: {meeting.body.short_name}, {when}"
    if circulation.deadline:
        subject += f" (by {circulation.deadline:%-d %B})"
    return EmailMessage(subject=subject, body=body, to=[recipient.email])


def send_circulation(circulation: Circulation, *, site: str = "") -> int:
    """Email each recipient who has an address and has not opted out; record per
    recipient whether it went. A failure is recorded, never raised: the
    circulation stands."""
    circulation = Circulation.objects.select_related("meeting__body").get(pk=circulation.pk)
    recipients = list(
        circulation.recipients.select_related("person")
        .exclude(email="")
        .exclude(person__emails_opted_out=True)
    )
    errors = emails.send(
        [circulation_email(circulation, recipient, site) for recipient in recipients],
        purpose=f"Circulation {circulation.pk}",
    )
    for recipient, error in zip(recipients, errors, strict=True):
        recipient.sent, recipient.error = not error, error
    Recipient.objects.bulk_update(recipients, ["sent", "error"])
    return errors.count("")


OUTCOMES = {
    "signed": (
        "Minutes agreed: {short}, {when}",
        "The minutes of the {body} meeting of {when} have been approved as a correct "
        "record and signed by the chair. They can no longer be changed except by a "
        "recorded amendment.",
    ),
    "published": (
        "Minutes published: {short}, {when}",
        "The public edition of the minutes of the {body} meeting of {when} has been "
        "published in the public archive.",
    ),
}


def send_outcome(meeting: Meeting, outcome: str, *, site: str = "") -> int:
    """Tell the reviewers of the last circulation that the minutes they reviewed were
    signed off or published (the same people, minus those opted out)."""
    circulation = Circulation.objects.filter(meeting=meeting).select_related("meeting__body").last()
    if circulation is None:
        return 0
    meeting = circulation.meeting
    people = [
        r.person
        for r in circulation.recipients.select_related("person")
        if r.person.email and not r.person.emails_opted_out
    ]
    subject, text = OUTCOMES[outcome]
    words = {
        "short": meeting.body.short_name,
        "body": meeting.body.name,
        "when": f"{meeting.date:%-d %B %Y}",
    }
    messages = [
        EmailMessage(
            subject=subject.format(**words),
            body=f"Dear {person.name},\n\n{text.format(**words)}\n\n"
            f"{meeting_link(meeting, site)}\n",
            to=[person.email],
        )
        for person in people
    ]
    errors = emails.send(messages, purpose=f"Minutes {meeting.pk} {outcome}")
    return errors.count("")
