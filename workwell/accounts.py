"""Sign-in rules: no open sign-up (admins invite people) and single-use invitation links."""

import datetime
import hashlib

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse

INVITATION_SALT = "workwell.accounts.invitation"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False


def _password_fingerprint(user) -> str:
    # The link carries a fingerprint of the current (unusable) password: once the invited person
    # sets a password the fingerprint changes, so the link works only once.
    return hashlib.sha256(user.password.encode()).hexdigest()[:16]


def invitation_token(user) -> str:
    return signing.dumps({"u": user.pk, "p": _password_fingerprint(user)}, salt=INVITATION_SALT)


def invitation_path(user) -> str:
    return reverse("accept_invitation", args=[invitation_token(user)])


def user_for_invitation(token: str):
    """The invited user, or None when the link is unknown, used or older than 7 days."""
    max_age = datetime.timedelta(days=settings.INVITATION_EXPIRY_DAYS)
    try:
        payload = signing.loads(token, salt=INVITATION_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    user = get_user_model().objects.filter(pk=payload.get("u"), is_active=True).first()
    if user is None or payload.get("p") != _password_fingerprint(user):
        return None
    return user
