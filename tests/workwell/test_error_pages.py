"""The 404 and 500 pages are the portal's own, in its layout, and say what to do next."""

import pytest

from reporting.views import home as reporting_views


@pytest.mark.django_db
def test_an_unknown_address_is_the_portal_404_page(client, rm):
    client.force_login(rm)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Page not found" in html
    assert 'class="govuk-service-navigation' in html  # the portal's layout, not Django's page


@pytest.mark.django_db
def test_an_unexpected_error_is_the_portal_500_page(client, rm, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(reporting_views.selectors, "home_for", broken)
    client.raise_request_exception = False
    client.force_login(rm)
    response = client.get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">Sorry, there is a problem with the service</h1>' in html
    assert 'class="govuk-service-navigation' in html
    assert "simulated failure" not in html  # nothing of the error leaks to the page
