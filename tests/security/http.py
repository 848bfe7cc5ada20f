"""A small HTTP client for the live-server security checks: urllib only, redirects not followed
(a 302 is an answer to check, not to chase), the cookies of one person, and the proxy's
`X-Forwarded-Proto: https` on every request, as the TLS proxy in front of production sends it
(production's SECURE_PROXY_SSL_HEADER), so the portal answers as it would over HTTPS (HSTS)."""

import re
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from email.message import Message

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Answer:
    status: int
    headers: Message
    body: str

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


@dataclass
class Http:
    base: str
    cookies: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        self._opener = urllib.request.build_opener(_NoRedirects)
        self._lock = threading.Lock()

    def request(self, method: str, path: str, data=None, *, headers=None, raw: bytes = None):
        """One request; data (a dict) is form-encoded, `raw` is sent as it is."""
        body = raw if raw is not None else None
        # Over HTTPS, Django's CSRF check wants a same-origin https Referer.
        referer = "https://" + self.base.split("://", 1)[1] + "/"
        all_headers = {**PROXY_HEADERS, "Referer": referer, **(headers or {})}
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        with self._lock:
            cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if cookie:
            all_headers["Cookie"] = cookie
        request = urllib.request.Request(  # noqa: S310 (the scan's own loopback server)
            self.base + path, data=body, headers=all_headers, method=method
        )
        try:
            with self._opener.open(request, timeout=60) as response:
                answer = Answer(response.status, response.headers, self._text(response))
        except urllib.error.HTTPError as error:
            answer = Answer(error.code, error.headers, self._text(error))
        self._keep_cookies(answer.headers)
        return answer

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post(self, path: str, data: dict, *, token_from: str | None = None, **kwargs) -> Answer:
        """POST with the CSRF token of the form on `token_from` (default: `path` itself)."""
        return self.request(
            "POST", path, {**data, "csrfmiddlewaretoken": self.token(token_from or path)}, **kwargs
        )

    def upload(self, path: str, fields: dict, files: dict[str, tuple[str, bytes]]) -> Answer:
        """POST a multipart form, as a browser sends a file input, with the page's CSRF token."""
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in {**fields, "csrfmiddlewaretoken": self.token(path)}.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, content) in files.items():
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
            )
            parts.append(head.encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        content_type = f"multipart/form-data; boundary={boundary}"
        return self.request(
            "POST", path, raw=b"".join(parts), headers={"Content-Type": content_type}
        )

    def token(self, path: str) -> str:
        page = self.get(path)
        match = CSRF_INPUT.search(page.body)
        assert match, f"no form with a CSRF token on {path} ({page.status})"
        return match.group(1)

    @staticmethod
    def _text(response) -> str:
        return response.read().decode(errors="replace")

    def _keep_cookies(self, headers: Message) -> None:
        for value in headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            with self._lock:
                self.cookies[name.strip()] = rest.split(";", 1)[0]
