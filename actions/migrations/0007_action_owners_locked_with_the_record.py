"""Who an action asked becomes a declared model (actions.ActionOwner) on the same
table, so that writing its rows directly meets the lock. State only: the table,
its columns and its unique pair are the ones Django made for the field."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0006_action_list_indexes"),
        ("meetings", "0010_point_speakers_locked_with_the_record"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ActionOwner",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "action",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="actions.action",
                            ),
                        ),
                        (
                            "attendance",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="meetings.attendance",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "owner",
                        "verbose_name_plural": "owners",
                        "db_table": "actions_action_owners",
                        "unique_together": {("action", "attendance")},
                    },
                ),
                migrations.AlterField(
                    model_name="action",
                    name="owners",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="actions_owned",
                        through="actions.ActionOwner",
                        to="meetings.attendance",
                        verbose_name="owners",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
