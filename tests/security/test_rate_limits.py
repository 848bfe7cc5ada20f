"""allauth's sign-in limits hold over real HTTP against gunicorn with several workers (the
counters live in Redis, shared by every worker): five wrong passwords, or five wrong
authenticator codes, and even the right one is refused (tests/workwell/test_sign_in.py and
test_mfa.py check the same in-process). Each check first shows that the right answer gets in
when nothing was guessed, so a refusal is the limit's doing."""

import json
import os

from tests.security.http import Http
from tests.workwell.test_mfa import AUTHENTICATE_PATH, current_code

with open(os.environ["SECURITY_TARGETS"]) as _handle:
    TARGETS = json.load(_handle)

LOGIN = "/accounts/login/"
LOCKED_OUT = "Too many failed login attempts"


def sign_in(email: str, password: str, browser: Http | None = None):
    browser = browser or Http(os.environ["SECURITY_BASE_URL"])
    return browser, browser.post(LOGIN, {"login": email, "password": password})


def signed_in(browser: Http) -> bool:
    return browser.get("/").status == 200


def test_five_wrong_passwords_lock_the_account_out(fresh_rate_limits):
    email, password = TARGETS["emails"]["rm"], TARGETS["password"]
    browser, answer = sign_in(email, password)
    assert answer.status == 302 and signed_in(browser)

    for _ in range(5):
        _browser, answer = sign_in(email, "not-the-password")
        assert answer.status == 200 and LOCKED_OUT not in answer.body

    browser, answer = sign_in(email, password)
    assert answer.status == 200 and LOCKED_OUT in answer.body
    assert not signed_in(browser)


def test_five_wrong_authenticator_codes_lock_the_sign_in_out(fresh_rate_limits):
    email, secret = TARGETS["mfa"]["email"], TARGETS["mfa"]["secret"]
    browser, answer = sign_in(email, TARGETS["password"])
    assert answer.status == 302 and answer.header("Location").endswith(AUTHENTICATE_PATH)
    answer = browser.post(AUTHENTICATE_PATH, {"code": current_code(secret)})
    assert answer.status == 302 and signed_in(browser)

    browser, answer = sign_in(email, TARGETS["password"])
    for _ in range(5):
        answer = browser.post(AUTHENTICATE_PATH, {"code": "000000"})
        assert answer.status == 200 and LOCKED_OUT not in answer.body

    answer = browser.post(AUTHENTICATE_PATH, {"code": current_code(secret)})
    assert answer.status == 200 and LOCKED_OUT in answer.body
    assert not signed_in(browser)
