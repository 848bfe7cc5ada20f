"""/reporting/dashboard/: the national dashboard (a region's for a regional lead), filtered by
quarter, region and cohort group; /reporting/vanguards/<slug>/: one vanguard's dashboard with
its peers as context. Both render from `quarter_figures(quarter)` (a closed quarter's
snapshot) and the user's permissions, and answer `?table=<key>&_export=csv|xlsx` with one
of their tables."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import timezone

from feedback.selectors.disclosure import disclosure_threshold
from vanguards import permissions
from workwell.forms import chooser
from workwell.kept import Drawn, kept
from workwell.tables import export_response, is_export, page_pagination, row_urls

from ..forms.dashboard import DashboardFilterForm, QuarterForm
from ..presenters import dashboard as presenters
from ..presenters.logic import outcomes_table
from ..selectors import dashboard as selectors
from ..selectors.logic import dashboard_logic_outcomes
from ..selectors.snapshots import quarter_figures

# The dashboards' content drawn from their kept results (workwell/kept.py: each is the same
# object until a table it read changes or the minute passes) for what else they show: not on
# every request.
DRAWN = Drawn(16)  # a national page's content is up to about 170 KB


def _export(request, tables: dict, name: str):
    table = tables.get(request.GET.get("table", "vanguards"))
    if table is None:
        raise Http404
    return export_response(table.for_export(), request.GET["_export"], f"{name}-{table.key}")


def _related_links(user) -> list[tuple[str, str]]:
    """The other reporting pages, from the dashboard (the navigation has one Reporting item)."""
    links = [
        ("Quarterly returns", reverse("reporting:returns")),
        ("Funding", reverse("reporting:funding")),
    ]
    if permissions.may_use_reports(user):
        links.append(("Reports", reverse("reporting:reports")))
    if permissions.can_run_reports(user):
        links.append(("Snapshots", reverse("reporting:snapshots")))
    return links


@login_required
def national(request):
    if not permissions.may_view_national_dashboard(request.user):
        raise Http404
    today = timezone.localdate()
    regions, groups = selectors.filter_choices()
    form = chooser(
        DashboardFilterForm,
        request.GET or None,
        quarters=selectors.dashboard_quarters(today),
        default=selectors.default_quarter(today),
        regions=regions,
        groups=groups,
    )
    exporting = is_export(request)
    page = _national_page(
        form.chosen_quarter,
        today=today,
        vanguards=permissions.dashboard_vanguards(request.user),
        scope=permissions.vanguard_scope(request.user),
        region=form.chosen("region"),
        group=form.chosen("cohort_group"),
        small_numbers=permissions.sees_small_numbers(request.user),
        quarter_slug=form.cleaned_quarter_slug,
        # A download lists every vanguard; the page one page of them.
        listed_page=None if exporting else _page_number(request.GET.get("page")),
    )
    if exporting:
        return _export(request, page["tables"], f"dashboard-{form.cleaned_quarter_slug}")
    related = tuple(_related_links(request.user))
    query = request.GET.urlencode()

    def draw() -> str:
        listed = Paginator(range(page["count"]), LISTED_PER_PAGE).get_page(page["listed_page"])
        context = {  # the kept page is shared: read, never changed
            **page,
            "listed": listed,
            "listed_pagination": page_pagination(listed, request, label="Vanguards pages"),
            "related": related,
            "form": form,
            "query": query,
            # The sections written in Python with the download links, which carry the query
            # string (reporting/dashboard/_section.html and _headlines.html are the reference).
            "headlines_html": presenters.headlines_html(page["headlines"]),
            "sections_html": presenters.sections_html(page["sections"], query),
            "contact_sections_html": presenters.sections_html(page["contact_sections"], query),
            "quality_html": presenters.section_html(page["quality"], query),
            "thresholds_html": presenters.thresholds_html(),
        }
        return render_to_string("reporting/dashboard/_national.html", context)

    # Drawn once for each kept page and all else it shows: the address, the chooser as drawn
    # (its choices), the viewer's links and the script prefix.
    key = (query, form.html, related, get_script_prefix())
    context = {"quarter": page["quarter"], "form": form, "content_html": DRAWN(page, key, draw)}
    return render(request, "reporting/dashboard/national.html", context)


# The national dashboard lists this many vanguards a page in its in-work share chart and its
# tables of each vanguard (nationally there are over 200: a 760 KB page, an 11,000 px chart).
LISTED_PER_PAGE = 25


def _page_number(asked: str | None) -> int:
    """`?page=` as a page number: anything but a whole number is the first page (one past
    the last is the last, as Paginator.get_page gives it)."""
    return int(asked) if asked and asked.isdigit() and int(asked) > 0 else 1


def _national_page(
    quarter,
    *,
    today,
    vanguards,
    scope,
    region,
    group,
    small_numbers: bool,
    quarter_slug: str,
    listed_page: int | None,
) -> dict:
    """The national dashboard's figures for `vanguards` (the viewer's rule) in the region and
    cohort group chosen, presented and drawn, their rows listed by page (`listed_page`; None:
    every one, for a download): shared, read only, by everyone whose rule gives
    the same rows and who does or does not see small numbers alike, until a table its figures
    read changes (workwell/kept.py; a closed quarter's are its snapshot's). Drawing the tables
    and charts of 200 vanguards is most of the page's cost. `vanguards`: the viewer's
    `dashboard_vanguards`, made from their vanguard scope alone (`scope`), which keys it."""
    threshold = disclosure_threshold()
    return kept(
        "dashboard.national",
        lambda: (
            scope,
            quarter,
            today,
            region,
            group,
            small_numbers,
            threshold,
            quarter_slug,
            listed_page,
        ),
        lambda: _drawn_national_page(
            quarter_figures(quarter, today=today),
            set(vanguards.values_list("slug", flat=True)),
            region=region,
            group=group,
            small_numbers=small_numbers,
            threshold=threshold,
            quarter_slug=quarter_slug,
            listed_page=listed_page,
        ),
    )


def _drawn_national_page(
    figures, visible, *, region, group, small_numbers, threshold, quarter_slug, listed_page
) -> dict:
    slugs = selectors.dashboard_slugs(figures, visible, region=region, group=group)
    listed = None
    if listed_page is not None:  # the page's vanguards, by name
        by_name = sorted(slugs, key=lambda slug: figures["vanguards"][slug]["name"])
        chosen = Paginator(by_name, LISTED_PER_PAGE).get_page(listed_page)
        listed, listed_page = list(chosen.object_list), chosen.number
    link = row_urls("reporting:vanguard_dashboard")
    page = presenters.national_dashboard(
        figures,
        slugs,
        small_numbers=small_numbers,
        threshold=threshold,
        link=lambda slug: f"{link(slug)}?quarter={quarter_slug}",  # a row each: worked out once
        listed=listed,
    )
    for table in page["tables"].values():
        table.html  # noqa: B018 - drawn now, so that what is kept holds the drawing
    return {
        **page,
        "quarter": figures["quarter"],
        "count": len(slugs),
        "listed_page": listed_page,
        "source": presenters.source_text(figures),
    }


@login_required
def vanguard(request, slug):
    chosen = permissions.get_vanguard_or_404(request.user, slug)
    today = timezone.localdate()
    form = chooser(
        QuarterForm,
        request.GET or None,
        quarters=selectors.dashboard_quarters(today),
        default=selectors.default_quarter(today),
    )
    figures = quarter_figures(form.chosen_quarter, today=today)
    if chosen.slug not in figures["vanguards"]:
        raise Http404  # a stored quarter from before the vanguard existed: nothing to show
    peers = permissions.dashboard_peer_slugs(request.user, chosen)
    threshold = disclosure_threshold()
    small_numbers = permissions.sees_small_numbers(request.user)
    named = permissions.names_dashboard_peers(request.user)

    def presented(*, every_peer: bool) -> dict:
        return presenters.vanguard_dashboard(
            figures,
            chosen.slug,
            selectors.dashboard_slugs(figures, peers | {chosen.slug}),
            small_numbers=small_numbers,
            threshold=threshold,
            named=named,
            every_peer=every_peer,
        )

    if is_export(request):  # a download lists every peer
        tables = presented(every_peer=True)["tables"]
        return _export(request, tables, f"{chosen.slug}-{form.cleaned_quarter_slug}")
    query = request.GET.urlencode()
    national_url = (
        reverse("reporting:dashboard")
        if permissions.may_view_national_dashboard(request.user)
        else ""
    )
    # Its logic model's outcomes (the agreed version's, else the labelled draft).
    outcomes = dashboard_logic_outcomes(user=request.user, vanguard=chosen)

    def draw() -> str:
        context = presented(every_peer=False)
        context.update(
            vanguard=chosen,
            row=figures["vanguards"][chosen.slug],
            figures=figures,
            form=form,
            national_url=national_url,
            # Against the counterfactual: its change beside its matched comparators', stored
            # with the figures (a closed quarter's snapshot froze it).
            comparison_html=presenters.comparison_html(figures, chosen.slug),
            query=query,
            source=presenters.source_text(figures),
            # The sections and the ratings' download links written in Python (the templates
            # reporting/dashboard/_section.html and _downloads.html are the reference).
            sections_html=presenters.sections_html(context["sections"], query, context["drawn"]),
            headlines_html=presenters.headlines_html(context["headlines"]),
            thresholds_html=presenters.thresholds_html(),
            ratings_downloads=presenters.downloads_html(context["tables"]["ratings"], query),
            # Each outcome with the quarter's figure of its measure.
            logic_outcomes=outcomes_table(
                outcomes,
                figures["vanguards"][chosen.slug],
                figures["quarter"],
                small_numbers=small_numbers,
                threshold=threshold,
            ),
        )
        return render_to_string("reporting/dashboard/_vanguard.html", context)

    # Drawn once for each kept quarter's figures and logic model outcomes, and all else it
    # shows: the vanguard, the viewer's peers and how they see them, the address, the chooser
    # as drawn, the link to the programme dashboard and the script prefix.
    key = (
        chosen.slug,
        chosen.name,
        frozenset(peers),
        small_numbers,
        threshold,
        named,
        query,
        form.html,
        national_url,
        get_script_prefix(),
    )
    context = {
        "vanguard": chosen,
        "figures": figures,
        "form": form,
        "content_html": DRAWN.of_each((figures, outcomes), key, draw),
    }
    return render(request, "reporting/dashboard/vanguard.html", context)
