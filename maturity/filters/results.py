from vanguards.filters.registry import VanguardFilter


class ResultsFilter(VanguardFilter):
    """The vanguard list's region and (current) cohort-group filters, for the national heatmap.
    The list's name and status filters are dropped: setting them to None removes them."""

    name = None
    status = None

    class Meta(VanguardFilter.Meta):
        fields = ["region", "cohort_group"]
