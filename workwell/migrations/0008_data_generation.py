from django.db import migrations


def create_sequence(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE SEQUENCE IF NOT EXISTS workwell_data_generation")


def drop_sequence(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP SEQUENCE IF EXISTS workwell_data_generation")


class Migration(migrations.Migration):
    """The data generation workwell/page_cache.py keeps pages under (PostgreSQL only)."""

    dependencies = [("workwell", "0007_form_submission")]

    operations = [migrations.RunPython(create_sequence, drop_sequence)]
