"""What every answer of the live portal must carry, whatever the page and whoever asks."""

from tests.workwell.test_check_deploy import assert_security_headers

HSTS = "max-age=31536000; includeSubDomains; preload"


def assert_secure_answer(answer, what: str) -> None:
    """No server error, and the security headers (the rule of test_check_deploy.py, plus HSTS:
    every request here arrives as the TLS proxy forwards it)."""
    assert answer.status < 500, f"{what}: server error {answer.status}"
    try:
        assert_security_headers(answer.headers)
    except (AssertionError, KeyError) as error:
        raise AssertionError(f"{what}: security headers: {error!r}\n{answer.headers}") from None
    assert answer.header("Strict-Transport-Security") == HSTS, f"{what}: HSTS missing"
