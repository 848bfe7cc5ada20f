from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "learning"

    def ready(self):
        from workwell.documents import register_builder

        from .documents import KIND, build_toolkit_pdf

        register_builder(KIND, build_toolkit_pdf)
