"""Display-only shaping of home-page data into GOV.UK component params (no queries here)."""

import functools
import html

from django.core.paginator import Paginator
from django.urls import get_script_prefix, reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from markupsafe import escape

from vanguards.models import Vanguard
from workwell.dates import govuk_date
from workwell.govuk import NotNumeric, indent, render_component, table_from_cells
from workwell.kept import Drawn
from workwell.tables import page_pagination, urls_for

from ..selectors.home import HomeScope
from ..selectors.tasks import TaskStatus

# What Django's `escape` writes for a str, without its lazy-argument check (a few calls a
# value): for the values written into the homes' rows, all str.
_escape = html.escape

# What the homes draw from their kept results (workwell/kept.py: each is the same object until
# a table it read changes or the minute passes): drawn once for each result, address (the
# pagination's links keep its other values) and script prefix, not on every request.
DRAWN = Drawn(64)


def _drawn(result, name: str, request, draw):
    return DRAWN(result, (name, request.GET.urlencode(), get_script_prefix()), draw)


HOME_HEADINGS = {
    HomeScope.ALL: "Vanguards",
    HomeScope.OWN_GROUPS: "Your vanguards",
    HomeScope.REGION: "Vanguards in your region",
    HomeScope.OWN_VANGUARD: "Your vanguard",
}


# The admin's registry buttons, as home.html wrote them with {% url %} and {% govuk "button" %}.
_REGISTRY_BUTTONS = (
    ("Invite someone", "vanguards:invite", ""),
    ("Add a vanguard", "vanguards:create", "govuk-button--secondary"),
    ("Organisations", "vanguards:organisations", "govuk-button--secondary"),
    ("Cohort groups", "vanguards:groups", "govuk-button--secondary"),
    ("API tokens", "api_tokens:everyone", "govuk-button--secondary"),
)


def _button(text: str, route: str, classes: str = "") -> SafeString:
    params = {"text": text, "href": reverse(route)}
    if classes:
        params["classes"] = classes
    return render_component("button", params)


@functools.cache
def registry_buttons() -> SafeString:
    """The same for every admin and every request: built once per process."""
    buttons = "\n  ".join(_button(*button) for button in _REGISTRY_BUTTONS)
    return mark_safe(f'<div class="govuk-button-group">\n  {buttons}\n</div>')  # noqa: S308


# The homes' links to other pages, as home.html wrote them with {% url %}.
_LINKS = {
    "admin": "admin:index",
    "return_due_dates": "reporting:return_due_dates",
    "returns_upload": "reporting:returns_upload",
    "dashboard": "reporting:dashboard",
    "lessons": "learning:lessons",
    "partners": "learning:partners",
    "concerns": "feedback:concerns",
    "programme_plan": "plans:programme_plan",
    "vanguards": "vanguards:list",
    "api_docs": "api:docs",
    "api_tokens": "api_tokens:list",
}


@functools.cache
def home_links() -> dict[str, str]:
    """The same for every home and every request: reversed once per process (each reverse
    walks the URL resolver, and a home wrote five to eight of them)."""
    return {key: reverse(route) for key, route in _LINKS.items()}


@functools.cache
def log_touchpoint_button() -> SafeString:
    """The cadence block's button, the same on every RM's home: built once per process."""
    return _button("Log a touchpoint", "touchpoints:create")


def stats_html(label, figures) -> SafeString:
    """The homes' lists of figures (`figures`: (value, text) pairs), as the app-stats list in
    templates/reporting/dashboard/_headlines.html writes them (byte for byte: values
    localised and escaped as `{{ }}` does), in one step rather than a template loop; the same
    figures drawn once per process."""
    # Each with its type: 1, 1.0 and True are equal keys but are written differently, and so
    # are a str and a SafeString of the same text (one escaped, one not).
    figures = tuple((type(value), value, type(text), text) for value, text in figures)
    return _stats_html(type(label), label, figures)


