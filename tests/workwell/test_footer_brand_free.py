"""The footer is GOV.UK's layout without GOV.UK's brand: the portal is not on GOV.UK and its
content is not Crown copyright, so no crown, no licence logo, no Crown copyright link."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [True, False])
def test_footer_has_a_plain_copyright_line_and_no_crown(client, rm, signed_in):
    if signed_in:
        client.force_login(rm)
    html = client.get("/" if signed_in else "/accounts/login/").content.decode()
    footer = html[html.index('<footer class="govuk-footer') :]
    assert "© WorkWell programme" in footer
    assert "nationalarchives.gov.uk" not in html
    assert "Crown copyright" not in html
    assert "govuk-footer__crown" not in html
    assert "govuk-footer__licence-logo" not in html
    assert 'href="/accessibility/"' in footer or "Accessibility statement" in footer
