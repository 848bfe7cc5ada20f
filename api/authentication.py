"""Who is asking: a personal API token in `Authorization: Bearer <secret>`, or a signed-in
browser session for reading (GET, HEAD, OPTIONS).

A token that is unknown, revoked or expired, or whose owner's account is inactive, answers
401 with a JSON error, whatever the endpoint. The API has no unsafe methods, so session
requests never need CSRF; DRF's SessionAuthentication would still enforce it if one were
added.
"""

from django.conf import settings
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .models import ApiToken
from .services import prefix_of, secret_matches, token_used

KEYWORD = "Bearer"
INVALID = "The API token is not valid: it is unknown, revoked or expired. Make a new one on your API tokens page."  # noqa: E501


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer wwp_…` → the token's owner; `request.auth` is the token."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None  # no token: the session (or nothing) decides
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the token as `Authorization: Bearer <token>`, with no spaces in it."
            )
        try:
            secret = header[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(INVALID) from None
        return self.authenticate_credentials(secret)

    def authenticate_credentials(self, secret: str):
        prefix = prefix_of(secret)
        token = (
            ApiToken.objects.select_related("owner").filter(prefix=prefix).first()
            if prefix
            else None
        )
        # One message for every failure, so a caller cannot tell an unknown token from a
        # revoked one; the hashes are compared in constant time.
        if (
            token is None
            or not secret_matches(token, secret)
            or token.revoked_at is not None
            or token.expires_at <= timezone.now()
            or not token.owner.is_active
        ):
            raise exceptions.AuthenticationFailed(INVALID)
        token_used(token=token)
        return token.owner, token

    def authenticate_header(self, request):
        # Makes DRF answer 401 (with WWW-Authenticate), not 403, to a request without a token.
        return f'{KEYWORD} realm="api"'


class ReadOnlySessionAuthentication(authentication.SessionAuthentication):
    """A signed-in browser may read the API (and its documentation page links to it); DRF
    enforces CSRF on any unsafe method, of which the API has none."""


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """How the schema describes the token (drf-spectacular)."""

    target_class = BearerTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token, made on the portal's API tokens page.",
        }


class ReadOnlySessionScheme(OpenApiAuthenticationExtension):
    target_class = ReadOnlySessionAuthentication
    name = "session"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}
