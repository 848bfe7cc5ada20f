import django_tables2 as tables


class FundingExport(tables.Table):
    """Every vanguard's funding position for CSV and XLSX; money in pounds and pence."""

    quarter = tables.Column(verbose_name="To the end of")
    vanguard = tables.Column(verbose_name="Vanguard")
    region = tables.Column(verbose_name="Region")
    participant_target = tables.Column(verbose_name="Participant target")
    allocation = tables.Column(verbose_name="Allocation (£)")
    guaranteed = tables.Column(verbose_name="Guaranteed (£)")
    performance_available = tables.Column(verbose_name="Performance-related (£)")
    performance_earned = tables.Column(verbose_name="Performance earned to date (£)")
    paid = tables.Column(verbose_name="Paid to date (£)")
    spend = tables.Column(verbose_name="Spend to date (£)")
    forecast_starts = tables.Column(verbose_name="Forecast starts")
    forecast_total = tables.Column(verbose_name="Forecast funding (£)")
    forecast_spend = tables.Column(verbose_name="Forecast spend (£)")

    class Meta:
        orderable = False


class ScheduleExport(tables.Table):
    """A payment schedule for CSV and XLSX, one row per payment quarter."""

    who = tables.Column(verbose_name="For")
    paid_in = tables.Column(verbose_name="Paid in")
    earned_in = tables.Column(verbose_name="For starts in")
    guaranteed = tables.Column(verbose_name="Guaranteed (£)")
    performance = tables.Column(verbose_name="Performance (£)")
    total = tables.Column(verbose_name="Total (£)")
    status = tables.Column(verbose_name="Status")

    class Meta:
        orderable = False