@functools.lru_cache(maxsize=256)
def _stats_html(_label_type, label, figures: tuple) -> SafeString:
    items = "".join(
        f'<li class="app-stats__item"><span class="app-stats__value">'
        f"{conditional_escape(localize(value))}</span> "
        f'<span class="app-stats__label">{conditional_escape(text)}</span></li>'
        for _, value, _, text in figures
    )
    return mark_safe(  # noqa: S308 - every value escaped
        f'<ul class="govuk-list app-stats" aria-label="{conditional_escape(label)}">\n'
        f"  {items}\n</ul>"
    )


_CARD = (
    '\n  <li class="app-card">\n    <h3 class="govuk-heading-s govuk-!-margin-bottom-1">'
    '<a class="govuk-link" href="{href}">{name}</a></h3>\n'
    '    <p class="govuk-body-s govuk-!-margin-bottom-0">{facts}</p>\n  </li>\n  '
)


# The card homes list this many vanguards a page (nationally there are hundreds; the status
# tiles count them all).
CARDS_PAGE_SIZE = 25


def vanguard_cards_page(vanguards, request) -> dict:
    """One page of the vanguard cards and the GOV.UK pagination (none with one page)."""
    page = Paginator(vanguards, CARDS_PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "vanguard_cards": vanguard_cards(page.object_list),
        "vanguard_pagination": page_pagination(page, request),
    }


def vanguard_cards(vanguards) -> SafeString:
    """The list of vanguards (from vanguards_for_list) as cards: name linked to the profile,
    then region, status, group and RM. Written here, not in a template loop, because the
    template's tags and lookups cost a few hundred calls a card."""
    url = urls_for("vanguards:detail")
    statuses = dict(Vanguard.Status.choices)  # get_status_display, looked up once a list
    cards = []
    for vanguard in vanguards:
        facts = [str(vanguard.region), statuses.get(vanguard.status, vanguard.status)]
        if vanguard.cohort_group_name:
            facts.append(vanguard.cohort_group_name)
        if vanguard.relationship_manager_name:
            facts.append(f"RM {vanguard.relationship_manager_name}")
        cards.append(
            _CARD.format(
                href=_escape(url(vanguard.slug)),
                name=_escape(vanguard.name),
                facts=" · ".join([_escape(fact) for fact in facts]),
            )
        )
    return mark_safe("".join(cards))  # noqa: S308 (every value escaped above)


# The contact column's tags: (text, colour) by the row's state, each rendered once a table.
_CONTACT_TAGS = {
    "closed": ("Vanguard closed", "grey"),
    "never": ("No contact yet", "red"),
    "overdue": ("Contact overdue", "red"),
    "on_track": ("On track", "green"),
}


def _contact_state(row) -> str:
    if not row.needs_contact:
        return "closed"
    if row.never_contacted:
        return "never"
    return "overdue" if row.overdue else "on_track"


@functools.cache
def _contact_tags() -> dict:
    """The same for every table: rendered once per process."""
    return {
        state: render_component("tag", {"text": text, "classes": f"govuk-tag--{colour}"})
        for state, (text, colour) in _CONTACT_TAGS.items()
    }


def _vanguard_cell(row, url) -> SafeString:
    """The vanguard linked to its profile (`url`: workwell.tables.row_urls), and its group."""
    vanguard = row.vanguard
    href, name = _escape(url(vanguard.slug)), _escape(vanguard.name)
    link = f'<a class="govuk-link" href="{href}">{name}</a>'
    if row.cohort_group_name:
        link += f'<br><span class="govuk-body-s">{_escape(row.cohort_group_name)}</span>'
    return SafeString(link)  # every value escaped


def _next_due(row) -> str:
    if not row.needs_contact:
        return "Not needed"
    return "Now" if row.never_contacted else govuk_date(row.next_due)


# The homes' tables are written with workwell.govuk.table_from_cells: cells as text (escaped)
# or markup, numeric as their column; "None" where a number is missing is not numeric.
_NONE = NotNumeric("None")


