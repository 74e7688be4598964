"""Hospitals: provider organisations own sites; sites have wards with a bed type and security level.

Reference data shared by every partnership (a hospital takes patients from many)."""

from django.db import models

from accounts.models import Organisation, TimeStampedModel

from .choices import BedType, SecurityLevel, WardDesignation


class Site(TimeStampedModel):
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="sites")
    ods_code = models.CharField("Site ODS code", max_length=12, unique=True)
    name = models.CharField(max_length=200)
    postcode = models.CharField(max_length=8)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.ods_code})"

    @property
    def postcode_district(self) -> str:
        return self.postcode.split(" ")[0].upper() if self.postcode else ""


class Ward(TimeStampedModel):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="wards")
    name = models.CharField(max_length=200)
    bed_type = models.CharField(max_length=16, choices=BedType.choices)
    security_level = models.CharField(max_length=8, choices=SecurityLevel.choices)
    bed_count = models.PositiveSmallIntegerField(default=0)
    designation = models.CharField(
        max_length=2, choices=WardDesignation.choices, default=WardDesignation.LD
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["site__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="ward_name_unique_per_site")
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.site.name}"
