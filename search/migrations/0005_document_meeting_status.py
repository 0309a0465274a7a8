"""Each document carries its meeting's status, so the permission filter tests the row
itself (members.permissions' rules on the document) instead of scanning every meeting
for the published ones on each search."""

from django.db import migrations, models

FILL = (
    "UPDATE search_searchdocument SET status = ("
    "SELECT status FROM meetings_meeting WHERE meetings_meeting.id = search_searchdocument.meeting_id)"
)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_newest_first_index")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="status",
            field=models.CharField(
                choices=[
                    ("scheduled", "Scheduled"),
                    ("draft", "Draft minutes"),
                    ("circulated", "Circulated for review"),
                    ("approved", "Approved"),
                    ("published", "Published"),
                    ("cancelled", "Cancelled"),
                ],
                default="scheduled",
                max_length=12,
                verbose_name="meeting status",
            ),
            preserve_default=False,
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
