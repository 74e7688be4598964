"""Shapes of the reviews pages' input. Field names match the services' keywords; the rules
themselves live in reviews/services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory

from accounts.models import Organisation, Partnership, Role, User
from register.models import HospitalSpell, Person

from .models import (
    KEY_QUESTIONS,
    ActionStatus,
    CareReview,
    PanelRole,
    ReviewOutcome,
    ReviewSetting,
    ReviewType,
)
from .services import NewAction, PanelSeat, panel_rows


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def date_field(label: str, *, required: bool = False, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput(),
        error_messages={"invalid": f"{label} must be a real date."},
    )


YES_NO = [("yes", "Yes"), ("no", "No")]
YES_NO_UNKNOWN = [("yes", "Yes"), ("no", "No"), ("", "Not recorded")]


def _to_bool(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def yes_no_field(
    label: str, *, required: bool = False, unknown: bool = False
) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO_UNKNOWN if unknown else YES_NO,
        coerce=_to_bool,
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
        error_messages={"required": f"Answer the question: {label}"},
    )


ATTENDANCE = [
    ("person_attended", "The person"),
    ("family_or_carer_attended", "Family member or carer"),
    ("advocate_attended", "Advocate"),
]


class ReviewPlanForm(forms.Form):
    review_type = forms.ChoiceField(
        label="Type of review",
        choices=ReviewType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of review."},
    )
    spell = forms.ModelChoiceField(
        label="Hospital stay",
        queryset=HospitalSpell.objects.none(),
        required=False,
        help_text="For an inpatient review. Leave blank to use the current stay.",
    )
    requested_at = forms.DateTimeField(
        label="When the urgent review was requested",
        required=False,
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text="Urgent community reviews only: due within 72 hours of the request.",
        error_messages={"invalid": "Enter the date and time of the request."},
    )
    offered_date = date_field("Date offered or planned")
    setting = forms.ChoiceField(
        label="Where the review takes place",
        choices=[("", "Not decided"), *ReviewSetting.choices],
        required=False,
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        spells = HospitalSpell.objects.filter(person=person).order_by("-admission_date")
        self.fields["spell"].queryset = spells
        self.fields["spell"].label_from_instance = lambda spell: (
            f"Admitted {spell.admission_date:%d %b %Y}"
            + (
                f", discharged {spell.discharge_date:%d %b %Y}"
                if spell.discharge_date
                else " (current)"
            )
        )


class ReviewHeldForm(forms.Form):
    """What makes a review held: date, outcome, key questions, attendance."""

    held_date = date_field("Date the review was held")
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=ReviewOutcome.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="Community: admission avoided, recommended or already admitted. "
        "Inpatient: the panel's overall finding.",
    )
    is_safe = yes_no_field(KEY_QUESTIONS[0][1])
    is_good_care_now = yes_no_field(KEY_QUESTIONS[1][1])
    has_plans_for_future = yes_no_field(KEY_QUESTIONS[2][1])
    could_care_be_in_community = yes_no_field(KEY_QUESTIONS[3][1])
    is_in_right_place = yes_no_field("Is the person in the right place?", unknown=True)
    attendance = forms.MultipleChoiceField(
        label="Who attended",
        choices=ATTENDANCE,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    setting = forms.ChoiceField(
        label="Where the review took place",
        choices=[("", "Not recorded"), *ReviewSetting.choices],
        required=False,
    )
    report_issued_date = date_field(
        "Date the report was issued", help_text="Leave blank if the report is not out yet."
    )

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        chosen = set(data.pop("attendance", []))
        data.update({name: name in chosen for name, _ in ATTENDANCE})
        return data


class ReviewCorrectionForm(forms.Form):
    """Put right what a held review recorded: date, outcome, key answers (and the panel, in
    its formset), with the reason kept in the audit log."""

    held_date = date_field("Date the review was held")
    outcome = ReviewHeldForm.base_fields["outcome"]
    is_safe = yes_no_field(KEY_QUESTIONS[0][1])
    is_good_care_now = yes_no_field(KEY_QUESTIONS[1][1])
    has_plans_for_future = yes_no_field(KEY_QUESTIONS[2][1])
    could_care_be_in_community = yes_no_field(KEY_QUESTIONS[3][1])
    reason = forms.CharField(
        label="Why are you correcting this review?",
        help_text="For example: the wrong date was typed, or a panel member was left out. "
        "What the review said before is kept in the audit log.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        required=False,
    )

    @classmethod
    def initial_for(cls, review: Any) -> dict[str, Any]:
        answers = {
            name: {True: "yes", False: "no"}.get(getattr(review, name), "")
            for name, _ in KEY_QUESTIONS
        }
        return {"held_date": review.held_date, "outcome": review.outcome, **answers}

    def service_kwargs(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


def panel_initial(review: Any) -> list[dict[str, Any]]:
    """The stored panel, with one empty row to add a member."""
    return [*panel_rows(review), {"role": ""}]


class ReviewRecordForm(ReviewPlanForm, ReviewHeldForm):
    """A review already held, recorded in one go: its type and dates, then what was held."""

    setting = forms.ChoiceField(
        label="Where the review took place",
        choices=[("", "Not recorded"), *ReviewSetting.choices],
        required=False,
    )
    offered_date = date_field("Date the review was offered", help_text="Optional.")

    field_order = [
        "review_type",
        "spell",
        "requested_at",
        "offered_date",
        "held_date",
        "setting",
        "attendance",
        "outcome",
        "is_safe",
        "is_good_care_now",
        "has_plans_for_future",
        "could_care_be_in_community",
        "is_in_right_place",
        "report_issued_date",
    ]


class PanelMemberForm(forms.Form):
    role = forms.ChoiceField(
        label="Role", choices=[("", "Choose a role"), *PanelRole.choices], required=False
    )
    name = forms.CharField(label="Name", max_length=150, required=False)
    organisation = forms.CharField(label="Organisation", max_length=200, required=False)
    is_independent_of_provider = forms.BooleanField(
        label="Independent of the hospital provider", required=False, initial=True
    )

    def clean(self) -> dict[str, Any]:
        """A row without a name is left out (the first three come with their role chosen); the
        service then says which of the required roles are missing."""
        data = super().clean() or {}
        if data.get("name", "").strip() and not data.get("role"):
            self.add_error("role", "Choose the role of this panel member.")
        return data


PanelFormSet = formset_factory(PanelMemberForm, extra=0)

DEFAULT_PANEL = [
    {"role": PanelRole.CHAIR_COMMISSIONER},
    {"role": PanelRole.EXPERT_BY_EXPERIENCE},
    {"role": PanelRole.CLINICAL_EXPERT},
    {"role": ""},
    {"role": ""},
]


def panel_seats(formset: Any) -> list[PanelSeat]:
    return [
        PanelSeat(
            role=form.cleaned_data["role"],
            name=form.cleaned_data["name"],
            organisation=form.cleaned_data.get("organisation", ""),
            is_independent_of_provider=form.cleaned_data.get("is_independent_of_provider", False),
        )
        for form in formset.forms
        if form.cleaned_data.get("name", "").strip()
    ]


class LoadedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField over rows loaded once and shared by every form of a formset: the
    options and the validation of each row use the list, not a query per row (N+1)."""

    def use(self, objects: list[Any], label: Any = str) -> None:
        self.loaded = {str(obj.pk): obj for obj in objects}
        self.choices = [("", self.empty_label), *((obj.pk, label(obj)) for obj in objects)]

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        loaded = getattr(self, "loaded", None)
        if loaded is None:
            return super().to_python(value)
        try:
            return loaded[str(value)]
        except KeyError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


