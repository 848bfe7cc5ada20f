from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"

    def ready(self):
        from workwell.documents import register_builder

        from .documents import PDF_KIND, XLSX_KIND, build_report_pdf, build_report_xlsx

        register_builder(PDF_KIND, build_report_pdf)
        register_builder(XLSX_KIND, build_report_xlsx)
