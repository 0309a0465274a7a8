from pathlib import Path

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError

from operations.backups import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup into an EMPTY database (and media folder), then verify it."

    def add_arguments(self, parser):
        parser.add_argument("source", help="A file written by `manage.py backup`.")

    def handle(self, *args, source, **options):
        path = Path(source)
        if not path.is_file():
            raise CommandError(f"No backup at {path}.")
        try:
            manifest = restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored the {manifest['engine']} backup of {manifest['created_at']} "
            f"({manifest['restored_media']} uploaded files); content hash verified: "
            f"{manifest['content_sha256']}"
        )
        # What the cache keeps is known by row ids and versions, which a restored
        # database gives again to other content (the editor's kept rows, kept pages).
        try:
            cache.clear()
        except Exception as error:  # noqa: BLE001 - any backend's failure is reported
            self.stderr.write(
                f"The shared cache could not be cleared ({error}): clear it before "
                "serving the restored database (docs/operations.md)."
            )
        else:
            self.stdout.write("The shared cache is cleared.")
