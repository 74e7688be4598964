"""Write endpoints of the register: one APIView per act, each calling the same service function
as the page's form (STYLE.md 5). Input serializers check shape only (types, lengths, choices);
every rule, the audit event and the after-commit signal live in register.services."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import get_visible_or_404
from accounts.audit import record_list
from accounts.models import AuditAction, Organisation, Role
from register.filters import search_condition
from register.models import (
    AdmissionSource,
    Cohort,
    ConsentBasis,
    DelayReason,
    DischargeDestination,
    EthnicCategory,
    HospitalSpell,
    LegalStatus,
    NoNhsNumberReason,
    Person,
    Rag,
    Sex,
    Ward,
)
from register.selectors import register_queryset, register_spells
from register.services import (
    admit_person,
    create_person,
    discharge_spell,
    move_ward,
    rate_risk,
    record_discharge_delay,
    set_legal_status,
    set_planned_discharge_date,
    transfer_to_provider,
    update_person,
)
from tcp.api import PERSON_LEVEL, etag_for, locked, require_if_match
from tcp.api_schema import ETAG_HEADER, IF_MATCH_HEADER

from . import examples
from .serializers import (
    DateInput,
    HospitalSpellSerializer,
    PersonSerializer,
    RiskRatingSerializer,
    WardStaySerializer,
)

# DOMAIN.md 9 (as register/views/common.py): the register is changed by commissioners;
# care coordinators also record discharge planning (delays, planned discharge dates).
CHANGE_REGISTER = frozenset({Role.COMMISSIONER})
PLAN_DISCHARGE = frozenset({Role.COMMISSIONER, Role.CARE_COORDINATOR})


def _organisation() -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        error_messages={
            "does_not_exist": "There is no organisation with id {pk_value}. "
            "Find organisation ids with GET /api/v1/organisations/."
        },
    )


def _ward() -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(
        queryset=Ward.objects.all(),
        error_messages={
            "does_not_exist": "There is no ward with id {pk_value}. "
            "Find ward ids with GET /api/v1/wards/.",
            "required": "Choose the ward",
        },
    )


def _person_answer(request: Request, person: Person, code: int = 200) -> Response:
    """The person as the detail endpoint shows them, with the new ETag."""
    person = register_queryset(request.user).get(pk=person.pk)  # type: ignore[arg-type]
    return Response(PersonSerializer(person).data, status=code, headers={"ETag": etag_for(person)})


def _spell_answer(request: Request, spell: HospitalSpell, code: int = 200) -> Response:
    spell = register_spells(request.user).get(pk=spell.pk)  # type: ignore[arg-type]
    return Response(HospitalSpellSerializer(spell).data, status=code)


class PersonInputSerializer(serializers.Serializer):
    """The person fields of the page's form, by the same names. What is required, and every
    rule about NHS numbers, dates and duplicates, is the service's to say."""

    nhs_number = serializers.CharField(required=False, allow_blank=True, max_length=20)
    nhs_number_absent_reason = serializers.ChoiceField(
        NoNhsNumberReason.choices, required=False, allow_blank=True
    )
    local_identifier = serializers.CharField(required=False, allow_blank=True, max_length=30)
    given_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    family_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    preferred_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    date_of_birth = DateInput(required=False)
    sex = serializers.ChoiceField(Sex.choices, required=False)
    ethnicity = serializers.ChoiceField(EthnicCategory.choices, required=False)
    has_learning_disability = serializers.BooleanField(required=False)
    has_autism = serializers.BooleanField(required=False)
    has_mental_health_condition = serializers.BooleanField(required=False)
    home_postcode = serializers.CharField(required=False, allow_blank=True, max_length=8)
    home_local_authority = _organisation()
    gp_practice_code = serializers.CharField(required=False, allow_blank=True, max_length=8)
    responsible_commissioner = _organisation()
    has_ehc_plan = serializers.BooleanField(required=False)
    cohorts = serializers.ListField(
        child=serializers.ChoiceField(Cohort.choices), required=False, max_length=len(Cohort)
    )
    support_level = serializers.CharField(required=False, allow_blank=True, max_length=2)
    objects_to_at = serializers.BooleanField(required=False)
    consent_date = DateInput(required=False, allow_null=True)
    consent_basis = serializers.ChoiceField(ConsentBasis.choices, required=False, allow_blank=True)


