from django.core.management.base import BaseCommand

from search.indexing import rebuild_all


class Command(BaseCommand):
    help = "Index every meeting's minutes again (after a restore, or a change of engine)."

    def handle(self, *args, **options):
        count = rebuild_all()
        self.stdout.write(f"Indexed the minutes of {count} meetings.")
