"""The learning team's list of network partners and the vanguards each is matched with."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from vanguards import permissions
from vanguards.selectors.partners import partner_matches


@login_required
def partner_list(request):
    if not permissions.can_see_every_partner_match(request.user):
        raise Http404
    context = {"partners": partner_matches(user=request.user)}
    return render(request, "learning/partners/partner_list.html", context)
