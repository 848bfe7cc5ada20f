from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from feedback.management.demo_concerns import seed_concerns
from feedback.management.demo_pulse import seed_pulse
from feedback.management.demo_quality import seed_quality
from feedback.management.demo_yousaid import seed_you_said_we_did
from learning.management.demo_consultation import seed_consultation
from learning.management.demo_events import seed_events
from learning.management.demo_exchange import seed_exchange
from learning.management.demo_lessons import seed_lessons
from learning.management.demo_toolkit import seed_toolkit
from maturity.management.demo import seed_maturity
from plans.management.demo_plans import seed_plans
from reporting.management.demo_funding import seed_funding
from reporting.management.demo_logic import seed_logic_models
from reporting.management.demo_returns import seed_returns
from reporting.management.demo_snapshots import seed_snapshots
from vanguards.management.demo import seed_registry
from vanguards.management.demo_support import seed_support
from vanguards.management.demo_touchpoints import seed_touchpoints


class Command(BaseCommand):
    """Lives in the top layer because it gathers every app's demo data."""

    help = "Build a believable demo programme relative to today. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never in production)."
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a known password, so it refuses to run with "
                "DEBUG off. Use --force if this really is a demo environment."
            )
        with transaction.atomic():
            registry = seed_registry()
            seed_touchpoints(registry)
            seed_maturity(registry)
            seed_support(registry)
            seed_events(registry)
            seed_lessons(registry)
            seed_toolkit(registry)
            seed_consultation(registry)
            seed_exchange(registry)
            seed_pulse(registry)
            seed_concerns(registry)
            seed_quality(registry)
            seed_you_said_we_did(registry)
            seed_returns(registry)
            seed_funding(registry)
            seed_snapshots(registry)
            seed_logic_models(registry)
            seed_plans(registry)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(registry['vanguards'])} vanguards, "
                f"{len(registry['groups'])} cohort groups. Sign in with any demo account and "
                "the DEMO_PASSWORD (default workwell-demo)."
            )
        )
