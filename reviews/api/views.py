"""The reviews API: C(E)TRs with their panel and actions, actions with their current status, the
stored schedule, and the writes 'record a held review with its actions' and 'change an action's
status', which call the same services as the pages."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import get_visible_or_404
from accounts.models import Organisation, Role, User
from register.api.reads import AuditedDetailApi, AuditedListApi
from register.api.serializers import DateInput, MomentInput
from register.models import HospitalSpell, Person
from reviews.filters import ActionFilter, CareReviewFilter, ScheduledItemFilter
from reviews.models import (
    Action,
    ActionStatus,
    ActionStatusChange,
    CareReview,
    PanelMember,
    PanelRole,
    ReviewOutcome,
    ReviewSetting,
    ReviewType,
    ScheduledItem,
)
from reviews.services import NewAction, PanelSeat, change_action_status, record_review

from . import examples

# As reviews/views.py: commissioners and care coordinators record reviews and actions;
# partnership administrators read them; board members see no person-level data.
EDITORS = frozenset({Role.COMMISSIONER, Role.CARE_COORDINATOR})
READERS = frozenset({Role.COMMISSIONER, Role.CARE_COORDINATOR, Role.PARTNERSHIP_ADMIN})


# --- output --------------------------------------------------------------------------------


class PanelMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = PanelMember
        fields = ["role", "name", "organisation", "is_independent_of_provider"]


class ActionSerializer(serializers.ModelSerializer):
    current_status = serializers.ChoiceField(
        ActionStatus.choices, read_only=True, help_text="The latest status in its history."
    )

    class Meta:
        model = Action
        fields = [
            "id",
            "person",
            "review",
            "recommendation",
            "owner_organisation",
            "owner_user",
            "due_date",
            "current_status",
            "created_at",
        ]


class CareReviewSerializer(serializers.ModelSerializer):
    panel = PanelMemberSerializer(many=True, read_only=True)
    actions = ActionSerializer(many=True, read_only=True)

    class Meta:
        model = CareReview
        fields = [
            "id",
            "person",
            "spell",
            "review_type",
            "is_cetr",
            "status",
            "requested_at",
            "offered_date",
            "held_date",
            "report_issued_date",
            "setting",
            "person_attended",
            "family_or_carer_attended",
            "advocate_attended",
            "outcome",
            "is_safe",
            "is_good_care_now",
            "has_plans_for_future",
            "could_care_be_in_community",
            "is_in_right_place",
            "closed_on",
            "panel",
            "actions",
            "created_at",
            "updated_at",
        ]


class ScheduledItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScheduledItem
        fields = [
            "id",
            "person",
            "spell",
            "rule_id",
            "kind",
            "anchor_date",
            "due_date",
            "status",
            "satisfied_on",
            "satisfied_by_review",
            "satisfied_by_visit",
            "is_declined",
            "cancelled_on",
        ]


def _actions(user: User) -> QuerySet[Action]:
    return (
        Action.objects.visible_to(user)
        .with_current_status()  # type: ignore[attr-defined]
        .order_by("due_date", "pk")
    )


def _reviews(user: User) -> QuerySet[CareReview]:
    return (
        CareReview.objects.visible_to(user)
        .prefetch_related("panel", Prefetch("actions", queryset=_actions(user)))
        .order_by("-held_date", "-pk")
    )


@extend_schema_field(OpenApiTypes.INT)
class VisibleSpellField(serializers.PrimaryKeyRelatedField):
    """A hospital spell id, among the spells the requesting user may see."""

    def get_queryset(self) -> QuerySet[HospitalSpell]:
        return HospitalSpell.objects.visible_to(self.context["request"].user)


# --- reads ---------------------------------------------------------------------------------


@extend_schema(
    tags=["reviews"],
    summary="List care and treatment reviews",
    examples=[examples.page_of("A page of reviews", examples.REVIEW)],
)
class CareReviewListApi(AuditedListApi):
    """C(E)TRs of the people you can see, latest held first, each with its panel and actions.
    Filter by person, status, type, outcome or held date."""

    allowed_roles = READERS
    serializer_class = CareReviewSerializer
    filterset_class = CareReviewFilter
    audit_object_type = "reviews.CareReview"

    def get_queryset(self) -> QuerySet[CareReview]:
        return _reviews(self.request.user)  # type: ignore[arg-type]


@extend_schema(
    tags=["reviews"],
    summary="Read one review",
    examples=[examples.one("A review", examples.REVIEW)],
)
class CareReviewDetailApi(AuditedDetailApi):
    """One C(E)TR with its panel, outcome, answers to the key questions and actions."""

    allowed_roles = READERS
    serializer_class = CareReviewSerializer
    lookup_url_kwarg = "review_id"

    def get_queryset(self) -> QuerySet[CareReview]:
        return _reviews(self.request.user)  # type: ignore[arg-type]


@extend_schema(
    tags=["reviews"],
    summary="List actions from reviews",
    examples=[examples.page_of("A page of actions", examples.ACTION)],
)
class ActionListApi(AuditedListApi):
    """Recommendations of reviews as actions, by due date, with their current status.
    `is_overdue=true` gives those not done or cancelled and past their due date."""

    allowed_roles = READERS
    serializer_class = ActionSerializer
    filterset_class = ActionFilter
    audit_object_type = "reviews.Action"

    def get_queryset(self) -> QuerySet[Action]:
        return _actions(self.request.user)  # type: ignore[arg-type]


@extend_schema(
    tags=["reviews"],
    summary="List scheduled reviews and visits",
    examples=[examples.page_of("A page of scheduled items", examples.SCHEDULED_ITEM)],
)
class ScheduledItemListApi(AuditedListApi):
    """What the policy schedule says is due for each person (C(E)TRs, oversight visits,
    reviews of ratings), by due date; `is_overdue=true` gives what is late today."""

    allowed_roles = READERS
    serializer_class = ScheduledItemSerializer
    filterset_class = ScheduledItemFilter
    audit_object_type = "reviews.ScheduledItem"

    def get_queryset(self) -> QuerySet[ScheduledItem]:
        return ScheduledItem.objects.visible_to(self.request.user).order_by("due_date", "pk")  # type: ignore[arg-type]


# --- writes --------------------------------------------------------------------------------


class PanelSeatInput(serializers.Serializer):
    role = serializers.ChoiceField(PanelRole.choices)
    name = serializers.CharField(max_length=150)
    organisation = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_independent_of_provider = serializers.BooleanField(required=False, default=True)

    class Meta:
        ref_name = "PanelSeatInput"


class NewActionInput(serializers.Serializer):
    recommendation = serializers.CharField(max_length=2000, allow_blank=True)
    due_date = DateInput(allow_null=True)
    owner_organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True, default=None
    )
    owner_user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True, default=None
    )

    class Meta:
        ref_name = "NewActionInput"


@extend_schema(
    tags=["reviews"],
    summary="Record a held review with its actions",
    responses={201: CareReviewSerializer},
    examples=[
        examples.request("A post-admission C(E)TR", examples.RECORD_REVIEW),
        examples.one("The review recorded", examples.REVIEW, "201"),
    ],
)
class ReviewRecordApi(APIView):
    """Record a C(E)TR that has been held, in one step, as the 'Record a review' page: the
    panel must include the chair, an expert by experience and a clinical expert; an inpatient
    review answers the four key questions; each recommendation names an owner and a due date.
    All or nothing: any problem leaves nothing behind. The schedule is recomputed afterwards."""

    allowed_roles = EDITORS

    class InputSerializer(serializers.Serializer):
        review_type = serializers.ChoiceField(ReviewType.choices)
        held_date = DateInput(allow_null=True)
        outcome = serializers.ChoiceField(ReviewOutcome.choices, allow_blank=True)
        panel = PanelSeatInput(many=True, max_length=20)
        actions = NewActionInput(many=True, required=False, max_length=50)
        spell = VisibleSpellField(required=False, allow_null=True, default=None)
        requested_at = MomentInput(required=False, allow_null=True, default=None)
        offered_date = DateInput(required=False, allow_null=True, default=None)
        report_issued_date = DateInput(required=False, allow_null=True, default=None)
        setting = serializers.ChoiceField(
            ReviewSetting.choices, required=False, allow_blank=True, default=""
        )
        is_safe = serializers.BooleanField(required=False, allow_null=True, default=None)
        is_good_care_now = serializers.BooleanField(required=False, allow_null=True, default=None)
        has_plans_for_future = serializers.BooleanField(
            required=False, allow_null=True, default=None
        )
        could_care_be_in_community = serializers.BooleanField(
            required=False, allow_null=True, default=None
        )
        is_in_right_place = serializers.BooleanField(required=False, allow_null=True, default=None)
        person_attended = serializers.BooleanField(required=False, default=False)
        family_or_carer_attended = serializers.BooleanField(required=False, default=False)
        advocate_attended = serializers.BooleanField(required=False, default=False)

        class Meta:
            ref_name = "ReviewRecordInput"

    @extend_schema(request=InputSerializer)
    def post(self, request: Request, person_id: int) -> Response:
        person = get_visible_or_404(Person.objects, request.user, pk=person_id)  # type: ignore[arg-type]
        given = self.InputSerializer(data=request.data, context={"request": request})
        given.is_valid(raise_exception=True)
        values = dict(given.validated_data)
        panel = [PanelSeat(**seat) for seat in values.pop("panel")]
        actions = [NewAction(**action) for action in values.pop("actions", [])]
        review = record_review(
            person=person,
            by=request.user,  # type: ignore[arg-type]
            panel=panel,
            actions=actions,
            **values,
        )
        review = _reviews(request.user).get(pk=review.pk)  # type: ignore[arg-type]
        return Response(CareReviewSerializer(review).data, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=["reviews"],
    summary="Change an action's status",
    responses={200: ActionSerializer},
    examples=[
        examples.request("Done", {"status": "DONE", "reason": ""}),
        examples.one("The action", examples.ACTION | {"current_status": "DONE"}),
    ],
)
class ActionStatusApi(APIView):
    """Add a status to an action's history (the latest is its current status). 'Not done
    (escalated)' needs the reason and to whom it was escalated."""

    allowed_roles = EDITORS

    class InputSerializer(serializers.Serializer):
        status = serializers.ChoiceField(ActionStatus.choices)
        reason = serializers.CharField(
            max_length=2000, required=False, allow_blank=True, default=""
        )

        class Meta:
            ref_name = "ActionStatusInput"

    @extend_schema(request=InputSerializer)
    def post(self, request: Request, action_id: int) -> Response:
        action = get_visible_or_404(Action.objects, request.user, pk=action_id)  # type: ignore[arg-type]
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        change: ActionStatusChange = change_action_status(
            action=action,
            by=request.user,  # type: ignore[arg-type]
            **given.validated_data,
        )
        action = _actions(request.user).get(pk=change.action_id)  # type: ignore[arg-type]
        return Response(ActionSerializer(action).data)
