"""Email the owners of open actions due soon. Safe to run daily (or more often):
each action is reminded of once per due date."""

from django.core.management.base import BaseCommand, CommandError

from actions.services import send_action_reminders


class Command(BaseCommand):
    help = (
        "Email each owner of an open action due within --days days (default 7), "
        "once per action and due date. Meant for a daily timer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=7, help="Remind of actions due within this many days."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would be emailed; send nothing."
        )

    def handle(self, *args, days, dry_run, **options):
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        result = send_action_reminders(days=days, dry_run=dry_run)
        verb = "Would email" if dry_run else "Emailed"
        for action, addresses in result.sent:
            self.stdout.write(
                f"{verb} {len(addresses)} owner(s) of action {action.pk} due {action.due_date}"
            )
        for action in result.no_address:
            self.stdout.write(
                self.style.WARNING(
                    f"Action {action.pk} due {action.due_date}: no owner has an email address"
                )
            )
        for action, error in result.failed:
            self.stderr.write(f"Action {action.pk}: the reminder could not be sent ({error}).")
        self.stdout.write(
            f"{len(result.sent)} reminder(s) {'to send' if dry_run else 'sent'}, "
            f"{result.already_sent} already sent, {len(result.no_address)} without an address"
            + (
                f", {len(result.failed)} failed (retried on the next run)."
                if result.failed
                else "."
            )
        )
        if result.failed:
            # Non-zero for the timer's logs, after every other reminder went out.
            raise CommandError(f"{len(result.failed)} reminder(s) could not be sent.")
