"""Seed the programme-theme taxonomy from the reference documents."""

from django.db import migrations
from django.utils.text import slugify

THEMES = [
    ("Leadership and governance", "Senior sponsorship, SRO grip, boards and decision-making."),
    ("Partnership and system working", "ICB, councils, combined authorities, VCSE and employers working as one system."),
    ("Service design and delivery", "Light-touch work and health support designed around people's journeys."),
    ("Data, evaluation and impact", "Shared data, outcome frameworks, KPIs and evidence of what works."),
    ("Programme management", "PMO, plans, risks, reporting and assurance."),
    ("Workforce and skills", "Work and health coaches, training and capability."),
    ("Learning and improvement", "Test and learn, rapid review cycles and continual improvement."),
    ("Lived experience and engagement", "People with lived experience shaping services; two-way engagement."),
    ("Health and employment pathways", "Referral routes joining health, employment and skills support."),
    ("Sustainability and spread", "Funding beyond the pilot, mainstreaming and spreading what works."),
]


def seed(apps, schema_editor):
    ProgrammeTheme = apps.get_model("workwell", "ProgrammeTheme")
    for order, (name, description) in enumerate(THEMES, start=1):
        ProgrammeTheme.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "description": description, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("workwell", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
