"""Register endpoints, included under /api/v1/ in the `api` namespace (tcp/api_urls.py)."""

from django.urls import path

from . import reads, writes

urlpatterns = [
    path("people/", reads.PersonListApi.as_view(), name="person_list"),
    path("people/create/", writes.PersonCreateApi.as_view(), name="person_create"),
    path("people/search/", writes.PersonSearchApi.as_view(), name="person_search"),
    path("people/<int:person_id>/", reads.PersonDetailApi.as_view(), name="person_detail"),
    path("people/<int:person_id>/update/", writes.PersonUpdateApi.as_view(), name="person_update"),
    path("people/<int:person_id>/admit/", writes.PersonAdmitApi.as_view(), name="person_admit"),
    path(
        "people/<int:person_id>/rate-risk/",
        writes.PersonRateRiskApi.as_view(),
        name="person_rate_risk",
    ),
    path("spells/", reads.SpellListApi.as_view(), name="spell_list"),
    path("spells/<int:spell_id>/", reads.SpellDetailApi.as_view(), name="spell_detail"),
    path(
        "spells/<int:spell_id>/discharge/",
        writes.SpellDischargeApi.as_view(),
        name="spell_discharge",
    ),
    path(
        "spells/<int:spell_id>/move-ward/",
        writes.SpellMoveWardApi.as_view(),
        name="spell_move_ward",
    ),
    path(
        "spells/<int:spell_id>/transfer/", writes.SpellTransferApi.as_view(), name="spell_transfer"
    ),
    path("spells/<int:spell_id>/delay/", writes.SpellDelayApi.as_view(), name="spell_delay"),
    path(
        "spells/<int:spell_id>/planned-discharge/",
        writes.SpellPlannedDischargeApi.as_view(),
        name="spell_planned_discharge",
    ),
    path(
        "spells/<int:spell_id>/legal-status/",
        writes.SpellLegalStatusApi.as_view(),
        name="spell_legal_status",
    ),
    path("ward-stays/", reads.WardStayListApi.as_view(), name="ward_stay_list"),
    path(
        "ward-stays/<int:ward_stay_id>/", reads.WardStayDetailApi.as_view(), name="ward_stay_detail"
    ),
    path("risk-ratings/", reads.RiskRatingListApi.as_view(), name="risk_rating_list"),
    path(
        "risk-ratings/<int:rating_id>/",
        reads.RiskRatingDetailApi.as_view(),
        name="risk_rating_detail",
    ),
    path("wards/", reads.WardListApi.as_view(), name="ward_list"),
    path("organisations/", reads.OrganisationListApi.as_view(), name="organisation_list"),
]
