import django_tables2 as tables


class PulseResultsExport(tables.Table):
    """The results page's rows for CSV and XLSX, with stable columns (the page's headings);
    withheld aggregates read "Too few responses" there as on the page."""

    quarter = tables.Column(verbose_name="Quarter")
    breakdown = tables.Column(verbose_name="Breakdown")
    group = tables.Column(verbose_name="Group")
    responses = tables.Column(verbose_name="Responses")
    response_rate = tables.Column(verbose_name="Response rate")
    satisfaction_mean = tables.Column(verbose_name="Mean satisfaction (1 to 5)")
    satisfied_share = tables.Column(verbose_name="Satisfied (4 or 5)")
    rm_support_mean = tables.Column(verbose_name="Relationship manager support (mean)")
    learning_mean = tables.Column(verbose_name="Learning offer (mean)")
    support_ratings = tables.Column(verbose_name="Support ratings")
    support_mean = tables.Column(verbose_name="Mean support rating")
    support_rated_4_or_5 = tables.Column(verbose_name="Rated 4 or 5")
    event_ratings = tables.Column(verbose_name="Event ratings")
    event_mean = tables.Column(verbose_name="Mean event usefulness")
    event_rated_useful = tables.Column(verbose_name="Rated useful (4 or 5)")

    class Meta:
        orderable = False
