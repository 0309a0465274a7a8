from django.core.management.base import BaseCommand

from members.models import Body
from operations import retention


class Command(BaseCommand):
    help = (
        "Remove what each body's retention policy says: old review comments, the text of "
        "old imports, former members' personal details. Minutes are always kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be removed; change nothing."
        )
        parser.add_argument("--body", help="Only this body (its slug).")

    def handle(self, *args, dry_run=False, body=None, **options):
        policies = retention.policies_by_body()
        bodies = Body.objects.order_by("name")
        if body:
            bodies = bodies.filter(slug=body)
        for each in bodies:
            policy = policies.get(each.pk)
            if policy is None:
                self.stdout.write(f"{each.name}: no retention policy set; nothing removed.")
                continue
            plan = retention.plan(each, policy, policies=policies)
            self.stdout.write("\n".join(plan.lines()))
            if dry_run:
                self.stdout.write("  (dry run: nothing removed)")
            elif not plan.is_empty:
                retention.apply(plan)
                self.stdout.write("  removed.")
