"""One list of themes per body: advice is tagged with the body's themes (themes/), the
same list that tags points, items and actions. Each advice theme becomes (or joins, by
name) a theme of its body, and the advice and its history follow it."""

import django.db.models.deletion
from django.db import migrations, models


def onto_body_themes(apps, schema_editor):
    OldTheme = apps.get_model("advice", "Theme")
    Theme = apps.get_model("themes", "Theme")
    Advice = apps.get_model("advice", "Advice")
    HistoricalAdvice = apps.get_model("advice", "HistoricalAdvice")
    moved = {}
    for old in OldTheme.objects.all():
        theme, _made = Theme.objects.get_or_create(
            body_id=old.body_id, name=old.name, defaults={"group": old.group}
        )
        moved[old.pk] = theme.pk
    for old_pk, new_pk in moved.items():
        Advice.objects.filter(theme_id=old_pk).update(theme_id=new_pk)
        HistoricalAdvice.objects.filter(theme_id=old_pk).update(theme_id=new_pk)


class Migration(migrations.Migration):
    dependencies = [
        ("advice", "0002_strategy_themes_for_each_body"),
        ("themes", "0001_themes_and_tags"),
    ]

    operations = [
        # The ids are moved while no constraint holds them to either table.
        migrations.AlterField(
            model_name="advice",
            name="theme",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="advice",
                to="advice.theme",
                verbose_name="theme",
            ),
        ),
        migrations.RunPython(onto_body_themes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="historicaladvice",
            name="theme",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="themes.theme",
                verbose_name="theme",
            ),
        ),
        migrations.AlterField(
            model_name="advice",
            name="theme",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="advice",
                to="themes.theme",
                verbose_name="theme",
            ),
        ),
        migrations.RemoveConstraint(model_name="theme", name="advice_theme_unique_name"),
        migrations.RemoveConstraint(model_name="theme", name="advice_theme_has_name"),
        migrations.DeleteModel(name="Theme"),
    ]
