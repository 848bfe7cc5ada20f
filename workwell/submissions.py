"""The guard against the same form being saved twice (double clicks, a form sent again from
the browser's history, a "Try again" pressed twice), for every form at once.

Each page render carries a new CSRF token, so a sent form's path and fields (the token among
them) identify one filled-in form. The first request to send it claims a unique row; the view
runs; a redirect (the portal's answer to a saved form) keeps the row with where it led, any
other answer (errors to correct, a refusal, a failure) deletes it so the form can be sent
again. A second copy waits for the first to finish and is sent where the first went, with
nothing saved twice; if the first was not saved, the copy is handled as a form of its own.
Requests without a CSRF token field (the test client, scripts) are not guarded."""

import hashlib
import time
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from .models import FormSubmission

TOKEN_FIELD = "csrfmiddlewaretoken"  # noqa: S105 - a field name
WAIT_FOR_FIRST = 20  # seconds a copy waits for the first request to finish
KEEP_FOR = timedelta(days=1)
# FormSubmission's row (workwell.models), inserted unless its key is there already.
CLAIM = """INSERT INTO "workwell_formsubmission" ("key", "location", "created_at")
    VALUES (%s, %s, %s) ON CONFLICT ("key") DO NOTHING"""


def submission_key(request) -> str | None:
    """The filled-in form's key, or None when the request carries no form token."""
    if request.method != "POST" or TOKEN_FIELD not in request.POST:
        return None
    digest = hashlib.sha256(request.path.encode())
    for name, values in sorted(request.POST.lists()):
        for value in values:
            digest.update(b"\0" + name.encode() + b"=" + value.encode())
    for name, files in sorted(request.FILES.lists()):
        for upload in files:
            digest.update(f"\0{name}:{upload.name}:{upload.size}".encode())
    return digest.hexdigest()


def submission_claim(key: str) -> bool:
    """Claim the form for this request; False when another request has it.

    One statement, on every form sent: ON CONFLICT DO NOTHING says "taken" (no row inserted)
    where an INSERT's IntegrityError needed a transaction of its own (three statements) or a
    savepoint inside one."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(CLAIM, [key, "", now])
        return cursor.rowcount == 1


# Where a saved form led, kept for its copies; a form not saved is let go, to be sent again.
SETTLE = 'UPDATE "workwell_formsubmission" SET "location" = %s WHERE "key" = %s'
LET_GO = 'DELETE FROM "workwell_formsubmission" WHERE "key" = %s'


def submission_settle(key: str, *, location: str | None) -> None:
    """The first request has finished: keep where a saved form led, or let it be sent again.
    One statement each, written out as CLAIM is: on every form sent, the ORM's building of
    the update was most of what the guard cost."""
    with connection.cursor() as cursor:
        if location:
            cursor.execute(SETTLE, [location, key])
        else:
            cursor.execute(LET_GO, [key])


def submission_first_outcome(key: str) -> str | None:
    """For a copy: wait for the first request, then the location it led to, or None once this
    request holds the claim itself (the first was not saved). TimeoutError if it never ends."""
    deadline = time.monotonic() + WAIT_FOR_FIRST
    while time.monotonic() < deadline:
        location = FormSubmission.objects.filter(key=key).values_list("location", flat=True)
        found = list(location)
        if found and found[0]:
            return found[0]
        if not found and submission_claim(key):
            return None
        time.sleep(0.1)
    raise TimeoutError(key)


def submissions_forget(*, now=None) -> int:
    """Delete the keys of forms sent more than a day ago (daily)."""
    now = now or timezone.now()
    deleted, _ = FormSubmission.objects.filter(created_at__lt=now - KEEP_FOR).delete()
    return deleted
