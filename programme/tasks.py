"""The programme's emails, sent by the task worker (`manage.py db_worker`), never in a request."""

from django.tasks import task

from iag_portal import emails
from members.models import Body
from programme.models import ProgrammeChange


@task
def notify_programme_change(
    body_pk: int, change_pks: list[int], only: list[str] | None = None, attempt: int = 1
) -> int:
    """Email the body's members one summary of these changes over one connection; a
    later round goes only to the addresses whose message failed. Returns how many
    failed this round."""
    body = Body.objects.filter(pk=body_pk).first()
    if body is None:
        return 0
    changes = list(
        ProgrammeChange.objects.filter(pk__in=change_pks).select_related("meeting__body")
    )
    from programme.services import notify_members

    failed = notify_members(body=body, changes=changes, only=only)
    if failed:
        emails.retry_later(
            notify_programme_change,
            body_pk,
            change_pks,
            only=failed,
            attempt=attempt,
            purpose=f"Programme change of {body.short_name}",
        )
    return len(failed)
