"""Read endpoints of the register: generic list and detail views over scoped selectors, with the
FilterSets the pages use. Every list records the ids it showed; every detail records the read."""

from __future__ import annotations

import copy
from typing import Any

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.audit import record_list, record_read
from accounts.models import AuditAction, Organisation, OrganisationType
from register.filters import (
    HospitalSpellFilter,
    IdFilter,
    RegisterFilter,
    RiskRatingFilter,
    WardStayFilter,
)
from register.models import BedType, Person, Ward
from register.selectors import (
    coordinator_choices,
    register_queryset,
    register_risk_ratings,
    register_spells,
    register_ward_stays,
)
from tcp.api import PERSON_LEVEL, etag_for
from tcp.api_schema import ETAG_HEADER

from . import examples
from .serializers import (
    HospitalSpellSerializer,
    OrganisationSerializer,
    PersonSerializer,
    RiskRatingSerializer,
    WardSerializer,
    WardStaySerializer,
)


class AuditedListApi(ListAPIView):
    """A list of person-level rows: the ids on the page go to the audit trail (DOMAIN.md 9)."""

    allowed_roles = PERSON_LEVEL
    audit_object_type = ""

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        ids = [row["id"] for row in response.data["results"]]
        record_list(request, object_type=self.audit_object_type, ids=ids, action=AuditAction.VIEW)
        return response


class AuditedDetailApi(RetrieveAPIView):
    allowed_roles = PERSON_LEVEL

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        record_read(request, instance)
        return Response(self.get_serializer(instance).data, headers=self.headers_for(instance))

    def headers_for(self, instance: Any) -> dict[str, str]:
        return {}


# --- people --------------------------------------------------------------------------------


class RegisterApiFilter(RegisterFilter):
    """The register page's own filters and sort, without its `search`: in an API a name or an
    NHS number would travel in the URL and reach logs, so the API searches by POST
    (people/search/) with the same condition."""

    search = None  # type: ignore[assignment]


# The coordinator options are the partnership's coordinators, known only per request.
RegisterApiFilter.base_filters["coordinator"] = extend_schema_field(
    {"type": "string", "description": "A coordinator's user id, or `none` for no coordinator."}
)(copy.deepcopy(RegisterApiFilter.base_filters["coordinator"]))


class RegisterFilterBackend(filters.DjangoFilterBackend):
    """Builds the register FilterSet as the page does: today's date and the coordinators."""

    def get_filterset(self, request: Request, queryset: QuerySet, view: Any) -> RegisterFilter:
        return RegisterApiFilter(
            request.query_params,
            queryset,
            request=request,
            coordinators=coordinator_choices(request.user),  # type: ignore[arg-type]
        )


@extend_schema(
    tags=["people"],
    summary="List people on the register",
    examples=[examples.page_of("A page of people", examples.PERSON)],
)
class PersonListApi(AuditedListApi):
    """People of your partnership (a care coordinator: their caseload), by family name.

    The same filters and sorts as the register page: where the person is (`status`), DSR
    rating, bed type, commissioner, area, age band, coordinator and delayed discharge. Names and
    NHS numbers are never query parameters: to find a person by either, use
    `POST /api/v1/people/search/`."""

    serializer_class = PersonSerializer
    filterset_class = RegisterApiFilter
    filter_backends = [RegisterFilterBackend]
    audit_object_type = "register.Person"

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user, no rows
            return Person.objects.visible_to(self.request.user)
        return register_queryset(self.request.user)  # type: ignore[arg-type]

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        filtered = super().filter_queryset(queryset)
        filtering = set(self.request.query_params) & (set(RegisterApiFilter.base_filters) - SORTS)
        if not filtering:
            # Unfiltered, the pager's total is the people's count: the register columns' joins
            # add at most one row per person (one open spell, open ward stay, active DSR entry
            # and current coordinator each: unique constraints and the ward-stay trigger) but
            # PostgreSQL cannot drop them from COUNT(*) (it does not prove uniqueness from
            # partial indexes): 7 ms of a national page for the same number (bench/FINDINGS.md).
            filtered.count_with = Person.objects.visible_to(self.request.user)
        return filtered


SORTS = frozenset({"sort"})


@extend_schema(
    tags=["people"],
    summary="Read one person",
    examples=[examples.one("A person", examples.PERSON)],
    parameters=[ETAG_HEADER],
)
class PersonDetailApi(AuditedDetailApi):
    """One person's details and current status. The read is audited.

    The `ETag` header identifies this version of the record: send it back in `If-Match` when
    you change the person (`PATCH /api/v1/people/{id}/update/`)."""

    serializer_class = PersonSerializer
    lookup_url_kwarg = "person_id"

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user, no rows
            return Person.objects.visible_to(self.request.user)
        return register_queryset(self.request.user)  # type: ignore[arg-type]

    def headers_for(self, instance: Any) -> dict[str, str]:
        return {"ETag": etag_for(instance)}


