"""Admins keep the registry's reference data in the portal: organisations and cohort groups."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from workwell.tables import list_page

from ..filters.organisations import OrganisationFilter
from ..forms.organisations import CohortGroupForm, OrganisationForm, initial_from
from ..models import CohortGroup, Organisation
from ..selectors import organisations as selectors
from ..services.organisations import cohort_group_save, organisation_save
from ..services.registry import RegistryError
from ..tables.organisations import CohortGroupTable, OrganisationTable
from .registry import require_registry_admin


def _save_form(request, form, save, **instance) -> bool:
    """Run the service on a valid form and say so; if it refuses, attach why to the form."""
    try:
        saved = save(actor=request.user, data=form.cleaned_data, **instance)
    except RegistryError as error:
        form.add_error(error.field, error.message)
        return False
    verb = "saved" if any(instance.values()) else "added"
    messages.success(request, f"{saved.name} has been {verb}.")
    return True


@login_required
def organisation_list(request):
    require_registry_admin(request.user)
    filterset = OrganisationFilter(request.GET or None, queryset=selectors.organisations_for_list())
    table = OrganisationTable(filterset.qs)
    template = "vanguards/organisations/organisation_list.html"
    return list_page(request, table, template, {"filter": filterset}, export_name="organisations")


@login_required
def organisation_form(request, pk=None):
    require_registry_admin(request.user)
    organisation = get_object_or_404(Organisation, pk=pk) if pk else None
    form = OrganisationForm(
        request.POST or None, initial=initial_from(organisation, OrganisationForm)
    )
    saving = request.method == "POST" and form.is_valid()
    if saving and _save_form(request, form, organisation_save, organisation=organisation):
        return redirect("vanguards:organisations")
    context = {"form": form, "organisation": organisation}
    return render(request, "vanguards/organisations/organisation_form.html", context)


@login_required
def group_list(request):
    require_registry_admin(request.user)
    table = CohortGroupTable(selectors.cohort_groups_for_list())
    template = "vanguards/groups/group_list.html"
    return list_page(request, table, template, {}, export_name="cohort-groups")


@login_required
def group_form(request, slug=None):
    require_registry_admin(request.user)
    group = get_object_or_404(CohortGroup, slug=slug) if slug else None
    form = CohortGroupForm(request.POST or None, initial=initial_from(group, CohortGroupForm))
    saving = request.method == "POST" and form.is_valid()
    if saving and _save_form(request, form, cohort_group_save, cohort_group=group):
        return redirect("vanguards:groups")
    return render(request, "vanguards/groups/group_form.html", {"form": form, "group": group})
