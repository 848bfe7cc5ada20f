from django.apps import AppConfig


class WorkwellConfig(AppConfig):
    name = "workwell"
    verbose_name = "WorkWell"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.core.signals import request_finished, request_started

        from . import kept
        from .middleware import session_signed_in

        user_logged_in.connect(session_signed_in, dispatch_uid="workwell.session_signed_in")
        request_started.connect(kept.request_started, dispatch_uid="workwell.kept.started")
        request_finished.connect(kept.request_finished, dispatch_uid="workwell.kept.finished")