def cadence_table(rows, *, caption: str, show_relationship_manager: bool) -> SafeString:
    """Each vanguard's contact cadence, most urgent first (the order `rows` come in)."""
    head = [("Vanguard", False)]
    if show_relationship_manager:
        head.append(("Relationship manager", False))
    head += [
        ("Last contact", False),
        ("Days since", True),
        ("Next due", False),
        ("Open actions", True),
        ("Open support requests", True),
        ("Contact", False),
    ]
    body = []
    url, tags = urls_for("vanguards:detail"), _contact_tags()
    for row in rows:
        cells = [_vanguard_cell(row, url)]
        if show_relationship_manager:
            cells.append(row.relationship_manager_name or "None assigned")
        cells += [
            govuk_date(row.last_contact) if row.last_contact else "None yet",
            str(row.days_since) if row.days_since is not None else _NONE,
            _next_due(row),
            str(row.open_actions),
            str(row.open_support_requests),
            tags[_contact_state(row)],
        ]
        body.append(cells)
    return table_from_cells(
        caption,
        head,
        body,
        caption_classes="govuk-visually-hidden",
        classes="govuk-table--small-text-until-tablet",
        first_cell_is_header=False,
    )


def cadence_block(*, cadence, overdue_page, request) -> dict:
    """An RM's table of their vanguards' cadence; for the RM lead (`overdue_page`: a page of
    the vanguards overdue for contact, whose rows `cadence` holds), that page's table (none
    when every vanguard is on time) and the pagination."""
    if overdue_page is None:
        table = cadence_table(
            cadence, caption="Contact with each vanguard", show_relationship_manager=False
        )
        return {"cadence_table": table}
    if not cadence:
        return {"cadence_table": None}

    def draw():  # the lead's page of rows is kept (an RM's are sorted afresh: drawn each time)
        table = cadence_table(
            cadence, caption="Vanguards overdue for contact", show_relationship_manager=True
        )
        label = "Vanguards overdue for contact pages"
        return {
            "cadence_table": table,
            "cadence_pagination": page_pagination(overdue_page, request, label=label),
        }

    return _drawn(cadence, "cadence", request, draw)


def workload_block(found, *, size: int, request) -> dict:
    """The page of relationship managers' workloads (cadence.RmWorkloads) as a table, and the
    GOV.UK pagination when there is more than a page."""

    def draw():
        page = Paginator(range(found.total), size).get_page(found.number)
        pagination = page_pagination(
            page,
            request,
            page_field="workloads_page",
            label="Relationship managers' workload pages",
        )
        return {"workload_table": workload_table(found.rows), "workload_pagination": pagination}

    return _drawn(found, "workloads", request, draw)


_WORKLOAD_HEAD = [
    ("Relationship manager", False),
    ("Vanguards", True),
    ("Overdue contacts", True),
    ("Open actions owned", True),
    ("Open support requests assigned", True),
]


def workload_table(workloads) -> SafeString:
    """Each relationship manager's workload, for the RM lead."""
    return table_from_cells(
        "Relationship managers' workload",
        _WORKLOAD_HEAD,
        [
            [
                str(workload.relationship_manager),
                str(workload.vanguards),
                str(workload.overdue_contacts),
                str(workload.open_actions),
                str(workload.open_support_requests),
            ]
            for workload in workloads
        ],
        caption_classes="govuk-visually-hidden",
    )


_CONCERN_HEAD = [
    ("Concern", False),
    ("Kind", False),
    ("From", False),
    ("Handled by", False),
    ("Late", False),
]


def overdue_concern_table(concerns) -> SafeString:
    """Concerns past their acknowledgement or response date, for the RM lead's home (drawn
    once while the concerns are kept)."""
    return DRAWN(concerns, ("concerns", get_script_prefix()), lambda: _concern_table(concerns))


def _concern_table(concerns) -> SafeString:
    rows = []
    url = urls_for("feedback:concern")
    kinds = {}  # each kind's label, looked up once a table
    for concern in concerns:
        late = "acknowledge_by" if concern.state == "raised" else "respond_by"
        if concern.kind not in kinds:
            kinds[concern.kind] = concern.get_kind_display()
        link = f'<a class="govuk-link" href="{_escape(url(concern.pk))}">#{concern.pk}</a>'
        rows.append(
            [
                SafeString(link),  # every value escaped (the pk is a number)
                kinds[concern.kind],
                concern.vanguard.name if concern.vanguard_id else concern.region.name,
                str(concern.handler or "Nobody yet"),
                ("Acknowledgement was due " if late == "acknowledge_by" else "Response was due ")
                + govuk_date(getattr(concern, late)),
            ]
        )
    return table_from_cells(
        "Overdue concerns",
        _CONCERN_HEAD,
        rows,
        caption_classes="govuk-visually-hidden",
        classes="govuk-table--small-text-until-tablet",
    )


