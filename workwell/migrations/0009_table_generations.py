from django.db import migrations


def create_table(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE TABLE IF NOT EXISTS workwell_table_generation"
            " (name text PRIMARY KEY, generation bigint NOT NULL)"
        )


def drop_table(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TABLE IF EXISTS workwell_table_generation")


class Migration(migrations.Migration):
    """Each table's data generation, for the results workwell/kept.py keeps (PostgreSQL
    only): the data generation of the last transaction that wrote to the table."""

    dependencies = [("workwell", "0008_data_generation")]

    operations = [migrations.RunPython(create_table, drop_table)]
