from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from feedback.selectors.disclosure import disclosure_threshold
from vanguards import permissions
from workwell.tables import urls_for

from ..presenters import dashboard as dashboard_presenters
from ..presenters import home as presenters
from ..presenters import returns_admin as return_presenters
from ..selectors import home as selectors


@login_required
def home(request):
    """The role-aware home page: what this person needs to look at first."""
    if permissions.is_network_partner(request.user):
        context = selectors.partner_home_for(user=request.user)
        return render(request, "reporting/home_partner.html", context)
    context = selectors.home_for(
        user=request.user,
        page=request.GET.get("page"),
        plans_page=request.GET.get("plans_page"),
        workloads_page=request.GET.get("workloads_page"),
    )
    context["heading"] = presenters.HOME_HEADINGS[context["scope"]]
    context["links"] = presenters.home_links()
    if context["sees_many_vanguards"]:
        context["status_tiles"] = presenters.stats_html(
            f"{context['heading']} by status",
            [(count, label) for label, count in context["status_counts"]],
        )
    if context["can_manage"]:
        context["registry_buttons"] = presenters.registry_buttons()
    if context["dashboard"] is not None:
        context["dashboard_headlines"] = dashboard_presenters.headlines(
            context["dashboard"]["totals"],
            small_numbers=permissions.sees_small_numbers(request.user),
            threshold=disclosure_threshold(),
        )
        context["headline_tiles"] = presenters.stats_html(
            f"Headline figures for {context['dashboard']['quarter']}",
            [(card["value"], card["label"]) for card in context["dashboard_headlines"]],
        )
    if context["cadence"] is not None:
        context["log_touchpoint_button"] = presenters.log_touchpoint_button()
        context |= presenters.cadence_block(
            cadence=context["cadence"],
            overdue_page=context["overdue_page"],
            request=request,
        )
    if context["scope"] == selectors.HomeScope.OWN_VANGUARD:
        # A member's link to their vanguard's dashboard (the URL reversed once per process).
        vanguard = permissions.member_vanguard(request.user)
        context["vanguard_dashboard_url"] = urls_for("reporting:vanguard_dashboard")(vanguard.slug)
    if context.get("task_sections") is not None:
        context["task_lists"] = context["task_sections"]
        context["task_lists_html"] = presenters.task_sections_html(context["task_sections"])
        context["tasks_to_do"] = sum(section.to_do for section in context["task_sections"])
    if context["overdue_concerns"] and context["overdue_concerns"].total:
        context["overdue_concern_table"] = presenters.overdue_concern_table(
            context["overdue_concerns"].concerns
        )
    if context["outstanding_returns"] is not None:
        block = return_presenters.outstanding_returns_block(
            context["outstanding_returns"], today=timezone.localdate()
        )
        context["returns_block"] = block
        context["returns_tiles"] = presenters.stats_html(
            "Returns not signed off", [(count, label) for label, count in block["counts"]]
        )
    if context["programme_plan_tasks"] is not None:
        context["programme_plan_task_list"] = presenters.task_sections(
            [context["programme_plan_tasks"]]
        )[0]
    if context["plan_attention"] is not None and context["plan_attention"].rows:
        context |= presenters.plan_attention_block(
            context["plan_attention"], size=selectors.PLANS_PAGE_SIZE, request=request
        )
    if context.get("vanguards"):
        context |= presenters.vanguard_cards_page(context["vanguards"], request)
    if context["workloads"] is not None:
        context |= presenters.workload_block(
            context["workloads"], size=selectors.WORKLOADS_PAGE_SIZE, request=request
        )
    return render(request, "reporting/home.html", context)