def action_owner_choices(partnership: Partnership | int) -> dict[str, list[Any]]:
    """The organisations and named owners an action can have: load once per page (form_kwargs)."""
    return {
        "organisations": list(Organisation.objects.order_by("name")),
        "owners": list(
            User.objects.filter(memberships__partnership=partnership, is_active=True)
            .exclude(memberships__role=Role.BOARD_MEMBER)
            .order_by("full_name")
            .distinct()
        ),
    }


class ActionForm(forms.Form):
    recommendation = forms.CharField(
        label="Recommendation", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    owner_organisation = LoadedModelChoiceField(
        label="Owner organisation", queryset=Organisation.objects.all(), required=False
    )
    owner_user = LoadedModelChoiceField(
        label="Named owner", queryset=User.objects.all(), required=False
    )
    due_date = date_field("Due date")

    def __init__(
        self,
        *args: Any,
        partnership: Partnership | int,
        organisations: list[Organisation] | None = None,
        owners: list[User] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if organisations is None or owners is None:
            loaded = action_owner_choices(partnership)
            organisations, owners = loaded["organisations"], loaded["owners"]
        self.fields["owner_organisation"].use(organisations)
        self.fields["owner_user"].use(owners, label=lambda user: user.full_name)

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) for name in self.fields)

    def new_action(self) -> NewAction:
        data = self.cleaned_data
        return NewAction(
            recommendation=data.get("recommendation", ""),
            due_date=data.get("due_date"),
            owner_organisation=data.get("owner_organisation"),
            owner_user=data.get("owner_user"),
        )


