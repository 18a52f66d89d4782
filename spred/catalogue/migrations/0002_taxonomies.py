"""The fixed vocabularies. Their slugs are part of the open import format; names may be refined
by later data migrations."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "taxonomies.json"
MODELS = {
    "policy_areas": "PolicyArea",
    "technologies": "TechnologyCategory",
    "innovation_types": "InnovationType",
}


def load(apps, schema_editor):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for key, model_name in MODELS.items():
        model = apps.get_model("catalogue", model_name)
        for position, term in enumerate(data[key]):
            model.objects.update_or_create(
                slug=term["slug"],
                defaults={"name": term["name"], "name_en": term["name_en"], "position": position},
            )


def unload(apps, schema_editor):
    for model_name in MODELS.values():
        apps.get_model("catalogue", model_name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
