"""The emails of the review: the notice of a circulated draft to each member, and
the news that minutes were signed off or published. They never carry minutes text,
only the meeting, its date, the deadline and the link, since the minutes are
OFFICIAL-SENSITIVE. Sent through iag_portal.emails by the tasks in reviews/tasks.py,
never inside a request."""

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


def send_circulation(circulation: Circulation, *, site: str = "") -> list[str]:
    """Email each recipient who has an address, has not opted out and has not been
    sent this circulation yet (a retry sends only to the rest); record per recipient,
    as each message goes, whether it went. Returns the errors of those not reached
    this time ("" for each sent). Run by reviews.tasks, never in a request."""
    circulation = Circulation.objects.select_related("meeting__body").get(pk=circulation.pk)
    recipients = list(
        circulation.recipients.select_related("person")
        .filter(sent=False)
        .exclude(email="")
        .exclude(person__emails_opted_out=True)
    )

    def record(index: int, error: str) -> None:
        recipient = recipients[index]
        recipient.sent, recipient.error = not error, error
        Recipient.objects.filter(pk=recipient.pk).update(sent=not error, error=error)

    return emails.send(
        [circulation_email(circulation, recipient, site) for recipient in recipients],
        purpose=f"Circulation {circulation.pk}",
        each=record,
    )


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


def send_outcome(
    meeting: Meeting, outcome: str, *, site: str = "", only: list[str] | None = None
) -> list[str]:
    """Tell the reviewers of the last circulation that the minutes they reviewed were
    signed off or published (the same people, minus those opted out; `only` these
    addresses on a retry). Returns the addresses not reached. Run by reviews.tasks."""
    circulation = Circulation.objects.filter(meeting=meeting).select_related("meeting__body").last()
    if circulation is None:
        return []
    meeting = circulation.meeting
    people = [
        r.person
        for r in circulation.recipients.select_related("person")
        if r.person.email
        and not r.person.emails_opted_out
        and (only is None or r.person.email in only)
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
    return [person.email for person, error in zip(people, errors, strict=True) if error]
