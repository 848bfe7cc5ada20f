from django.apps import AppConfig


class WorkwellConfig(AppConfig):
    name = "workwell"
    verbose_name = "WorkWell"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import session_signed_in

        user_logged_in.connect(session_signed_in, dispatch_uid="workwell.session_signed_in")