# --- The layout every page shares ------------------------------------------------------------

SERVICE_NAME = "WorkWell National Support Portal"


_SIGN_OUT_FORM = (
    '<form method="post" action="{}" class="app-inline-form">'
    '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
    '<button type="submit" class="govuk-service-navigation__link app-link-button">'
    'Sign out<span class="govuk-visually-hidden"> {}</span></button></form>'
)


def _sign_out(email: str, csrf_token: str) -> dict:
    """ "Sign out" twice, one shown at a time: on the service name's row from tablet width up
    (leaving the navigation row to the sections), and as the menu's last item on a phone."""
    form = format_html(_SIGN_OUT_FORM, reverse("account_logout"), csrf_token, email)
    return {
        "start": format_html('<div class="app-account">{}</div>', form),
        "navigationEnd": format_html(
            '<li class="govuk-service-navigation__item app-account-item">{}</li>', form
        ),
    }


def service_navigation(items=None, *, path="", email="", csrf_token="") -> dict:
    """The header's service navigation: the (text, href) of each section the signed-in user
    may use, and "Sign out"; just the service name for someone not signed in (items None)."""
    params = {"serviceName": SERVICE_NAME, "serviceUrl": "/"}
    if items is None:
        return params
    params["navigation"] = [
        {
            "href": href,
            "text": text,
            "active": path == href if href == "/" else path.startswith(href),
            "current": path == href,
        }
        for text, href in items
    ]
    params["slots"] = _sign_out(email, csrf_token)
    return params


PHASE_BANNER = {
    "tag": {"text": "Beta"},
    "html": format_html(
        'This is a new service. Tell the National Support Team <a class="govuk-link" '
        'href="mailto:{}">how it could be better</a>.',
        "nst-support@workwell.example",
    ),
}


def footer() -> dict:
    return {
        "meta": {
            "visuallyHiddenTitle": "Support links",
            "items": [
                {"href": reverse("accessibility"), "text": "Accessibility statement"},
            ],
        },
        "contentLicence": {"text": "WorkWell is a joint DWP and DHSC programme."},
        "copyright": {"text": "© WorkWell programme"},
        "classes": "app-footer",
    }


# --- A vanguard member's to-do list -----------------------------------------------------

# The task list pattern's statuses: a tag while something is left to do, plain text once it
# is done or with someone else (https://design-system.service.gov.uk/components/task-list/).
TASK_STATUS = {
    TaskStatus.NOT_STARTED: {"tag": {"text": "Not started", "classes": "govuk-tag--blue"}},
    TaskStatus.IN_PROGRESS: {"tag": {"text": "In progress", "classes": "govuk-tag--light-blue"}},
    TaskStatus.OVERDUE: {"tag": {"text": "Overdue", "classes": "govuk-tag--red"}},
    TaskStatus.WAITING: {
        "text": "Waiting for the NST",
        "classes": "govuk-task-list__status--cannot-start-yet",
    },
    TaskStatus.COMPLETED: {"text": "Completed"},
}


def task_list(section, *, index: int) -> dict:
    """One section of the member's to-do list as GOV.UK task list params."""
    items = []
    for task in section.tasks:
        item = {
            "title": {"text": task.title},
            "href": task.href,
            "status": TASK_STATUS[task.status],
        }
        if task.hint:
            item["hint"] = {"text": task.hint}
        items.append(item)
    return {"idPrefix": f"tasks-{index}", "items": items}


# The to-do list's sections written in Python (a Django template loop and tag cost tens of
# calls a variable): the loop they replace in home.html stays the reference, in
# tests/reporting/test_member_tasks_html.py, which renders both ways and compares them.
_TASK = (
    '\n  <li class="govuk-task-list__item govuk-task-list__item--with-link">\n'
    '    <div class="govuk-task-list__name-and-hint">\n    \n'
    '      <a class="govuk-link govuk-task-list__link" href="{href}" '
    'aria-describedby="{described_by}{prefix}-status">\n        {title}\n      </a>\n    \n'
    "    {hint}\n    </div>\n"
    '    <div class="govuk-task-list__status{classes}" id="{prefix}-status">\n    \n'
    "      {status}\n    \n    </div>\n  </li>\n  "
)
_TASK_HINT = (
    '\n      <div id="{prefix}-hint" class="govuk-task-list__hint">\n        {hint}\n'
    "      </div>\n    "
)


