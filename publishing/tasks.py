"""Background work of the printed minutes (Django's tasks framework; `manage.py db_worker`)."""

from django.tasks import task

from publishing import stored


@task
def render_agreed_minutes(meeting_pk: int, version: int) -> int:
    """Render and store the PDF and Word files of both editions of one version of
    agreed minutes (publishing/stored.py); returns how many files were stored."""
    return stored.render(meeting_pk, version)