NEW_PERSON = {
    "nhs_number": "9990000018",
    "given_name": "Sam",
    "family_name": "Example",
    "date_of_birth": "1996-04-12",
    "sex": "1",
    "has_learning_disability": True,
    "has_autism": True,
    "cohorts": ["2"],
    "consent_date": "2026-01-05",
    "consent_basis": "CONSENT",
}


@extend_schema(
    tags=["people"],
    summary="Add a person to the register",
    request=PersonInputSerializer,
    responses={201: PersonSerializer},
    parameters=[ETAG_HEADER],
    examples=[
        examples.request("A new person", NEW_PERSON | {"confirm_possible_duplicate": False}),
        examples.one("The person added", examples.PERSON, "201"),
    ],
)
class PersonCreateApi(APIView):
    """Add a person to your partnership's register (the same checks as the 'Add a person'
    page). An NHS number already on the register is refused. Someone with the same date of
    birth and a similar name needs `confirm_possible_duplicate: true` after you have checked
    it is a different person."""

    allowed_roles = CHANGE_REGISTER

    class InputSerializer(PersonInputSerializer):
        confirm_possible_duplicate = serializers.BooleanField(required=False, default=False)

        class Meta:
            ref_name = "PersonCreateInput"

    def post(self, request: Request) -> Response:
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        person = create_person(
            partnership=request.user.active_partnership,  # type: ignore[union-attr]
            by=request.user,  # type: ignore[arg-type]
            **given.validated_data,
        )
        return _person_answer(request, person, status.HTTP_201_CREATED)


@extend_schema(
    tags=["people"],
    summary="Change a person's details",
    request=PersonInputSerializer,
    responses={200: PersonSerializer},
    parameters=[IF_MATCH_HEADER, ETAG_HEADER],
    examples=[
        examples.request("A new postcode", {"home_postcode": "MK41 7AB"}),
        examples.one("The person changed", examples.PERSON),
    ],
)
class PersonUpdateApi(APIView):
    """Change only the fields you send. Send the `ETag` of the version you read in `If-Match`:
    if someone changed the person since, you get 409 and nothing is saved (no lost update)."""

    allowed_roles = CHANGE_REGISTER
    if_match_required = True

    class InputSerializer(PersonInputSerializer):
        class Meta:
            ref_name = "PersonUpdateInput"

    def patch(self, request: Request, person_id: int) -> Response:
        person = get_visible_or_404(Person.objects, request.user, pk=person_id)  # type: ignore[arg-type]
        given = self.InputSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        with transaction.atomic():
            person = locked(person)  # the ETag check and the change see the same version
            require_if_match(request, person)
            person = update_person(person=person, by=request.user, **given.validated_data)  # type: ignore[arg-type]
        return _person_answer(request, person)


