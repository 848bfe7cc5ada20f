"""Writes for personal API tokens: make one (its secret returned once), revoke one, and note
when one was last used."""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from vanguards import permissions
from workwell.errors import ServiceError

from .models import ApiToken

# What every secret starts with, so a leaked one is recognisable (secret scanners, logs).
SECRET_START = "wwp_"  # noqa: S105 (a marker, not a secret)
PREFIX_LENGTH = 8  # random characters shown for recognition, after SECRET_START
# last_used_at is written at most this often per token: one write a minute, not one a request.
LAST_USED_EVERY = datetime.timedelta(minutes=1)


class ApiTokenError(ServiceError):
    pass


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(token: ApiToken, secret: str) -> bool:
    """Compare in constant time, so the response time says nothing about the hash."""
    return hmac.compare_digest(token.secret_hash, hash_secret(secret))


def prefix_of(secret: str) -> str | None:
    """The prefix a presented secret claims, or None if it is not shaped like one of ours."""
    if not secret.startswith(SECRET_START) or len(secret) < len(SECRET_START) + PREFIX_LENGTH:
        return None
    return secret[len(SECRET_START) : len(SECRET_START) + PREFIX_LENGTH]


def token_create(*, owner, name: str, expires_in_days: int) -> tuple[ApiToken, str]:
    """A new token for `owner` and its secret, which is never stored and cannot be shown
    again."""
    if expires_in_days not in settings.API_TOKEN_EXPIRY_DAYS:
        raise ApiTokenError("Choose how long the token lasts", field="expires_in_days")
    name = name.strip()
    if not name:
        raise ApiTokenError("Enter a name for the token", field="name")
    if not owner.is_active:
        raise ApiTokenError("This account is not active")
    now = timezone.now()
    # Each token has its own rate limit: a cap on live ones keeps a person's allowance bounded.
    live = ApiToken.objects.filter(owner=owner, revoked_at__isnull=True, expires_at__gt=now)
    if live.count() >= settings.API_TOKENS_PER_PERSON:
        raise ApiTokenError(
            f"You have {settings.API_TOKENS_PER_PERSON} tokens that still work, the most you "
            "can have. Revoke one you no longer use, then make the new one."
        )
    # 32 random bytes after the prefix; a clash of prefixes (48 bits) is retried, not shown.
    for _attempt in range(3):
        secret = SECRET_START + secrets.token_urlsafe(32)
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(
                    owner=owner,
                    name=name,
                    prefix=prefix_of(secret),
                    secret_hash=hash_secret(secret),
                    created_at=now,
                    expires_at=now + datetime.timedelta(days=expires_in_days),
                )
        except IntegrityError:
            continue
        return token, secret
    raise ApiTokenError("The token could not be made. Try again.")


def token_revoke(*, token: ApiToken, by) -> ApiToken:
    """Revoke `token` now: its owner their own, an admin anyone's. Revoking twice keeps the
    first time."""
    if not permissions.can_revoke_api_token(by, token):
        raise ApiTokenError("You cannot revoke this token")
    with transaction.atomic():
        claimed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=by
        )
    token.refresh_from_db()
    if not claimed:
        raise ApiTokenError("This token has already been revoked")
    return token


def token_used(*, token: ApiToken) -> None:
    """Note that the token was used, at most once a minute (a conditional update, so two
    requests at once write once)."""
    now = timezone.now()
    if token.last_used_at is not None and token.last_used_at >= now - LAST_USED_EVERY:
        return  # as read with the token: no query at all on most requests
    ApiToken.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_EVERY), pk=token.pk
    ).update(last_used_at=now)
