from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from workwell.tables import kept_list_page, urls_for

from .. import permissions, presenters
from ..filters.registry import VanguardFilter
from ..forms.registry import InvitationForm, MemberForm, VanguardForm
from ..models import VanguardMember
from ..selectors import registry as selectors
from ..selectors.partners import vanguard_partner_matches
from ..services.registry import RegistryError, member_update, user_invite, vanguard_save
from ..tables.registry import VanguardTable


def require_registry_admin(user):
    # Everyone else is told the page does not exist, as for any page outside their role.
    if not permissions.can_manage_registry(user):
        raise Http404


@login_required
def vanguard_list(request):
    filterset = VanguardFilter(request.GET or None, request=request)

    def make_table() -> VanguardTable:
        return VanguardTable(filterset.qs_of(selectors.vanguards_for_list(user=request.user)))

    context = {"filter": filterset, "can_manage": permissions.can_manage_registry(request.user)}
    return kept_list_page(
        request,
        make_table,
        "vanguards/vanguard_list.html",
        context,
        name="vanguards",
        # The vanguards and the filters offered are made from the records' scope alone.
        kept_for=permissions.records_scope(request.user),
        caption="Vanguards",
        filterset=filterset,
        export_name="vanguards",
    )


@login_required
def vanguard_detail(request, slug):
    vanguard = permissions.get_vanguard_or_404(request.user, slug, selectors.PROFILE_RELATED)
    context = selectors.vanguard_profile(vanguard=vanguard)
    can_manage = permissions.can_manage_registry(request.user)
    can_log_touchpoint, sees_matches = permissions.profile_rights(request.user, vanguard)
    context.update(
        presenters.drawn_timeline(
            user=request.user,
            vanguard=vanguard,
            page=request.GET.get("page"),
            today=timezone.localdate(),
        ),
        vanguard=vanguard,
        # Reversed once per process (workwell.tables.urls_for), not by the template's url tags.
        dashboard_url=urls_for("reporting:vanguard_dashboard")(vanguard.slug),
        plan_url=urls_for("plans:vanguard_plan")(vanguard.slug),
        edit_url=urls_for("vanguards:edit")(vanguard.slug) if can_manage else "",
        can_manage=can_manage,
        summary_rows=presenters.profile_summary_rows(vanguard, context["current_membership"]),
        people_table=presenters.people_table(vanguard, context["people"], can_manage=can_manage),
        can_log_touchpoint=can_log_touchpoint,
        profile_sections=selectors.profile_sections(user=request.user, vanguard=vanguard),
        network_partners=vanguard_partner_matches(
            vanguard=vanguard, memberships=context["memberships"]
        )
        if sees_matches
        else [],
    )
    return render(request, "vanguards/vanguard_detail.html", context)


def _save_vanguard(request, form, vanguard=None):
    try:
        return vanguard_save(
            actor=request.user,
            vanguard=vanguard,
            data=form.cleaned_data,
            partners=form.cleaned_data["partners"],
            cohort_group=form.cleaned_data["cohort_group"],
        )
    except RegistryError as error:
        form.add_error(error.field, error.message)
        return None


@login_required
def vanguard_create(request):
    require_registry_admin(request.user)
    form = VanguardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        vanguard = _save_vanguard(request, form)
        if vanguard:
            messages.success(request, f"{vanguard.name} has been added.")
            return redirect("vanguards:detail", slug=vanguard.slug)
    return render(request, "vanguards/vanguard_form.html", {"form": form, "vanguard": None})


@login_required
def vanguard_edit(request, slug):
    require_registry_admin(request.user)
    vanguard = permissions.get_vanguard_or_404(request.user, slug)
    initial = {
        "partners": list(vanguard.partners.all()),
        "cohort_group": selectors.current_cohort_group(vanguard=vanguard),
    }
    form = VanguardForm(request.POST or None, instance=vanguard, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _save_vanguard(request, form, vanguard)
        if saved:
            messages.success(request, f"Your changes to {saved.name} have been saved.")
            return redirect("vanguards:detail", slug=saved.slug)
    return render(request, "vanguards/vanguard_form.html", {"form": form, "vanguard": vanguard})


@login_required
def invite(request):
    require_registry_admin(request.user)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = user_invite(invited_by=request.user, **form.cleaned_data)
        except RegistryError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"An invitation has been emailed to {user.email}.")
            return redirect("vanguards:invite")
    return render(request, "vanguards/invite.html", {"form": form})


def _membership_or_404(user_id):
    # Only vanguard members are edited here; other accounts are kept in the Django admin.
    members = permissions.members_only(VanguardMember.objects.all(), "user")
    return get_object_or_404(members.select_related("user", "vanguard"), user_id=user_id)


@login_required
def person_edit(request, user_id):
    require_registry_admin(request.user)
    membership = _membership_or_404(user_id)
    person = membership.user
    initial = {
        "full_name": person.full_name,
        "title": membership.title,
        "vanguard": membership.vanguard,
        "is_active": person.is_active,
    }
    form = MemberForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        membership = member_update(actor=request.user, membership=membership, **form.cleaned_data)
        messages.success(request, f"Your changes to {person.full_name} have been saved.")
        return redirect("vanguards:detail", slug=membership.vanguard.slug)
    context = {
        "form": form,
        "person": person,
        "membership": membership,
        "history": selectors.person_history(user=person),
    }
    return render(request, "vanguards/person_form.html", context)
