"""Who spoke to a point becomes a declared model (meetings.PointSpeaker) on the same
table, so that writing its rows directly meets the lock. State only: the table,
its columns and its unique pair are the ones Django made for the field."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0009_merge_20261201_1328"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PointSpeaker",
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
                            "attendance",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="meetings.attendance",
                            ),
                        ),
                        (
                            "point",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="meetings.point",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "speaker",
                        "verbose_name_plural": "speakers",
                        "db_table": "meetings_point_speakers",
                        "unique_together": {("point", "attendance")},
                    },
                ),
                migrations.AlterField(
                    model_name="point",
                    name="speakers",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="points_spoken",
                        through="meetings.PointSpeaker",
                        to="meetings.attendance",
                        verbose_name="speakers",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
