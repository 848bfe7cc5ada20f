from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"

    def ready(self):
        from vanguards.selectors.registry import PROFILE_SECTIONS

        from .views.logic import logic_model_section
        from .views.strands import delivery_plan_section

        # The vanguard profile shows the delivery strands and the logic model (vanguards
        # cannot import reporting).
        for section in (delivery_plan_section, logic_model_section):
            if section not in PROFILE_SECTIONS:
                PROFILE_SECTIONS.append(section)

        # The quarterly reports' two files, built by the document pipeline.
        from workwell.documents import register_builder

        from .documents import PDF_KIND, XLSX_KIND, build_report_pdf, build_report_xlsx

        register_builder(PDF_KIND, build_report_pdf)
        register_builder(XLSX_KIND, build_report_xlsx)
