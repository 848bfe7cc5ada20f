"""The base of the filters over vanguards and their records, which some users see only one of."""

from workwell.filters import FilterSet

from .. import permissions
from ..models import Vanguard


def visible_vanguards(request):
    """The vanguard filter's choices: the vanguards the user may see (by name)."""
    return permissions.vanguards_visible_to(request.user)


def _vanguard_scope(request):
    return permissions.vanguard_scope(request.user)


# A vanguard filter's options kept between requests, for each scope of the vanguards seen:
# the visible vanguards' query reads the vanguards alone, and is made from the scope alone.
VISIBLE_VANGUARDS = {
    "queryset": visible_vanguards,
    "kept_on": (Vanguard,),
    "kept_for": _vanguard_scope,
}


class VanguardScopedFilterSet(FilterSet):
    """A list's filters, given the `request`. The filters named in `vanguard_choosers` choose
    among vanguards (a vanguard, its region or cohort group, its relationship manager): for a
    user who sees one vanguard only they cannot narrow the list, so they are left out (at
    national scale the cohort-group and RM filters listed all 54 groups and RMs). A value for
    one left in the address, by an old bookmark or a link made for the NST, is then ignored like
    any parameter the list does not know: never an error, and never more than the user may see
    (the list's queryset is already theirs)."""

    vanguard_choosers: tuple[str, ...] = ()

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if permissions.sees_one_vanguard(request.user):
            for name in self.vanguard_choosers:
                self.filters.pop(name, None)  # a subclass may have dropped it already
