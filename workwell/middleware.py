from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect
from django.utils import timezone

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


# Seconds between two writes of a session that only slide its idle expiry (SESSION_COOKIE_AGE).
SESSION_REFRESH_INTERVAL = 60
SESSION_REFRESHED_AT = "workwell_refreshed_at"


def mark_session_refreshed(session) -> None:
    session[SESSION_REFRESHED_AT] = int(timezone.now().timestamp())


def session_signed_in(sender, request, user, **kwargs):
    """Signing in saves the session anyway: the minute starts then (also for a test client's
    force_login, which saves the session without a request going through the middleware)."""
    if request is not None and hasattr(request, "session"):
        mark_session_refreshed(request.session)


class SlidingSessionMiddleware:
    """Slide the session's idle expiry (8 hours, SESSION_COOKIE_AGE) on the requests that use
    it, writing the session row at most once a minute rather than on every request as
    SESSION_SAVE_EVERY_REQUEST did (an UPDATE in its own savepoint on every page). A session
    therefore ends between 8 hours less a minute and 8 hours after its last request.

    Sits just inside SessionMiddleware, which saves a modified session after this has run."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = request.session
        # An empty session (anonymous, or just flushed by signing out) is never created here.
        if session.is_empty():
            return response
        refreshed_at = session.get(SESSION_REFRESHED_AT)
        age = (
            int(timezone.now().timestamp()) - refreshed_at if isinstance(refreshed_at, int) else -1
        )
        # A session saved anyway (a message, a form's state) takes the new time for free.
        if session.modified or not 0 <= age < SESSION_REFRESH_INTERVAL:
            mark_session_refreshed(session)
        return response
