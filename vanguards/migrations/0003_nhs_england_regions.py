"""The seven NHS England regions."""

from django.db import migrations
from django.utils.text import slugify

REGIONS = [
    "East of England",
    "London",
    "Midlands",
    "North East and Yorkshire",
    "North West",
    "South East",
    "South West",
]


def seed(apps, schema_editor):
    Region = apps.get_model("vanguards", "Region")
    for name in REGIONS:
        Region.objects.get_or_create(slug=slugify(name), defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("vanguards", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
