import django_tables2 as tables


class QualityReviewExport(tables.Table):
    """The review's indicators for CSV and XLSX, one row per group and indicator; withheld
    figures read "Too few responses" as on the page."""

    quarter = tables.Column(verbose_name="Quarter")
    breakdown = tables.Column(verbose_name="Breakdown")
    group = tables.Column(verbose_name="Group")
    indicator = tables.Column(verbose_name="Indicator")
    value = tables.Column(verbose_name="Value")
    cases = tables.Column(verbose_name="Cases counted")
    target = tables.Column(verbose_name="Target")
    status = tables.Column(verbose_name="Status")
    change = tables.Column(verbose_name="Change since last quarter")

    class Meta:
        orderable = False
