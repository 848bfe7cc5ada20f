import django_filters
from django import forms
from django.db.models import Q

from workwell.filters import PERSON_TEXT, ModelChoiceFilter
from workwell.forms import GovukDateField
from workwell.models import ProgrammeTheme, User

from .. import permissions
from ..models import RAG, Touchpoint
from .groups import cohort_group_filter, current_member_ids
from .scoped import VISIBLE_VANGUARDS, VanguardScopedFilterSet


class GovukDateFilter(django_filters.DateFilter):
    field_class = GovukDateField


def _touchpoint_ids(**lookups):
    """Ids of touchpoints matching `lookups`: a subquery, so many-to-many filters add no
    duplicate rows and leave the list's counts right."""
    return Touchpoint.objects.filter(**lookups).values("pk")


class TouchpointFilter(VanguardScopedFilterSet):
    vanguard = ModelChoiceFilter(
        label="Vanguard",
        **VISIBLE_VANGUARDS,
        to_field_name="slug",
        empty_label="All vanguards",
        method="filter_vanguard",
    )
    cohort_group = cohort_group_filter()
    author = ModelChoiceFilter(
        label="Relationship manager",
        queryset=permissions.relationship_managers().order_by("full_name", "email"),
        empty_label="Anyone",
        option_text=PERSON_TEXT,
        kept_on=(User,),
    )
    kind = django_filters.ChoiceFilter(
        label="Kind", choices=Touchpoint.Kind.choices, empty_label="Any kind"
    )
    channel = django_filters.ChoiceFilter(
        label="Channel", choices=Touchpoint.Channel.choices, empty_label="Any channel"
    )
    theme = ModelChoiceFilter(
        label="Programme theme",
        queryset=ProgrammeTheme.objects.all(),
        to_field_name="slug",
        empty_label="Any theme",
        method="filter_theme",
        kept_on=(ProgrammeTheme,),
    )
    rag = django_filters.ChoiceFilter(label="RAG status", choices=RAG.choices, empty_label="Any")
    date_from = GovukDateFilter(
        label="From", field_name="date", lookup_expr="gte", help_text="For example, 1 4 2025"
    )
    date_to = GovukDateFilter(
        label="To", field_name="date", lookup_expr="lte", help_text="For example, 31 3 2026"
    )
    mine = django_filters.BooleanFilter(
        label="Only touchpoints I logged or took part in",
        widget=forms.CheckboxInput,
        method="filter_mine",
    )

    vanguard_choosers = ("vanguard", "cohort_group", "author")

    class Meta:
        model = Touchpoint
        fields = []

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if not permissions.is_nst(request.user):
            del self.filters["mine"]  # only NST staff log touchpoints or take part in them

    def filter_vanguard(self, queryset, name, value):
        return queryset.filter(pk__in=_touchpoint_ids(vanguards=value))

    def filter_cohort_group(self, queryset, name, value):
        return queryset.filter(pk__in=_touchpoint_ids(vanguards__in=current_member_ids(value)))

    def filter_theme(self, queryset, name, value):
        return queryset.filter(pk__in=_touchpoint_ids(themes=value))

    def filter_mine(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            pk__in=Touchpoint.objects.filter(
                Q(author=self.request.user) | Q(nst_participants=self.request.user)
            ).values("pk")
        )
