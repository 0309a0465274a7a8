from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Rate limits and used one-time codes live in the database cache (settings.CACHES),
    # shared by every worker; `migrate` makes its table so no deploy step is forgotten.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_accounts_invitations_audit_policy")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
