import logging

import redis
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .accounts import user_for_invitation
from .services import invitation_accept

logger = logging.getLogger(__name__)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: database unavailable")
        return False


def _redis_status() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2
        )
        return "ok" if client.ping() else "error"
    except redis.RedisError:
        logger.exception("Health check: Redis unavailable")
        return "error"


@require_GET
@never_cache
def healthz(request):
    """For load balancers: 200 when the database and Redis answer, 503 otherwise."""
    database = "ok" if _database_ok() else "error"
    redis_status = _redis_status()
    healthy = database == "ok" and redis_status != "error"
    return JsonResponse(
        {"status": "ok" if healthy else "error", "database": database, "redis": redis_status},
        status=200 if healthy else 503,
    )


def accessibility_statement(request):
    return render(request, "workwell/accessibility.html")


@never_cache
def accept_invitation(request, token):
    user = user_for_invitation(token)
    if user is None:
        return render(request, "workwell/invitation_invalid.html", status=404)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation_accept(user=user, password=form.cleaned_data["new_password1"])
        messages.success(request, "Your password is set. Sign in with your email address.")
        return redirect("account_login")
    return render(request, "workwell/accept_invitation.html", {"form": form, "invited": user})


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def email_managed_by_pmo(request):
    """Email addresses are sign-in identities that admins manage, so people cannot change
    their own (allauth's email page would let them add unverified addresses)."""
    return render(request, "workwell/email_managed.html")