@extend_schema(
    tags=["people"],
    summary="Find people by name or NHS number",
    examples=[
        examples.request("By NHS number", {"search": "999 000 0018"}),
        examples.page_of("People found", examples.PERSON),
    ],
)
class PersonSearchApi(GenericAPIView):
    """The register page's search, sent in the body so that names and NHS numbers stay out of
    URLs and logs: an NHS number (spaces allowed) matches exactly; otherwise every word must
    appear in a given, family or preferred name, or the whole term is a local identifier."""

    allowed_roles = PERSON_LEVEL
    serializer_class = PersonSerializer

    class InputSerializer(serializers.Serializer):
        search = serializers.CharField(max_length=100)

        class Meta:
            ref_name = "PersonSearchInput"

    @extend_schema(request=InputSerializer, responses={200: PersonSerializer(many=True)})
    def post(self, request: Request) -> Response:
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        found = self.get_queryset().filter(search_condition(given.validated_data["search"]))
        page = self.paginate_queryset(found)
        rows = self.get_serializer(page, many=True).data
        ids = [row["id"] for row in rows]
        record_list(request, object_type="register.Person", ids=ids, action=AuditAction.VIEW)
        return self.get_paginated_response(rows)

    def get_queryset(self) -> QuerySet[Person]:
        if getattr(self, "swagger_fake_view", False):
            return Person.objects.visible_to(self.request.user)
        return register_queryset(self.request.user).order_by("family_name", "given_name", "pk")  # type: ignore[arg-type]


@extend_schema(
    tags=["hospital spells"],
    summary="Admit a person to hospital",
    responses={201: HospitalSpellSerializer},
    examples=[
        examples.request(
            "A crisis admission",
            {
                "admission_date": "2026-09-14",
                "ward": 31,
                "commissioner": 3,
                "admission_source": "COMMUNITY",
                "legal_status": "S2",
            },
        ),
        examples.one("The new spell", examples.SPELL, "201"),
    ],
)
class PersonAdmitApi(APIView):
    """Open a hospital spell on a ward (as the 'Admit' page). The admission kind (first,
    readmission within 12 months, transfer) and the continuous stay are worked out for you;
    the person's DSR rating becomes blue."""

    allowed_roles = CHANGE_REGISTER

    class InputSerializer(serializers.Serializer):
        admission_date = DateInput()
        ward = _ward()
        commissioner = serializers.PrimaryKeyRelatedField(
            queryset=Organisation.objects.all(),
            error_messages={
                "does_not_exist": "There is no organisation with id {pk_value}. "
                "Find organisation ids with GET /api/v1/organisations/?type=ICB."
            },
        )
        admission_source = serializers.ChoiceField(AdmissionSource.choices)
        is_planned = serializers.BooleanField(required=False, default=False)
        legal_status = serializers.ChoiceField(
            LegalStatus.choices, required=False, allow_blank=True, default=""
        )
        planned_discharge_date = DateInput(required=False, allow_null=True, default=None)
        reason_for_admission = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=100
        )

        class Meta:
            ref_name = "PersonAdmitInput"

    @extend_schema(request=InputSerializer)
    def post(self, request: Request, person_id: int) -> Response:
        person = get_visible_or_404(Person.objects, request.user, pk=person_id)  # type: ignore[arg-type]
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        spell = admit_person(person=person, by=request.user, **given.validated_data)  # type: ignore[arg-type]
        return _spell_answer(request, spell, status.HTTP_201_CREATED)


