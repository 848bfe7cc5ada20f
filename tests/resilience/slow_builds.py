"""Installed only by tests/resilience/settings.py: every registered document builder first
spends SLOW_DOCUMENT_SECONDS reporting progress, then builds the real document, so a test can
kill its worker part-way through a real build."""

import time

from django.apps import AppConfig
from django.conf import settings


def slowed(build):
    def slow_build(key, progress):
        steps = int(settings.SLOW_DOCUMENT_SECONDS * 4)
        for step in range(steps):
            progress(step * 50 // steps, f"Slowed down for a test, step {step + 1} of {steps}")
            time.sleep(0.25)
        return build(key, progress)

    return slow_build


class SlowBuildsConfig(AppConfig):
    name = "tests.resilience"
    label = "resilience_slow_builds"

    def ready(self):
        from workwell import documents  # after every app's ready() has registered its builders

        if settings.SLOW_DOCUMENT_SECONDS:
            for kind, build in list(documents._BUILDERS.items()):
                documents.register_builder(kind, slowed(build))
