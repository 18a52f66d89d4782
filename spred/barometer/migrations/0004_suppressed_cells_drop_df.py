"""Clear the degrees of freedom of suppressed cells, before the constraint forbids them (the
next migration). They follow from the number of answers, which a hidden cell must not reveal."""

from django.db import migrations


def clear(apps, schema_editor):
    PublishedEstimate = apps.get_model("barometer", "PublishedEstimate")
    PublishedEstimate.objects.exclude(suppression="").update(df=None)


class Migration(migrations.Migration):
    dependencies = [
        ("barometer", "0003_indicators"),
    ]

    operations = [
        # Nothing to restore: the cleared figures must never have been stored.
        migrations.RunPython(clear, migrations.RunPython.noop),
    ]
