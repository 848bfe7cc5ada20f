from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"

    def ready(self):
        from vanguards.selectors.registry import PROFILE_SECTIONS

        from .views.strands import delivery_plan_section

        # The vanguard profile shows the delivery strands (vanguards cannot import reporting).
        if delivery_plan_section not in PROFILE_SECTIONS:
            PROFILE_SECTIONS.append(delivery_plan_section)
