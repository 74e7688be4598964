"""What the register API returns. Output only: input is checked by each write's own
InputSerializer (shape) and then by the service (rules). The fields are not marked read-only
because DRF then drops `allow_blank`, and the schema would wrongly forbid "" for blank choices."""

from __future__ import annotations

from datetime import UTC, date, datetime

from rest_framework import serializers

from accounts.models import Organisation
from register.models import HospitalSpell, Person, Rag, RiskRating, Site, Ward, WardStay

# Dates the API accepts: wide enough for any real record, narrow enough that no calculation
# downstream overflows (year 9999 plus a review interval would).
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)


class DateInput(serializers.DateField):
    """An ISO date between 1900-01-01 and 2100-12-31."""

    default_error_messages = {
        "out_of_range": "Enter a date between 1 January 1900 and 31 December 2100",
    }

    def to_internal_value(self, value: object) -> date:
        day = super().to_internal_value(value)
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            self.fail("out_of_range")
        return day


class MomentInput(serializers.DateTimeField):
    """An ISO 8601 moment between the years 1900 and 2100, stored as UTC (an offset such as
    +20:47, which PostgreSQL refuses, is converted rather than passed on)."""

    default_error_messages = {"out_of_range": "Enter a moment between the years 1900 and 2100"}

    def to_internal_value(self, value: object) -> datetime:
        try:
            moment = super().to_internal_value(value)
        except OverflowError:
            self.fail("out_of_range")
        if not EARLIEST_DATE.year <= moment.year <= LATEST_DATE.year:
            self.fail("out_of_range")
        return moment.astimezone(UTC)


class PersonSerializer(serializers.ModelSerializer):
    current_rag = serializers.ChoiceField(
        choices=Rag.choices,
        allow_null=True,
        read_only=True,
        help_text="Latest rating on the person's active dynamic support register entry.",
    )
    current_spell = serializers.IntegerField(
        source="spell_id",
        allow_null=True,
        read_only=True,
        help_text="Id of the open hospital spell; null when the person is not in hospital.",
    )

    class Meta:
        model = Person
        fields = [
            "id",
            "nhs_number",
            "nhs_number_absent_reason",
            "local_identifier",
            "given_name",
            "family_name",
            "preferred_name",
            "date_of_birth",
            "date_of_death",
            "sex",
            "ethnicity",
            "has_learning_disability",
            "has_autism",
            "has_mental_health_condition",
            "home_postcode",
            "home_local_authority",
            "gp_practice_code",
            "responsible_commissioner",
            "has_ehc_plan",
            "cohorts",
            "support_level",
            "objects_to_at",
            "consent_date",
            "consent_basis",
            "current_rag",
            "current_spell",
            "created_at",
            "updated_at",
        ]


class HospitalSpellSerializer(serializers.ModelSerializer):
    current_ward = serializers.IntegerField(
        source="current_ward_id",
        allow_null=True,
        read_only=True,
        help_text="Ward id of the open ward stay; null once discharged.",
    )

    class Meta:
        model = HospitalSpell
        fields = [
            "id",
            "person",
            "admission_date",
            "provider",
            "site",
            "current_ward",
            "commissioner",
            "commissioner_type",
            "admission_source",
            "admission_kind",
            "is_planned",
            "was_on_dsr_before_admission",
            "transferred_from",
            "continuous_stay_start",
            "reason_for_admission",
            "has_section17_extended_leave",
            "legal_status",
            "planned_discharge_date",
            "clinically_ready_date",
            "delay_reason",
            "discharge_date",
            "discharge_destination",
            "returned_to_previous_home",
            "created_at",
            "updated_at",
        ]


class WardStaySerializer(serializers.ModelSerializer):
    class Meta:
        model = WardStay
        fields = ["id", "person", "spell", "ward", "start_date", "end_date"]


class RiskRatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = RiskRating
        fields = [
            "id",
            "person",
            "dsr_entry",
            "rag",
            "effective_date",
            "rationale",
            "next_review_due",
            "is_automatic",
            "recorded_at",
        ]


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "ods_code", "name", "type"]


class SiteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Site
        fields = ["id", "ods_code", "name", "provider"]


class WardSerializer(serializers.ModelSerializer):
    site = SiteSerializer(read_only=True)

    class Meta:
        model = Ward
        fields = ["id", "name", "site", "bed_type", "security_level", "designation", "is_active"]
