import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backups import BackupError, backup


class Command(BaseCommand):
    help = "Write a consistent, compressed backup of the database and uploaded files."

    def add_arguments(self, parser):
        parser.add_argument(
            "destination",
            nargs="?",
            help="File or folder to write (default: ./backups/iag-portal-<UTC time>.tar.gz).",
        )
        parser.add_argument(
            "--encrypt",
            action="store_true",
            help="Encrypt with the key in IAG_BACKUP_KEY (Fernet).",
        )

    def handle(self, *args, destination=None, encrypt=False, **options):
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        name = f"iag-portal-{stamp}.tar.gz" + (".enc" if encrypt else "")
        target = Path(destination or "backups")
        if target.is_dir() or destination is None or destination.endswith("/"):
            target = target / name
        try:
            manifest = backup(target, encrypt=encrypt)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backed up {manifest['engine']} ({len(manifest['tables'])} tables, "
            f"{manifest['media_files']} uploaded files) to {target}\n"
            f"content hash {manifest['content_sha256']}"
        )