# --- hospital spells -----------------------------------------------------------------------


@extend_schema(
    tags=["hospital spells"],
    summary="List hospital spells",
    examples=[examples.page_of("A page of spells", examples.SPELL)],
)
class SpellListApi(AuditedListApi):
    """Hospital spells of the people you can see, newest admission first. `is_open=true` gives
    the current inpatients."""

    serializer_class = HospitalSpellSerializer
    filterset_class = HospitalSpellFilter
    audit_object_type = "register.HospitalSpell"

    def get_queryset(self) -> QuerySet:
        return register_spells(self.request.user)  # type: ignore[arg-type]


@extend_schema(
    tags=["hospital spells"],
    summary="Read one hospital spell",
    examples=[examples.one("A spell", examples.SPELL)],
)
class SpellDetailApi(AuditedDetailApi):
    """One hospital spell with its current legal status, planned discharge and ward."""

    serializer_class = HospitalSpellSerializer
    lookup_url_kwarg = "spell_id"

    def get_queryset(self) -> QuerySet:
        return register_spells(self.request.user)  # type: ignore[arg-type]


# --- ward stays ----------------------------------------------------------------------------


@extend_schema(
    tags=["hospital spells"],
    summary="List ward stays",
    examples=[examples.page_of("A page of ward stays", examples.WARD_STAY)],
)
class WardStayListApi(AuditedListApi):
    """Which ward each person was on, inside their spells; a move adds a row."""

    serializer_class = WardStaySerializer
    filterset_class = WardStayFilter
    audit_object_type = "register.WardStay"

    def get_queryset(self) -> QuerySet:
        return register_ward_stays(self.request.user)  # type: ignore[arg-type]


@extend_schema(
    tags=["hospital spells"],
    summary="Read one ward stay",
    examples=[examples.one("A ward stay", examples.WARD_STAY)],
)
class WardStayDetailApi(AuditedDetailApi):
    """One ward stay."""

    serializer_class = WardStaySerializer
    lookup_url_kwarg = "ward_stay_id"

    def get_queryset(self) -> QuerySet:
        return register_ward_stays(self.request.user)  # type: ignore[arg-type]


# --- risk ratings --------------------------------------------------------------------------


@extend_schema(
    tags=["dynamic support register"],
    summary="List risk ratings",
    examples=[examples.page_of("A page of ratings", examples.RISK_RATING)],
)
class RiskRatingListApi(AuditedListApi):
    """Dynamic support register ratings, newest first. Ratings are never changed: a new rating
    is a new row, and a person's current rating is their latest."""

    serializer_class = RiskRatingSerializer
    filterset_class = RiskRatingFilter
    audit_object_type = "register.RiskRating"

    def get_queryset(self) -> QuerySet:
        return register_risk_ratings(self.request.user)  # type: ignore[arg-type]


@extend_schema(
    tags=["dynamic support register"],
    summary="Read one risk rating",
    examples=[examples.one("A rating", examples.RISK_RATING)],
)
class RiskRatingDetailApi(AuditedDetailApi):
    """One risk rating."""

    serializer_class = RiskRatingSerializer
    lookup_url_kwarg = "rating_id"

    def get_queryset(self) -> QuerySet:
        return register_risk_ratings(self.request.user)  # type: ignore[arg-type]


# --- reference data ------------------------------------------------------------------------


class WardFilter(filters.FilterSet):
    site_ods_code = filters.CharFilter(field_name="site__ods_code", lookup_expr="iexact")
    provider = IdFilter(field_name="site__provider_id")
    bed_type = filters.ChoiceFilter(choices=BedType.choices)
    is_active = filters.BooleanFilter()

    class Meta:
        model = Ward
        fields: list[str] = []


class OrganisationFilter(filters.FilterSet):
    ods_code = filters.CharFilter(lookup_expr="iexact")
    type = filters.ChoiceFilter(choices=OrganisationType.choices)

    class Meta:
        model = Organisation
        fields: list[str] = []


@extend_schema_view(
    get=extend_schema(
        tags=["reference data"],
        summary="List hospital wards",
        examples=[examples.page_of("A page of wards", examples.WARD)],
    )
)
class WardListApi(ListAPIView):
    """Wards of every hospital (shared reference data), to find the `ward` id an admission or a
    ward move needs. Filter by the site's ODS code or the provider."""

    allowed_roles = PERSON_LEVEL
    serializer_class = WardSerializer
    filterset_class = WardFilter
    queryset = Ward.objects.select_related("site").order_by("site__name", "name", "pk")


@extend_schema_view(
    get=extend_schema(
        tags=["reference data"],
        summary="List organisations",
        examples=[examples.page_of("A page of organisations", examples.ORGANISATION)],
    )
)
class OrganisationListApi(ListAPIView):
    """Organisations (shared reference data), to find a commissioner's id by ODS code."""

    allowed_roles = PERSON_LEVEL
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    queryset = Organisation.objects.order_by("name", "pk")
