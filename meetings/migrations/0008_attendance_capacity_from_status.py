"""Attendance recorded before capacities: the minute-taker takes the minutes, everyone
else (present or with apologies) attended as a member; the status stays as it was."""

from django.db import migrations


def set_capacities(apps, schema_editor):
    Attendance = apps.get_model("meetings", "Attendance")
    Attendance.objects.filter(is_minute_taker=True).update(capacity="minute_taker")
    Attendance.objects.filter(is_minute_taker=False).update(capacity="member")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0007_formal_record_fields")]

    operations = [migrations.RunPython(set_capacities, migrations.RunPython.noop)]
