"""The review's emails, sent by the task worker (`manage.py db_worker`), never in a request."""

from django.tasks import task

from iag_portal import emails
from reviews import notifications
from reviews.models import Circulation


@task
def send_circulation_emails(circulation_pk: int, site: str = "", attempt: int = 1) -> int:
    """Email a circulated draft to its recipients over one connection; those whose
    message failed are tried again in a later round, those sent to never again.
    Returns how many were sent in this round."""
    circulation = Circulation.objects.filter(pk=circulation_pk).first()
    if circulation is None:
        return 0
    errors = notifications.send_circulation(circulation, site=site)
    if any(errors):
        emails.retry_later(
            send_circulation_emails,
            circulation_pk,
            site,
            attempt=attempt,
            purpose=f"Circulation {circulation_pk}",
        )
    return errors.count("")


@task
def send_outcome_emails(
    meeting_pk: int, outcome: str, site: str = "", only: list[str] | None = None, attempt: int = 1
) -> int:
    """Tell the reviewers the minutes were signed off or published; a later round
    goes only to the addresses whose message failed. Returns how many failed."""
    from meetings.models import Meeting

    meeting = Meeting.objects.filter(pk=meeting_pk).first()
    if meeting is None:
        return 0
    failed = notifications.send_outcome(meeting, outcome, site=site, only=only)
    if failed:
        emails.retry_later(
            send_outcome_emails,
            meeting_pk,
            outcome,
            site,
            only=failed,
            attempt=attempt,
            purpose=f"Minutes {meeting_pk} {outcome}",
        )
    return len(failed)
