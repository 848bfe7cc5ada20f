"""Reads for the support-offer menu."""

from django.db.models import QuerySet
from django.http import Http404

from .. import permissions
from ..models import SupportOffer


def support_offers_for_list(*, user) -> QuerySet[SupportOffer]:
    """The menu: every offer for those who keep it, only offers still on it for everyone else."""
    offers = SupportOffer.objects.prefetch_related("themes").order_by("title")
    if permissions.can_manage_support_offers(user):
        return offers
    return offers.filter(is_active=True)


def get_support_offer_or_404(pk: int) -> SupportOffer:
    """Any offer, even one no longer on the menu: old requests still link to it."""
    offer = SupportOffer.objects.prefetch_related("themes").filter(pk=pk).first()
    if offer is None:
        raise Http404("No support offer matches that address.")
    return offer
