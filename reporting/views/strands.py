"""Admins add and change a vanguard's delivery strands (shown on its profile)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse

from vanguards import permissions
from vanguards.models import Vanguard
from workwell.kept import Drawn, kept

from ..forms.strands import DeliveryStrandForm
from ..models import DeliveryStrand
from ..presenters.returns import strands_table
from ..selectors.strands import strand_history, strands_of
from ..services.returns import ReturnError
from ..services.strands import strand_save


def _vanguard_for_admin(request, slug):
    if not permissions.can_keep_delivery_plans(request.user):
        raise Http404
    return permissions.get_vanguard_or_404(request.user, slug)


def _strand_form(request, vanguard, strand=None):
    form = DeliveryStrandForm(request.POST or None, instance=strand)
    if request.method == "POST" and form.is_valid():
        try:
            saved = strand_save(
                actor=request.user, vanguard=vanguard, strand=strand, data=form.cleaned_data
            )
        except ReturnError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"The strand {saved.name} has been saved.")
            return redirect(f"{reverse('vanguards:detail', args=[vanguard.slug])}#delivery-strands")
    context = {
        "vanguard": vanguard,
        "strand": strand,
        "form": form,
        "history": strand_history(strand=strand) if strand else [],
    }
    return render(request, "reporting/strands/strand_form.html", context)


@login_required
def strand_create(request, slug):
    return _strand_form(request, _vanguard_for_admin(request, slug))


@login_required
def strand_edit(request, slug, pk):
    vanguard = _vanguard_for_admin(request, slug)
    return _strand_form(
        request, vanguard, get_object_or_404(DeliveryStrand, pk=pk, vanguard=vanguard)
    )


def _drawn(vanguard: Vanguard) -> tuple[list[DeliveryStrand], dict | None]:
    strands = strands_of(vanguard=vanguard)
    return strands, strands_table(strands) if strands else None


# The profile's section drawn once for each kept list of strands and all else it shows.
DRAWN = Drawn(64)


def delivery_plan_section(*, user, vanguard: Vanguard) -> str:
    """The vanguard profile's "Delivery strands" section (vanguards.selectors.registry
    PROFILE_SECTIONS): for everyone who may see the profile. One query. The strands and their
    table are kept by the vanguard alone (the same for everyone who sees the profile) until a
    strand is written (workwell/kept.py): shared, so read them, never change them. Drawn once
    for them, the vanguard's name, what the viewer may do and the script prefix."""
    found = kept("reporting.profile_strands", vanguard.pk, lambda: _drawn(vanguard))
    can_keep = permissions.can_keep_delivery_plans(user)
    may_use_returns = permissions.may_use_returns(user)

    def draw() -> str:
        strands, table = found
        section = {
            "vanguard": vanguard,
            "strands": strands,
            "table": table,
            "can_keep": can_keep,
            "may_use_returns": may_use_returns,
        }
        return render_to_string("reporting/strands/_profile_section.html", {"section": section})

    key = (vanguard.slug, vanguard.name, can_keep, may_use_returns, get_script_prefix())
    return DRAWN(found, key, draw)
