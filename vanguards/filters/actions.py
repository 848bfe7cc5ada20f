import django_filters
from django import forms
from django.utils import timezone

from workwell.filters import PERSON_TEXT, ModelChoiceFilter

from .. import permissions
from ..models import Action
from ..selectors.actions import action_owner_choices, overdue_q
from .scoped import VISIBLE_VANGUARDS, VanguardScopedFilterSet

MINE, EVERYONE = "yes", "no"


def _owners(request):
    return action_owner_choices(user=request.user)


class ActionFilter(VanguardScopedFilterSet):
    """The action list's filters. "Mine" defaults on for NST staff, whose own actions come first;
    the explicit "no" keeps "everyone's" chosen through sorting and paging links."""

    mine = django_filters.ChoiceFilter(
        label="Whose actions",
        choices=[(MINE, "My actions"), (EVERYONE, "Everyone's actions")],
        empty_label=None,
        widget=forms.RadioSelect,
        method="filter_mine",
        error_messages={"invalid_choice": "Select whose actions to show"},
    )
    overdue = django_filters.BooleanFilter(
        label="Only overdue actions", widget=forms.CheckboxInput, method="filter_overdue"
    )
    status = django_filters.ChoiceFilter(choices=Action.Status.choices, empty_label="Any status")
    vanguard = ModelChoiceFilter(
        **VISIBLE_VANGUARDS, to_field_name="slug", empty_label="All vanguards"
    )
    owner = ModelChoiceFilter(queryset=_owners, empty_label="Anyone", option_text=PERSON_TEXT)

    vanguard_choosers = ("vanguard",)

    class Meta:
        model = Action
        fields = ["mine", "overdue", "status", "vanguard", "owner"]

    def __init__(self, data=None, *args, request=None, today=None, **kwargs):
        data = data.copy() if data is not None else {}
        if "mine" not in data:
            data["mine"] = MINE if permissions.is_nst(request.user) else EVERYONE
        self.today = today or timezone.localdate()
        super().__init__(data, *args, request=request, **kwargs)
        if not permissions.can_own_actions(request.user):
            del self.filters["mine"]  # programme and regional leads own no actions

    def filter_mine(self, queryset, name, value):
        return queryset.filter(owner=self.request.user) if value == MINE else queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q(self.today)) if value else queryset
