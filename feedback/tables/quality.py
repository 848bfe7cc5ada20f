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


class ReviewThemesExport(tables.Table):
    """The review's theme counts of free-text answers and concerns."""

    quarter = tables.Column(verbose_name="Quarter")
    theme = tables.Column(verbose_name="Programme theme")
    pulse_answers = tables.Column(verbose_name="Pulse answers")
    concerns = tables.Column(verbose_name="Concerns")

    class Meta:
        orderable = False


class ReviewChangesExport(tables.Table):
    """The quarter's published "you said, we did" entries."""

    quarter = tables.Column(verbose_name="Quarter")
    title = tables.Column(verbose_name="Change")
    you_said = tables.Column(verbose_name="You said")
    we_did = tables.Column(verbose_name="We did")
    published_on = tables.Column(verbose_name="Published")

    class Meta:
        orderable = False
