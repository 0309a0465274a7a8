"""Mark the item that reviews the previous minutes, which was found by its title until now."""

import re

from django.db import migrations

TITLE = re.compile(r"^\s*(previous|matters arising)", re.IGNORECASE)


def mark(apps, schema_editor):
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    StandardItem = apps.get_model("members", "StandardItem")
    marked = set()
    for item in AgendaItem.objects.order_by("meeting_id", "order", "id"):
        if item.meeting_id not in marked and TITLE.match(item.title):
            AgendaItem.objects.filter(pk=item.pk).update(kind="previous_minutes")
            marked.add(item.meeting_id)
    bodies = set()
    for item in StandardItem.objects.order_by("body_id", "order", "id"):
        if item.body_id not in bodies and TITLE.match(item.title):
            StandardItem.objects.filter(pk=item.pk).update(kind="previous_minutes")
            bodies.add(item.body_id)


def unmark(apps, schema_editor):
    apps.get_model("meetings", "AgendaItem").objects.update(kind="business")
    apps.get_model("members", "StandardItem").objects.update(kind="business")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_item_kind"),
        ("members", "0004_item_kind"),
    ]

    operations = [migrations.RunPython(mark, unmark)]
