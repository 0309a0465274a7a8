"""The emails of the review: the notice of a circulated draft to each member.
They never carry minutes text, only the meeting, its date and the link, since the
minutes are OFFICIAL-SENSITIVE. Sent through iag_portal.emails."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse

from iag_portal import emails
from meetings.models import Meeting
from reviews.models import Circulation, Recipient


def meeting_link(meeting: Meeting) -> str:
    return settings.SITE_URL + reverse("meetings:detail", args=[meeting.pk])


def circulation_email(circulation: Circulation, recipient: Recipient) -> EmailMessage:
    """The notice sent to one member. It never carries minutes text: only the
    meeting, its date and the link, since the minutes are OFFICIAL-SENSITIVE."""
    meeting = circulation.meeting
    when = f"{meeting.date:%-d %B %Y}"
    revised = (
        f"A revised draft (version {circulation.number}) of the minutes"
        if circulation.number > 1
        else "The draft minutes"
    )
    body = (
        f"Dear {recipient.person.name},\n\n"
        f"{revised} of the {meeting.body.name} meeting of {when} "
        "have been circulated for review.\n\n"
        "Please read them, then approve them or ask for a correction:\n"
        f"{meeting_link(meeting)}\n\n"
        "You will need to sign in. The minutes themselves are not sent by email.\n"
    )
    return EmailMessage(
        subject=f"Draft minutes for review: {meeting.body.short_name}, {when}",
        body=body,
        to=[recipient.email],
    )


def send_circulation(circulation: Circulation) -> int:
    """Email each recipient who has an address; record per recipient whether it
    went. A failure is recorded, never raised: the circulation stands."""
    circulation = Circulation.objects.select_related("meeting__body").get(pk=circulation.pk)
    recipients = list(circulation.recipients.select_related("person").exclude(email=""))
    errors = emails.send(
        [circulation_email(circulation, recipient) for recipient in recipients],
        purpose=f"Circulation {circulation.pk}",
    )
    for recipient, error in zip(recipients, errors, strict=True):
        recipient.sent, recipient.error = not error, error
    Recipient.objects.bulk_update(recipients, ["sent", "error"])
    return errors.count("")