ActionFormSet = formset_factory(ActionForm, extra=3)


def new_actions(formset: Any) -> list[NewAction]:
    return [form.new_action() for form in formset.forms if not form.is_blank()]


class ReviewCloseForm(forms.Form):
    status = forms.ChoiceField(
        label="What happened",
        choices=[
            ("DECLINED", "The person declined the review"),
            ("CANCELLED", "The review was cancelled"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the review was declined or cancelled."},
    )
    reason = forms.CharField(
        label="Reason", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    offered_date = date_field(
        "Date the review was offered", help_text="Needed when the person declined."
    )


class ReviewEditForm(forms.Form):
    report_issued_date = date_field("Date the report was issued")
    setting = forms.ChoiceField(
        label="Where the review took place",
        choices=[("", "Not recorded"), *ReviewSetting.choices],
        required=False,
    )
    is_in_right_place = yes_no_field("Is the person in the right place?", unknown=True)
    attendance = forms.MultipleChoiceField(
        label="Who attended",
        choices=ATTENDANCE,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        chosen = set(data.pop("attendance", []))
        data.update({name: name in chosen for name, _ in ATTENDANCE})
        return data

    @staticmethod
    def initial_for(review: CareReview) -> dict[str, Any]:
        right_place = {True: "yes", False: "no"}.get(review.is_in_right_place, "")  # type: ignore[arg-type]
        return {
            "report_issued_date": review.report_issued_date,
            "setting": review.setting,
            "is_in_right_place": right_place,
            "attendance": [name for name, _ in ATTENDANCE if getattr(review, name)],
        }


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="New status",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the new status of the action."},
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Required when the action was not done: say why and to whom it was escalated.",
    )


class OversightVisitForm(forms.Form):
    visit_date = date_field("Date of the visit")
    organisation = forms.ModelChoiceField(
        label="Visiting organisation", queryset=Organisation.objects.none(), required=False
    )
    is_host_commissioner = forms.BooleanField(
        label="The visit was made by the host commissioner", required=False
    )
    has_concerns = yes_no_field("Were concerns raised?", required=True)
    concerns = forms.CharField(
        label="Concerns raised", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")


WINDOWS = [
    ("", "All outstanding"),
    ("overdue", "Overdue"),
    ("14", "Overdue or due in the next 14 days"),
    ("56", "Overdue or due in the next 8 weeks"),
]
SETTINGS = [
    ("", "Any setting"),
    ("COMMUNITY", "Community"),
    ("NON_SECURE", "Hospital: non-secure ward"),
    ("SECURE", "Hospital: secure ward"),
]


class WorklistFilterForm(forms.Form):
    rule = forms.ChoiceField(label="Rule", required=False)
    window = forms.ChoiceField(label="Due", choices=WINDOWS, required=False)
    coordinator = forms.ChoiceField(label="Care coordinator", required=False)
    setting = forms.ChoiceField(label="Setting", choices=SETTINGS, required=False)
    person = forms.IntegerField(label="Record number", required=False, min_value=1)

    def __init__(
        self,
        *args: Any,
        rules: list[tuple[str, str]],
        coordinators: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [("", "Any rule"), *rules]
        self.fields["coordinator"].choices = [
            ("", "Any coordinator"),
            ("me", "People I coordinate"),
            *coordinators,
        ]
