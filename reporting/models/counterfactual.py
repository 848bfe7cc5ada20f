"""The counterfactual: area-level indicators (economic inactivity due to long-term sickness,
the employment rate of disabled people …) per quarter, for each vanguard's area and for
comparator areas, so a vanguard's change since its baseline can be set beside the mean change
of areas like it. Admins keep the areas and upload the values."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from vanguards.models import Organisation, Vanguard
from workwell.dates import Quarter


class Area(models.Model):
    """A vanguard's area (linked to the vanguard) or a comparator area: a network partner's
    (linked to its organisation) or any other named area."""

    name = models.CharField(max_length=200, unique=True)
    ons_code = models.CharField(
        "ONS code",
        max_length=9,
        blank=True,
        help_text="The Office for National Statistics area code, for example E54000057.",
    )
    vanguard = models.OneToOneField(
        Vanguard,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="counterfactual_area",
    )
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="counterfactual_area",
        help_text="The network partner whose area this is.",
    )
    # Comparators an admin links to a vanguard, beside the network partners matched to it.
    compared_with = models.ManyToManyField(
        Vanguard, through="ComparatorLink", related_name="comparator_areas", blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ons_code"], condition=~Q(ons_code=""), name="area_unique_ons_code"
            ),
            models.CheckConstraint(
                condition=Q(vanguard__isnull=True) | Q(organisation__isnull=True),
                name="area_vanguard_or_partner",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def kind(self) -> str:
        if self.vanguard_id:
            return "Vanguard area"
        return "Network partner" if self.organisation_id else "Other area"


class ComparatorLink(models.Model):
    vanguard = models.ForeignKey(Vanguard, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="links")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vanguard", "area"], name="comparator_link_once")
        ]

    def __str__(self):
        return f"{self.area} compared with {self.vanguard}"


class Indicator(models.Model):
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True, help_text="What it measures and its source.")
    is_percentage = models.BooleanField(
        "percentage", default=True, help_text="Values are percentages, from 0 to 100."
    )
    higher_is_better = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class IndicatorValue(models.Model):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(help_text="The year the financial year starts in.")
    number = models.PositiveSmallIntegerField(help_text="The quarter, 1 to 4.")
    value = models.DecimalField(max_digits=9, decimal_places=2)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["area", "indicator", "year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "indicator", "year", "number"], name="indicator_value_once"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=4), name="indicator_value_quarter_1_to_4"
            ),
        ]

    def __str__(self):
        return f"{self.indicator}, {self.area}, {self.quarter}: {self.value}"

    @property
    def quarter(self) -> Quarter:
        return Quarter(self.year, self.number)
