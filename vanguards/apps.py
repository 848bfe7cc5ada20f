from django.apps import AppConfig


class VanguardsConfig(AppConfig):
    name = "vanguards"
