from django.core.management.base import BaseCommand

from workwell.page_cache import leap_generation


class Command(BaseCommand):
    help = (
        "Stop sending kept pages again (workwell/page_cache.py): run after changing data "
        "outside Django, such as restoring a backup over the database."
    )

    def handle(self, *args, **options):
        leap_generation()
        self.stdout.write("Kept pages will be rendered afresh.")
