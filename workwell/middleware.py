from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect

# Paths a signed-in user can reach before setting up two-factor sign-in.
MFA_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/healthz", "/accessibility")


class RequireMFAMiddleware:
    """When REQUIRE_MFA is on, NST and programme roles must set up TOTP before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.REQUIRE_MFA
            and user.is_authenticated
            and user.requires_mfa
            and not request.path.startswith(MFA_EXEMPT_PREFIXES)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)
