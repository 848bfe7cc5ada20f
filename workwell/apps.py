from django.apps import AppConfig


class WorkwellConfig(AppConfig):
    name = "workwell"
    verbose_name = "WorkWell"
