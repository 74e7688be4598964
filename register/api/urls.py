"""Register endpoints, included under /api/v1/ in the `api` namespace (tcp/api_urls.py)."""

from django.urls import path

from . import reads

urlpatterns = [
    path("people/", reads.PersonListApi.as_view(), name="person_list"),
    path("people/<int:person_id>/", reads.PersonDetailApi.as_view(), name="person_detail"),
    path("spells/", reads.SpellListApi.as_view(), name="spell_list"),
    path("spells/<int:spell_id>/", reads.SpellDetailApi.as_view(), name="spell_detail"),
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
