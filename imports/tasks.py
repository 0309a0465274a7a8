"""Background work of the importer: reading and importing a big batch of files."""

from django.tasks import task

from imports import batches
from imports.models import ImportBatch


@task
def read_batch(batch_id: int) -> None:
    """The dry run of every file of the batch, for the officer's preview."""
    batches.read_batch(ImportBatch.objects.select_related("body").get(pk=batch_id))


@task
def import_batch(batch_id: int) -> None:
    """Import every file of the batch the officer confirmed."""
    batches.import_batch(ImportBatch.objects.select_related("body", "created_by").get(pk=batch_id))