@functools.cache
def _task_status(status: TaskStatus) -> tuple[str, str]:
    """A task status's classes and markup, as the task list component writes them: the same
    on every task, so made once per process."""
    shown = TASK_STATUS[status]
    tag = shown.get("tag")
    if tag:
        markup = indent(str(render_component("tag", tag)).strip(), 6)
    else:
        markup = str(escape(shown["text"]))
    classes = shown.get("classes")
    return (f" {escape(classes)}" if classes else ""), markup


def _task_list_html(section, *, index: int) -> str:
    """One section's task list as `{% govuk "task-list" %}` writes it from `task_list`."""
    items = []
    for number, task in enumerate(section.tasks, start=1):
        prefix = f"tasks-{index}-{number}"
        classes, status = _task_status(task.status)
        items.append(
            _TASK.format(
                href=escape(task.href),
                prefix=prefix,
                described_by=f"{prefix}-hint " if task.hint else "",
                title=escape(task.title),
                hint=_TASK_HINT.format(prefix=prefix, hint=escape(task.hint)) if task.hint else "",
                classes=classes,
                status=status,
            )
        )
    return f'\n\n\n\n<ul class="govuk-task-list">\n  {"".join(items)}\n</ul>\n'


def task_sections_html(sections) -> SafeString:
    """The to-do list's sections, each heading with its task list: what the loop over
    `task_sections(sections)` wrote in home.html. A task without a link (none yet) is written
    by the component."""
    out = []
    for index, section in enumerate(sections, start=1):
        if all(task.href for task in section.tasks):
            tasks = _task_list_html(section, index=index)
        else:
            tasks = render_component("task-list", task_list(section, index=index))
        out.append(f'\n<h3 class="govuk-heading-m">{_escape(section.heading)}</h3>\n{tasks}\n')
    return mark_safe("".join(out))  # noqa: S308 - every value escaped


def task_sections(sections) -> list[dict]:
    """Each section's heading, how many of its tasks are left to do, and its task list."""
    return [
        {
            "heading": section.heading,
            "to_do": section.to_do,
            "task_list": task_list(section, index=index),
        }
        for index, section in enumerate(sections, start=1)
    ]


def plan_attention_block(found, *, size: int, request) -> dict:
    """The page of delivery plans needing attention (plans.selectors.PlanAttentionPage) as a
    table, and the GOV.UK pagination when there is more than a page."""

    def draw():
        page = Paginator(range(found.total), size).get_page(found.number)
        pagination = page_pagination(
            page, request, page_field="plans_page", label="Delivery plans needing attention pages"
        )
        return {
            "plan_attention_table": plan_attention_table(found.rows),
            "plan_attention_pagination": pagination,
        }

    return _drawn(found, "plans", request, draw)


_PLAN_ATTENTION_HEAD = [
    ("Vanguard", False),
    ("Overdue", True),
    ("At risk", True),
    ("Activities", False),
]


def plan_attention_table(rows) -> SafeString:
    """Each vanguard whose delivery plan has activities overdue or at risk, worst first."""
    body = []
    url = urls_for("plans:vanguard_plan")
    for row in rows:
        link = (
            f'<a class="govuk-link" href="{_escape(url(row.vanguard_slug))}">'
            f"{_escape(row.vanguard_name)}</a>"
        )
        body.append(
            [
                SafeString(link),  # every value escaped
                str(len(row.overdue)),
                str(len(row.at_risk)),
                ", ".join([*row.overdue, *row.at_risk]),
            ]
        )
    return table_from_cells(
        "Delivery plans needing attention",
        _PLAN_ATTENTION_HEAD,
        body,
        caption_classes="govuk-visually-hidden",
        first_cell_is_header=False,
    )
