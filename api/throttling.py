"""Rate limits: each API token has its own allowance (REST_FRAMEWORK's "token" rate, 120
requests a minute unless API_RATE_LIMIT says otherwise), counted in the shared Redis cache so
every web worker counts the same requests. A browser session is counted per user. Over the
limit: 429 with Retry-After (DRF's Throttled)."""

from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    scope = "token"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            return None  # refused before this runs (401); nothing to count
        return self.cache_format % {"scope": self.scope, "ident": ident}
