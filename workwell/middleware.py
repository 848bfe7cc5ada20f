import logging
import re
import time
import uuid

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from .queueing import QUEUE_DOWN, QueueUnavailable
from .submissions import (
    TOKEN_FIELD,
    submission_claim,
    submission_first_outcome,
    submission_key,
    submission_settle,
)

logger = logging.getLogger(__name__)

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


request_logger = logging.getLogger("workwell.request")

# An incoming X-Request-ID (from the load balancer) is kept only if it is a short plain token:
# anything else (newlines, markup, a kilobyte of text) could forge or flood log lines.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class RequestLogMiddleware:
    """Log every request once: request id, user id and role, route, status and duration.

    Outermost, so the duration covers every other middleware and an unhandled error arrives
    here as Django's 500 response. Never logs the query string, the body, or who the user is
    beyond their id and role. No queries: the user is read only if the view already loaded it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if SAFE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        match = request.resolver_match
        user = getattr(request, "user", None)
        # request.user is a lazy object: reading it when nothing else has would cost the
        # session and user queries, so a page that never looked at the user logs none.
        user = getattr(user, "_wrapped", user)
        signed_in = user is not None and getattr(user, "is_authenticated", False)
        request_logger.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "route": match.route if match else None,
                "view": match.view_name if match else None,
                "user_id": user.pk if signed_in else None,
                "role": user.role if signed_in else None,
                "request_id": request.request_id,
            },
        )
        return response


# Form fields never written back into a page.
NOT_KEPT = (TOKEN_FIELD,)


class ServiceUnavailableMiddleware:
    """When Redis (the task queue and the cache) does not answer a view, the person gets the
    "try again" page with status 503 instead of an error: a POST's fields are kept in the page
    (not passwords or files) with a button that sends them again. Nothing was saved: work is
    queued inside the service's transaction (workwell/queueing.py), so it rolled back.

    Last in MIDDLEWARE, so its process_exception sees the view's exception first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (QueueUnavailable, *QUEUE_DOWN)):
            return None
        logger.warning("Service unavailable: %s", type(exception).__name__, exc_info=exception)
        kept = []
        if request.method == "POST":
            kept = [
                (name, value)
                for name, values in request.POST.lists()
                if name not in NOT_KEPT and "password" not in name
                for value in values
            ]
        context = {
            "again_url": request.get_full_path(),
            "posted": request.method == "POST",
            "kept": kept,
            "files_lost": bool(request.method == "POST" and request.FILES),
        }
        response = render(request, "503.html", context, status=503)
        response["Retry-After"] = "60"
        return response


class SentOnceMiddleware:
    """The same filled-in form is saved once, however often it is sent (workwell/submissions.py):
    a copy is sent where the first went. After CsrfViewMiddleware (a forged form claims
    nothing) and MessageMiddleware (the copy says what happened)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "submission_key", None)
        if key is not None:
            saved = 300 <= response.status_code < 400 and response.has_header("Location")
            submission_settle(key, location=response["Location"] if saved else None)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        key = submission_key(request)
        if key is None:
            return None
        if submission_claim(key):
            request.submission_key = key
            return None
        try:
            location = submission_first_outcome(key)
        except TimeoutError:
            messages.info(request, "This form is still being sent. Check in a moment.")
            return redirect(request.get_full_path())
        if location is None:  # the first was not saved: this one is handled as its own
            request.submission_key = key
            return None
        messages.info(request, "You sent this form more than once. It has been saved once.")
        return redirect(location)
