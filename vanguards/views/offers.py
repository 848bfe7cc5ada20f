"""The support-offer menu at /learning/offers/: everyone signed in browses it, the learning
team and admins keep it, and members ask for an offer through a support request."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from workwell.tables import list_page

from .. import permissions
from ..filters.offers import SupportOfferFilter
from ..forms.offers import SupportOfferForm
from ..presenters import offer_summary_rows
from ..selectors import offers as selectors
from ..services.support import SupportError, support_offer_save
from ..tables.offers import SupportOfferTable


def _require_offer_manager(user):
    if not permissions.can_manage_support_offers(user):
        raise Http404


@login_required
def offer_list(request):
    filterset = SupportOfferFilter(
        request.GET or None, queryset=selectors.support_offers_for_list(user=request.user)
    )
    can_request = permissions.may_raise_support_requests(request.user)
    table = SupportOfferTable(filterset.qs, exclude=() if can_request else ("request",))
    context = {
        "filter": filterset,
        "can_manage": permissions.can_manage_support_offers(request.user),
        "can_request": can_request,
    }
    return list_page(request, table, "vanguards/offers/offer_list.html", context, per_page=20)


@login_required
def offer_detail(request, pk):
    offer = selectors.get_support_offer_or_404(pk)
    can_manage = permissions.can_manage_support_offers(request.user)
    # An offer off the menu still has a page (old requests link to it) but cannot be requested.
    can_request = offer.is_active and permissions.may_raise_support_requests(request.user)
    context = {
        "offer": offer,
        "summary_rows": offer_summary_rows(offer),
        "can_manage": can_manage,
        "can_request": can_request,
        "request_url": f"{reverse('support:create')}?offer={offer.pk}",
    }
    return render(request, "vanguards/offers/offer_detail.html", context)


def _save(request, form, offer=None):
    try:
        return support_offer_save(
            actor=request.user,
            offer=offer,
            data=form.offer_data(),
            themes=form.cleaned_data["themes"],
        )
    except SupportError as error:
        form.add_error(error.field, error.message)
        return None


@login_required
def offer_create(request):
    _require_offer_manager(request.user)
    form = SupportOfferForm(request.POST if request.method == "POST" else None)
    offer = request.method == "POST" and form.is_valid() and _save(request, form)
    if offer:
        messages.success(request, f"{offer.title} has been added to the support menu.")
        return redirect("offers:detail", pk=offer.pk)
    return render(request, "vanguards/offers/offer_form.html", {"form": form, "offer": None})


@login_required
def offer_edit(request, pk):
    _require_offer_manager(request.user)
    offer = selectors.get_support_offer_or_404(pk)
    # The form gets its own copy, so a rejected title does not show up in the page heading.
    form = SupportOfferForm(
        request.POST if request.method == "POST" else None,
        instance=selectors.get_support_offer_or_404(pk),
    )
    saved = request.method == "POST" and form.is_valid() and _save(request, form, form.instance)
    if saved:
        messages.success(request, f"Your changes to {saved.title} have been saved.")
        return redirect("offers:detail", pk=saved.pk)
    return render(request, "vanguards/offers/offer_form.html", {"form": form, "offer": offer})