@extend_schema(
    tags=["dynamic support register"],
    summary="Rate a person's risk of admission",
    responses={201: RiskRatingSerializer},
    examples=[
        examples.request(
            "An amber rating",
            {"rag": "AMBER", "effective_date": "2026-10-30", "rationale": "Placement under strain"},
        ),
        examples.one("The new rating", examples.RISK_RATING, "201"),
    ],
)
class PersonRateRiskApi(APIView):
    """Record a red, amber or green rating on the dynamic support register (blue is set
    automatically while in hospital). Someone not yet on the register is added, which needs a
    consent basis. Ratings are never changed: each is a new row."""

    allowed_roles = CHANGE_REGISTER

    class InputSerializer(serializers.Serializer):
        rag = serializers.ChoiceField(Rag.choices)
        effective_date = DateInput()
        rationale = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=2000
        )
        consent_basis = serializers.ChoiceField(
            ConsentBasis.choices, required=False, allow_null=True, default=None
        )

        class Meta:
            ref_name = "PersonRateRiskInput"

    @extend_schema(request=InputSerializer)
    def post(self, request: Request, person_id: int) -> Response:
        person = get_visible_or_404(Person.objects, request.user, pk=person_id)  # type: ignore[arg-type]
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        rating = rate_risk(person=person, by=request.user, **given.validated_data)  # type: ignore[arg-type]
        return Response(RiskRatingSerializer(rating).data, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=["hospital spells"],
    summary="Discharge a person from hospital",
    responses={200: HospitalSpellSerializer},
    examples=[
        examples.request(
            "Home to supported living",
            {
                "discharge_date": "2026-11-20",
                "destination": "SUPPORTED_LIVING",
                "returned_to_previous_home": False,
            },
        ),
        examples.one(
            "The closed spell",
            examples.SPELL
            | {"discharge_date": "2026-11-20", "discharge_destination": "SUPPORTED_LIVING"},
        ),
    ],
)
class SpellDischargeApi(APIView):
    """End an open hospital spell (as the 'Discharge' page). The person's DSR rating becomes
    red for the post-discharge period. A death is recorded on the person, not here."""

    allowed_roles = CHANGE_REGISTER

    class InputSerializer(serializers.Serializer):
        discharge_date = DateInput()
        destination = serializers.ChoiceField(DischargeDestination.choices)
        returned_to_previous_home = serializers.BooleanField(
            required=False, allow_null=True, default=None
        )

        class Meta:
            ref_name = "SpellDischargeInput"

    @extend_schema(request=InputSerializer)
    def post(self, request: Request, spell_id: int) -> Response:
        spell = get_visible_or_404(HospitalSpell.objects, request.user, pk=spell_id)  # type: ignore[arg-type]
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        spell = discharge_spell(spell=spell, by=request.user, **given.validated_data)  # type: ignore[arg-type]
        return _spell_answer(request, spell)


@extend_schema(
    tags=["hospital spells"],
    summary="Move a person to another ward",
    responses={201: WardStaySerializer},
    examples=[
        examples.request("A move", {"ward": 32, "move_date": "2026-10-02"}),
        examples.one("The new ward stay", examples.WARD_STAY | {"ward": 32}, "201"),
    ],
)
class SpellMoveWardApi(APIView):
    """Move to another ward of the same provider: the current ward stay ends and a new one
    starts on the move date. A move to another provider is a transfer, not a ward move."""

    allowed_roles = CHANGE_REGISTER

    class InputSerializer(serializers.Serializer):
        ward = _ward()
        move_date = DateInput()

        class Meta:
            ref_name = "SpellMoveWardInput"

    @extend_schema(request=InputSerializer)
    def post(self, request: Request, spell_id: int) -> Response:
        spell = get_visible_or_404(HospitalSpell.objects, request.user, pk=spell_id)  # type: ignore[arg-type]
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        stay = move_ward(spell=spell, by=request.user, **given.validated_data)  # type: ignore[arg-type]
        return Response(WardStaySerializer(stay).data, status=status.HTTP_201_CREATED)


class SpellChangeApi(APIView):
    """One change to an open spell: shape-checked input, then the service, then the spell."""

    InputSerializer: type[serializers.Serializer]
    service: Callable[..., HospitalSpell]  # the register service the page's form calls

    def post(self, request: Request, spell_id: int) -> Response:
        spell = get_visible_or_404(HospitalSpell.objects, request.user, pk=spell_id)  # type: ignore[arg-type]
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        spell = type(self).service(spell=spell, by=request.user, **given.validated_data)
        return _spell_answer(request, spell, self.answer_status)

    answer_status = status.HTTP_200_OK


