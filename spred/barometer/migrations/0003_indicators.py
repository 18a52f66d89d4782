"""Load the publication's indicators from spred/barometer/data/indicators.yaml."""

from django.db import migrations


def load(apps, schema_editor):
    from spred.barometer.indicators import sync_indicators

    sync_indicators(apps.get_model("barometer", "Indicator"))


def unload(apps, schema_editor):
    from spred.barometer.indicators import indicator_definitions

    slugs = [row["slug"] for row in indicator_definitions()]
    Indicator = apps.get_model("barometer", "Indicator")
    # Only indicators nobody has published figures for; published cells keep theirs.
    Indicator.objects.filter(slug__in=slugs, estimates__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("barometer", "0002_workspace")]

    operations = [migrations.RunPython(load, unload)]
