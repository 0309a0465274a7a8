"""Background work of the actions register (Django's tasks framework; `manage.py db_worker`)."""

from django.tasks import task

from actions import exports
from actions.models import RegisterExport


@task
def write_register_export(export_pk: int) -> None:
    """Write a large register's CSV to storage (actions/exports.py)."""
    export = RegisterExport.objects.select_related("created_by").filter(pk=export_pk).first()
    if export is not None:
        exports.write_export(export)