@extend_schema(
    tags=["hospital spells"],
    summary="Transfer a person to another hospital",
    responses={201: HospitalSpellSerializer},
    examples=[
        examples.request("A transfer", {"transfer_date": "2026-10-20", "ward": 41}),
        examples.one("The new spell", examples.SPELL | {"admission_kind": "TRANSFER"}, "201"),
    ],
)
class SpellTransferApi(SpellChangeApi):
    """Move to a ward of another provider: this spell closes (to another hospital) and a
    TRANSFER spell opens in the same continuous stay; the answer is the new spell."""

    allowed_roles = CHANGE_REGISTER
    answer_status = status.HTTP_201_CREATED
    service = staticmethod(transfer_to_provider)

    class InputSerializer(serializers.Serializer):
        transfer_date = DateInput()
        ward = _ward()
        commissioner = _organisation()

        class Meta:
            ref_name = "SpellTransferInput"

    @extend_schema(request=InputSerializer)
    def post(self, request: Request, spell_id: int) -> Response:
        return super().post(request, spell_id)


@extend_schema(
    tags=["hospital spells"],
    summary="Record a delayed discharge",
    responses={200: HospitalSpellSerializer},
    examples=[
        examples.request(
            "Ready, waiting for housing",
            {
                "clinically_ready_date": "2026-10-01",
                "delay_reason": "HOUSING",
                "effective_date": "2026-10-03",
            },
        ),
        examples.one("The spell", examples.SPELL | {"clinically_ready_date": "2026-10-01"}),
    ],
)
class SpellDelayApi(SpellChangeApi):
    """Record that the person is clinically ready for discharge and why they are still in
    hospital; send `clinically_ready_date: null` when the discharge is no longer delayed."""

    allowed_roles = PLAN_DISCHARGE
    service = staticmethod(record_discharge_delay)

    class InputSerializer(serializers.Serializer):
        clinically_ready_date = DateInput(allow_null=True)
        delay_reason = serializers.ChoiceField(
            DelayReason.choices, required=False, allow_blank=True, default=""
        )
        effective_date = DateInput()

        class Meta:
            ref_name = "SpellDelayInput"

    @extend_schema(request=InputSerializer)
    def post(self, request: Request, spell_id: int) -> Response:
        return super().post(request, spell_id)


@extend_schema(
    tags=["hospital spells"],
    summary="Set the planned discharge date",
    responses={200: HospitalSpellSerializer},
    examples=[
        examples.request(
            "Planned for December",
            {"planned_discharge_date": "2026-12-01", "effective_date": "2026-11-02"},
        ),
        examples.one("The spell", examples.SPELL),
    ],
)
class SpellPlannedDischargeApi(SpellChangeApi):
    """Set or clear (`null`) the planned discharge date; each change is kept as history."""

    allowed_roles = PLAN_DISCHARGE
    service = staticmethod(set_planned_discharge_date)

    class InputSerializer(serializers.Serializer):
        planned_discharge_date = DateInput(allow_null=True)
        effective_date = DateInput()

        class Meta:
            ref_name = "SpellPlannedDischargeInput"

    @extend_schema(request=InputSerializer)
    def post(self, request: Request, spell_id: int) -> Response:
        return super().post(request, spell_id)


@extend_schema(
    tags=["hospital spells"],
    summary="Record a change of legal status",
    responses={200: HospitalSpellSerializer},
    examples=[
        examples.request(
            "Now on section 3", {"legal_status": "S3", "effective_date": "2026-10-12"}
        ),
        examples.one("The spell", examples.SPELL | {"legal_status": "S3"}),
    ],
)
class SpellLegalStatusApi(SpellChangeApi):
    """Record the Mental Health Act (or other) legal status from a date; kept as history."""

    allowed_roles = CHANGE_REGISTER
    service = staticmethod(set_legal_status)

    class InputSerializer(serializers.Serializer):
        legal_status = serializers.ChoiceField(LegalStatus.choices)
        effective_date = DateInput()

        class Meta:
            ref_name = "SpellLegalStatusInput"

    @extend_schema(request=InputSerializer)
    def post(self, request: Request, spell_id: int) -> Response:
        return super().post(request, spell_id)
