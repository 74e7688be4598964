"""The shape of what each register page accepts (types, required). Field names are the service
keywords, so `add_service_error` puts each rule's message on its field; the rules live in the
services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from accounts.models import (
    COMMISSIONER_ORGANISATION_TYPES,
    Organisation,
    OrganisationType,
    Partnership,
    Role,
    User,
)

from .models import (
    AdmissionSource,
    Cohort,
    ConsentBasis,
    DelayReason,
    DischargeDestination,
    DsrClosedReason,
    EthnicCategory,
    HospitalSpell,
    LegalStatus,
    NoNhsNumberReason,
    Rag,
    Sex,
    Ward,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), help_text=help_text)


def with_blank(choices: Any, blank: str = "Choose") -> list[tuple[str, str]]:
    return [("", blank), *choices]


class RegisterForm(forms.Form):
    """NHS design-system wording for the checks forms make before a service sees the input."""

    required_messages: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            text = str(field.label).split(" (")[0]
            lowered = text[0].lower() + text[1:]
            chooses = isinstance(field.widget, forms.Select | forms.RadioSelect)
            default = f"Choose the {lowered}" if chooses else f"Enter the {lowered}"
            field.error_messages["required"] = self.required_messages.get(name, default)
            if isinstance(field, forms.DateField):
                field.error_messages["invalid"] = f"{text} must be a real date"
            if chooses:
                field.error_messages["invalid_choice"] = f"Choose the {lowered} from the list"


class WardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, ward: Ward) -> str:
        site = ward.site
        return f"{ward.name}, {site.name} ({site.provider.name}): {ward.get_bed_type_display()}"


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, organisation: Organisation) -> str:
        return f"{organisation.name} ({organisation.ods_code})"


def active_wards() -> QuerySet[Ward]:
    return (
        Ward.objects.filter(is_active=True)
        .select_related("site__provider")
        .order_by("site__provider__name", "site__name", "name")
    )


def commissioners() -> QuerySet[Organisation]:
    return Organisation.objects.filter(type__in=COMMISSIONER_ORGANISATION_TYPES).order_by("name")


class PersonForm(RegisterForm):
    nhs_number = forms.CharField(
        label="NHS number",
        required=False,
        max_length=20,
        help_text="10 digits, for example 943 476 5919. Spaces are allowed.",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "inputmode": "numeric"}
        ),
    )
    nhs_number_absent_reason = forms.ChoiceField(
        label="If there is no NHS number, why not",
        required=False,
        choices=with_blank(NoNhsNumberReason.choices, "Not applicable"),
    )
    local_identifier = forms.CharField(label="Local identifier", required=False, max_length=30)
    # Names and date of birth are checked by the service, so every problem shows at once.
    given_name = forms.CharField(label="Given name", max_length=100, required=False)
    family_name = forms.CharField(label="Family name", max_length=100, required=False)
    preferred_name = forms.CharField(
        label="Preferred name (optional)", required=False, max_length=100
    )
    date_of_birth = date_field("Date of birth", required=False)
    sex = forms.ChoiceField(
        label="Sex (NHS Data Dictionary)", choices=Sex.choices, initial=Sex.NOT_KNOWN
    )
    ethnicity = forms.ChoiceField(
        label="Ethnicity", choices=EthnicCategory.choices, initial=EthnicCategory.NOT_KNOWN
    )
    has_learning_disability = forms.BooleanField(label="Has a learning disability", required=False)
    has_autism = forms.BooleanField(label="Is autistic", required=False)
    has_mental_health_condition = forms.BooleanField(
        label="Has a mental health condition", required=False
    )
    home_postcode = forms.CharField(label="Home postcode", required=False, max_length=8)
    home_local_authority = OrganisationChoiceField(
        label="Home local authority",
        required=False,
        empty_label="Not known",
        queryset=Organisation.objects.filter(type=OrganisationType.LOCAL_AUTHORITY).order_by(
            "name"
        ),
    )
    gp_practice_code = forms.CharField(label="GP practice ODS code", required=False, max_length=8)
    responsible_commissioner = OrganisationChoiceField(
        label="Responsible commissioner",
        required=False,
        empty_label="Not known",
        queryset=commissioners(),
    )
    has_ehc_plan = forms.BooleanField(
        label="Has an education, health and care (EHC) plan", required=False
    )
    cohorts = forms.MultipleChoiceField(
        label="Building the Right Support cohorts",
        required=False,
        choices=Cohort.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    objects_to_at = forms.BooleanField(
        label="Objects to the Assuring Transformation collection", required=False
    )
    consent_basis = forms.ChoiceField(
        label="Basis for holding them on the dynamic support register",
        required=False,
        choices=with_blank(ConsentBasis.choices, "Not recorded"),
    )
    consent_date = date_field("Date of consent or decision", required=False)


class AddPersonForm(PersonForm):
    confirm_possible_duplicate = forms.BooleanField(
        label="I have checked: this is a different person", required=False
    )


class AdmitForm(RegisterForm):
    required_messages = {"admission_source": "Choose where the person was admitted from"}
    admission_date = date_field("Admission date")
    ward = WardChoiceField(label="Ward", queryset=active_wards(), empty_label="Choose a ward")
    commissioner = OrganisationChoiceField(
        label="Commissioner", queryset=commissioners(), empty_label="Choose the commissioner"
    )
    admission_source = forms.ChoiceField(
        label="Admitted from", choices=AdmissionSource.choices, widget=forms.RadioSelect
    )
    is_planned = forms.BooleanField(label="Planned admission (not a crisis)", required=False)
    legal_status = forms.ChoiceField(
        label="Legal status",
        required=False,
        choices=with_blank(LegalStatus.choices, "Not known yet"),
    )
    planned_discharge_date = date_field("Planned discharge date (optional)", required=False)
    reason_for_admission = forms.CharField(
        label="Reason for admission (optional)", required=False, max_length=100
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = active_wards()
        self.fields["commissioner"].queryset = commissioners()


class MoveWardForm(RegisterForm):
    ward = WardChoiceField(
        label="New ward", queryset=Ward.objects.none(), empty_label="Choose a ward"
    )
    move_date = date_field("Date of the move")

    def __init__(self, *args: Any, spell: HospitalSpell, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = active_wards().filter(site__provider_id=spell.provider_id)


class TransferProviderForm(RegisterForm):
    ward = WardChoiceField(
        label="Ward in the new hospital", queryset=Ward.objects.none(), empty_label="Choose a ward"
    )
    transfer_date = date_field("Date of the transfer")
    commissioner = OrganisationChoiceField(
        label="Commissioner",
        required=False,
        queryset=Organisation.objects.none(),
        empty_label="No change",
        help_text="Change this only if the responsible commissioner changes.",
    )

    def __init__(self, *args: Any, spell: HospitalSpell, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = active_wards().exclude(site__provider_id=spell.provider_id)
        self.fields["commissioner"].queryset = commissioners()


class DischargeForm(RegisterForm):
    required_messages = {"destination": "Choose where the person was discharged to"}
    discharge_date = date_field("Discharge date")
    destination = forms.ChoiceField(
        label="Discharged to",
        widget=forms.RadioSelect,
        choices=[c for c in DischargeDestination.choices if c[0] != DischargeDestination.DIED],
    )
    returned_to_previous_home = forms.TypedChoiceField(
        label="Did they return to the home they lived in before admission?",
        required=False,
        choices=[("", "Not known"), ("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        coerce=lambda value: value == "yes",
        empty_value=None,
    )


class DischargeDelayForm(RegisterForm):
    clinically_ready_date = date_field(
        "Clinically ready for discharge from",
        required=False,
        help_text="Leave empty to record that the discharge is no longer delayed.",
    )
    delay_reason = forms.ChoiceField(
        label="Reason for the delay", required=False, choices=with_blank(DelayReason.choices)
    )
    effective_date = date_field("Date of this update")


class PlannedDischargeForm(RegisterForm):
    planned_discharge_date = date_field(
        "Planned discharge date",
        required=False,
        help_text="Leave empty if there is no longer a planned date.",
    )
    effective_date = date_field("Date of this update")


class LegalStatusForm(RegisterForm):
    legal_status = forms.ChoiceField(label="Legal status", choices=with_blank(LegalStatus.choices))
    effective_date = date_field("Date this legal status started")


class RateRiskForm(RegisterForm):
    required_messages = {"rag": "Choose red, amber or green"}
    rag = forms.ChoiceField(
        label="Risk of admission",
        widget=forms.RadioSelect,
        choices=[(r.value, r.label) for r in (Rag.RED, Rag.AMBER, Rag.GREEN)],
    )
    effective_date = date_field("Date of the rating")
    rationale = forms.CharField(label="Why this rating", required=False, widget=forms.Textarea)
    consent_basis = forms.ChoiceField(
        label="Basis for adding them to the dynamic support register",
        required=False,
        choices=with_blank(ConsentBasis.choices, "As recorded on the person"),
    )


class CloseDsrForm(RegisterForm):
    required_messages = {"reason": "Choose why the person is leaving the register"}
    closed_on = date_field("Date they left the register")
    reason = forms.ChoiceField(
        label="Reason", choices=DsrClosedReason.choices, widget=forms.RadioSelect
    )


class CoordinatorForm(RegisterForm):
    user = forms.ModelChoiceField(
        label="Care coordinator using this system",
        required=False,
        queryset=User.objects.none(),
        empty_label="Someone outside this system",
    )
    external_name = forms.CharField(
        label="Or the name of a coordinator outside this system", required=False
    )
    organisation = OrganisationChoiceField(
        label="Their organisation",
        required=False,
        queryset=Organisation.objects.order_by("name"),
        empty_label="Their user account's organisation",
    )
    start_date = date_field("Start date")
    is_cpa = forms.BooleanField(label="Under the Care Programme Approach (CPA)", required=False)

    def __init__(self, *args: Any, partnership_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["user"]
        field.queryset = User.objects.filter(
            memberships__partnership_id=partnership_id,
            memberships__role__in=[Role.CARE_COORDINATOR, Role.COMMISSIONER],
            is_active=True,
        ).order_by("full_name")
        field.label_from_instance = lambda user: user.full_name


class TransferPartnershipForm(RegisterForm):
    required_messages = {"to_partnership": "Choose the partnership now responsible"}
    to_partnership = forms.ModelChoiceField(
        label="Partnership now responsible",
        queryset=Partnership.objects.none(),
        empty_label="Choose",
    )
    on = date_field("Date responsibility moves")

    def __init__(self, *args: Any, current_partnership_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["to_partnership"]
        field.queryset = Partnership.objects.exclude(pk=current_partnership_id).order_by("name")


class DeathForm(RegisterForm):
    date_of_death = date_field("Date of death")


class PlannedAdmissionForm(RegisterForm):
    planned_admission_date = date_field(
        "Planned admission date",
        required=False,
        help_text="The date an admission is planned or being considered. The community "
        "Care (Education) and Treatment Review is due by this date. Leave it empty when an "
        "admission is no longer planned.",
    )


class TransitionPlanForm(RegisterForm):
    transition_plan_started_on = date_field(
        "Date transition planning started",
        required=False,
        help_text="Planning for adulthood should start 6 months before the 18th birthday "
        "at the latest. Leave it empty to clear a date recorded by mistake.",
    )


def person_initial(person: Any) -> dict[str, Any]:
    """The edit form starts from the stored values (NHS number shown 3-3-4)."""
    from .nhs_numbers import format_nhs_number

    initial = {name: getattr(person, name) for name in PersonForm.base_fields}
    initial["nhs_number"] = format_nhs_number(person.nhs_number)
    initial["home_local_authority"] = person.home_local_authority_id
    initial["responsible_commissioner"] = person.responsible_commissioner_id
    return initial
