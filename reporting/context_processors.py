"""The layout every page shares: service navigation for the user's role, phase banner, footer."""

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html

from vanguards import permissions

SERVICE_NAME = "WorkWell National Support Portal"

# The sections after Home and Vanguards, in the order the service navigation shows them.
# Every role sees at most 7 items and "Sign out": all on one row at 1280px wide.
SECTIONS = [
    ("touchpoints", "Touchpoints", "touchpoints:list"),
    ("actions", "Actions", "actions:list"),
    ("support_requests", "Support requests", "support:list"),
    ("maturity", "Maturity", "maturity:results"),
    ("offers", "Support menu", "learning:offers"),
]


def _navigation_items(request):
    user = request.user
    items = [("home", "Home", reverse("reporting:home"))]
    if permissions.may_use_section(user, "vanguards"):
        items.append(("vanguards", "Vanguards", reverse("vanguards:list")))
    if permissions.may_use_section(user, "my_vanguard"):
        vanguard_id = permissions.member_vanguard_id(user)
        if vanguard_id:
            slug = user.vanguard_membership.vanguard.slug
            items.append(("my_vanguard", "Our vanguard", reverse("vanguards:detail", args=[slug])))
    for section, text, url_name in SECTIONS:
        if permissions.may_use_section(user, section):
            items.append((section, text, reverse(url_name)))
    # The Django admin is linked from the admin's home page, not from here: one more item
    # pushed "Sign out" onto a row of its own on a 1280px screen.
    path = request.path
    navigation = []
    for _key, text, href in items:
        active = path == href if href == "/" else path.startswith(href)
        navigation.append({"href": href, "text": text, "active": active, "current": path == href})
    return navigation


def layout(request):
    user = getattr(request, "user", None)
    service_navigation = {"serviceName": SERVICE_NAME, "serviceUrl": "/"}
    if user is not None and user.is_authenticated:
        service_navigation["navigation"] = _navigation_items(request)
        service_navigation["slots"] = {
            "navigationEnd": format_html(
                '<li class="govuk-service-navigation__item app-service-navigation__account">'
                '<form method="post" action="{}" class="app-inline-form">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                '<button type="submit" class="govuk-service-navigation__link app-link-button">'
                'Sign out<span class="govuk-visually-hidden"> {}</span></button></form></li>',
                reverse("account_logout"),
                get_token(request),
                user.email,
            )
        }
    return {
        "service_navigation": service_navigation,
        "phase_banner": {
            "tag": {"text": "Beta"},
            "html": format_html(
                'This is a new service. Tell the National Support Team <a class="govuk-link" '
                'href="mailto:{}">how it could be better</a>.',
                "nst-support@workwell.example",
            ),
        },
        "footer": {
            "meta": {
                "visuallyHiddenTitle": "Support links",
                "items": [
                    {"href": reverse("accessibility"), "text": "Accessibility statement"},
                ],
            },
            "contentLicence": {"text": "WorkWell is a joint DWP and DHSC programme."},
            "copyright": {"text": "© WorkWell programme"},
            "classes": "app-footer",
        },
    }
