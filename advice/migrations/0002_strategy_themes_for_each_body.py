"""Give each existing body the partnership strategy's themes (seeds/004), so advice can be
tagged from the start. New bodies get theirs in the admin; reversing removes only
unused themes of these names."""

from django.db import migrations

STRATEGY_THEMES = [
    ("Vulnerable Communities and Individuals", "Domestic violence and abuse"),
    ("Vulnerable Communities and Individuals", "Serious violence"),
    ("Vulnerable Communities and Individuals", "Modern slavery"),
    ("Neighbourhoods", "Anti-social behaviour"),
    ("Neighbourhoods", "Acquisitive crime"),
    ("Cohesive and Resilient Communities", "Community cohesion"),
    ("Other priorities", "Hate crime"),
    ("Other priorities", "Prevent"),
    ("Other priorities", "FGM, HBV and forced marriage"),
    ("Other priorities", "Stop and search"),
]


def add_themes(apps, schema_editor):
    Body = apps.get_model("members", "Body")
    Theme = apps.get_model("advice", "Theme")
    for body in Body.objects.all():
        for group, name in STRATEGY_THEMES:
            Theme.objects.get_or_create(body=body, name=name, defaults={"group": group})


def remove_unused_themes(apps, schema_editor):
    Theme = apps.get_model("advice", "Theme")
    names = [name for _group, name in STRATEGY_THEMES]
    Theme.objects.filter(name__in=names, advice__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("advice", "0001_advice_and_themes"),
        ("members", "0004_item_kind"),
    ]

    operations = [migrations.RunPython(add_themes, remove_unused_themes)]
