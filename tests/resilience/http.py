"""A signed-in HTTP session against pytest-django's live server, with urllib only: each
Browser has its own cookies (session and CSRF), as separate people in separate browsers."""

import re
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import Cookie, CookieJar, eff_request_host

from django.conf import settings
from django.test import Client

from .services import SCALE

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    def __init__(self, live_server, user):
        self.base = live_server.url
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        client = Client()
        client.force_login(user)  # the session row is stored; only its cookie travels
        self._cookie(
            settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value
        )

    def _cookie(self, name, value):
        # CookieJar matches "localhost" as "localhost.local"
        host = eff_request_host(urllib.request.Request(self.base))[1]  # noqa: S310 (http)
        self.jar.set_cookie(
            Cookie(
                0,
                name,
                value,
                None,
                False,
                host,
                False,
                False,
                "/",
                True,
                False,
                None,
                False,
                None,
                None,
                {},
            )
        )

    def get(self, path) -> tuple[int, str, str]:
        """(status, final URL, body) after following redirects."""
        return self._open(urllib.request.Request(self.base + path))  # noqa: S310 (http)

    def form_token(self, path) -> str:
        _status, _url, html = self.get(path)
        return CSRF_INPUT.search(html).group(1)

    def post(self, path, data, token) -> tuple[int, str, str]:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True)
        request = urllib.request.Request(  # noqa: S310 (the live server's http URL)
            self.base + path, data=body.encode(), headers={"Referer": self.base + path}
        )
        return self._open(request)

    def post_form(self, path, fields: list[tuple[str, str]]) -> tuple[int, str, str]:
        """POST a page's own fields as they are (its CSRF token among them)."""
        body = urllib.parse.urlencode(fields)
        request = urllib.request.Request(  # noqa: S310 (the live server's http URL)
            self.base + path, data=body.encode(), headers={"Referer": self.base + path}
        )
        return self._open(request)

    def _open(self, request):
        try:
            with self.opener.open(request, timeout=30 * SCALE) as response:
                return response.status, response.url, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.url, error.read().decode(errors="replace")
