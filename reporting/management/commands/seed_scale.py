"""`seed_scale --vanguards 200 --years 5`: a national programme for the benchmarks.

Bulk inserts in batches, so simple-history rows are NOT written for the seeded records (a
history row per record would double the time and the benchmarks do not read history): a
seeded record's history page shows no changes until someone edits it. Reference data
(regions, themes, the maturity framework) comes from the migrations and the staff sign-ins
from seed_demo's registry, so the demo accounts work here too. The registry and activity are
in ../scale_registry.py and ../scale_activity.py; concerns, events, delivery plans, logic
models and the peer exchange in ../scale_network.py.
"""

import datetime
import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from learning.management.demo_toolkit import seed_toolkit
from vanguards import permissions
from vanguards.models import Vanguard
from workwell.dates import Quarter
from workwell.models import User

from ..demo_snapshots import build_snapshot_now
from ..scale_activity import (
    seed_scale_assessments,
    seed_scale_pulse,
    seed_scale_returns,
    seed_scale_touchpoints,
)
from ..scale_network import (
    seed_scale_concerns,
    seed_scale_events,
    seed_scale_exchange,
    seed_scale_logic_models,
    seed_scale_plans,
)
from ..scale_registry import seed_scale_registry


class Command(BaseCommand):
    help = "Build a national-scale programme (bulk inserts, no history rows) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--vanguards", type=int, default=200)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--seed", type=int, default=13, help="Random seed (repeatable data).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add on top of existing data, and run with DEBUG off (never in production).",
        )

    def handle(self, *args, vanguards, years, seed, force, **options):
        if vanguards < 1 or years < 1:
            raise CommandError("--vanguards and --years must be at least 1.")
        if not force and not settings.DEBUG:
            raise CommandError(
                "seed_scale creates accounts with a known password, so it refuses to run with "
                "DEBUG off. Use --force if this really is a benchmark environment."
            )
        if not force and (Vanguard.objects.exists() or User.objects.exists()):
            raise CommandError(
                "The database already has data. seed_scale builds on a freshly migrated "
                "database; use --force to add the scale data on top."
            )
        rng = random.Random(seed)
        today = timezone.localdate()
        start = Quarter.containing(today)
        for _ in range(4 * years - 1):
            start = start.previous()
        timings = {}
        began = time.perf_counter()
        with transaction.atomic():
            registry = seed_scale_registry(
                vanguards=vanguards,
                start=start.start,
                end=datetime.date(today.year + 2, 3, 31),
                rng=rng,
            )
            timings["registry"] = time.perf_counter() - began
            counts = {
                "vanguards": len(registry.vanguards),
                "cohort groups": len(registry.groups),
                "touchpoints": seed_scale_touchpoints(registry, years=years, today=today, rng=rng),
                "quarterly returns": seed_scale_returns(registry, today=today, rng=rng),
                "self-assessments": seed_scale_assessments(registry, today=today, rng=rng),
            }
            # the pulse survey draws from a stream of its own too, so adding invitations left
            # the rest of the data as it was for the same --seed
            responses, invitations = seed_scale_pulse(
                registry, today=today, rng=rng, own_rng=random.Random(f"{seed} pulse")
            )
            counts |= {
                "pulse invitations": invitations,
                "pulse responses": responses,
                "concerns": seed_scale_concerns(registry, years=years, today=today, rng=rng),
            }
            events, registrations = seed_scale_events(registry, today=today, rng=rng)
            counts |= {
                "events": events,
                "event registrations": registrations,
                "delivery plan activities": seed_scale_plans(registry, today=today, rng=rng),
                "logic model versions": seed_scale_logic_models(registry, today=today, rng=rng),
                "peer-exchange questions": seed_scale_exchange(
                    registry, years=years, today=today, rng=rng
                ),
                # the demo's toolkit versions (a handful, through the services): the toolkit
                # PDF bench needs a published one
                "toolkit versions": len(seed_toolkit({"users": registry.staff})),
            }
        counts["users"] = User.objects.count()
        if connection.vendor == "postgresql":
            # Fresh planner statistics for what was just loaded, as autovacuum would gather in a
            # while: until then PostgreSQL plans against empty tables (a 200-vanguard snapshot
            # took 73 s right after seeding, 3.5 s once analysed).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        # The last closed quarter's snapshot again, now with every vanguard's returns: the homes'
        # and dashboards' figures come from it, and the demo's showed only the demo vanguards.
        # Asked for by an admin: a scheduled build makes a quarter's first snapshot only, so on
        # top of the demo's it would leave the demo's 15 vanguards in place.
        admin = permissions.report_runners().order_by("pk").first()
        build_snapshot_now(Quarter.containing(today).previous(), by=admin)
        elapsed = time.perf_counter() - began
        summary = ", ".join(f"{value:,} {name}" for name, value in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Scale data ready in {elapsed:.0f} s: {summary}."))
