"""Fill Organisation.sort_key for rows saved before the field existed (data migration)."""

from django.db import migrations


def fill(apps, schema_editor):
    from spred.organisations.identifiers import danish_sort_key

    Organisation = apps.get_model("organisations", "Organisation")
    for organisation in Organisation.objects.only("pk", "name").iterator():
        Organisation.objects.filter(pk=organisation.pk).update(
            sort_key=danish_sort_key(organisation.name)
        )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0002_organisation_sort_key")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
