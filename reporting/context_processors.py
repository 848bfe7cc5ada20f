"""The layout every page shares: service navigation for the user's role, phase banner, footer.
Which sections a user sees is decided here; `presenters` turns that into component params."""

from functools import lru_cache

from django.conf import settings
from django.middleware.csrf import get_token
from django.urls import get_script_prefix, get_urlconf, reverse

from vanguards import permissions

from .presenters import home as presenters

# The sections after Home and Vanguards, in the order the service navigation shows them.
# Every role sees at most 7 items and "Sign out": all on one row at 1280px wide.
SECTIONS = [
    ("touchpoints", "Touchpoints", "touchpoints:list"),
    ("actions", "Actions", "actions:list"),
    ("support_requests", "Support requests", "support:list"),
    ("maturity", "Maturity", "maturity:results"),
    # The support menu (/learning/offers/) is one of the parts linked from the Learning home;
    # network partners, with fewer sections, have the toolkit, lessons and menu as their own.
    ("learning", "Learning", "learning:home"),
    ("feedback", "Feedback", "feedback:home"),
    ("reporting", "Reporting", "reporting:dashboard"),
    ("toolkit", "Toolkit", "learning:toolkit"),
    ("lessons", "Lessons learnt", "learning:lessons"),
    ("offers", "Support menu", "offers:list"),
]


@lru_cache(maxsize=64)
def _section_url(url_name: str, script_prefix: str, urlconf) -> str:
    """A section's address: the same for every request of a process (and URLconf), so
    reversed once rather than 7 times on every page."""
    return reverse(url_name, urlconf=urlconf)


def _url(url_name: str) -> str:
    return _section_url(url_name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


def _navigation_items(user) -> list[tuple[str, str]]:
    """(text, href) of each section the user may use, in order."""
    # No "Home" item: the service name links home, and the room is the sections'.
    items = []
    if permissions.may_use_section(user, "vanguards"):
        items.append(("Vanguards", _url("vanguards:list")))
    if permissions.may_use_section(user, "my_vanguard"):
        vanguard_id = permissions.member_vanguard_id(user)
        if vanguard_id:
            slug = user.vanguard_membership.vanguard.slug
            items.append(("Our vanguard", reverse("vanguards:detail", args=[slug])))
    for section, text, url_name in SECTIONS:
        if permissions.may_use_section(user, section):
            items.append((text, _url(url_name)))
    # The Django admin is linked from the admin's home page, not from here: one more item
    # pushed "Sign out" onto a row of its own on a 1280px screen.
    return items


def layout(request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        navigation = presenters.service_navigation(
            _navigation_items(user),
            path=request.path,
            email=user.email,
            csrf_token=get_token(request),
        )
    else:
        navigation = presenters.service_navigation()
    return {
        "service_navigation": navigation,
        "phase_banner": presenters.PHASE_BANNER,
        "footer": presenters.footer(),
    }
