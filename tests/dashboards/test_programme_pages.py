"""Pages for entered figures, plans, risks and milestones: access for every URL (anonymous,
each role, another partnership), the writes they make, and list query counts."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import AuditEvent, PartnershipPopulation, Role
from dashboards.models import (
    ExternalFigure,
    Milestone,
    MilestoneRevision,
    ProgrammeRisk,
    RiskRevision,
    TrajectoryPlan,
)
from dashboards.services import create_milestone, create_risk

pytestmark = pytest.mark.django_db

RISK = {
    "cause": "Housing shortage",
    "risk": "people cannot leave hospital",
    "consequence": "longer stays",
    "inherent_likelihood": "H",
    "inherent_impact": "H",
    "mitigation": "New supported living scheme",
    "residual_likelihood": "M",
    "residual_impact": "M",
    "owner": "Director of commissioning",
    "review_date": "2026-12-01",
    "status": "OPEN",
}
MILESTONE = {
    "workstream": "Housing",
    "title": "Scheme open",
    "owner": "Head of housing",
    "due_date": "2026-12-31",
    "forecast_date": "",
    "completed_on": "",
    "rag_override": "",
    "override_reason": "",
}
FIGURE = {
    "key": "GP_LD_REGISTER",
    "period": "2026-05-10",
    "value": "4000",
    "source": "QOF LD register 2026-27",
}


@pytest.fixture
def risk(partnership, make_member):
    by = make_member(Role.COMMISSIONER, partnership)
    values = {**RISK, "review_date": dt.date(2026, 12, 1)}
    return create_risk(partnership=partnership, by=by, **values)


@pytest.fixture
def milestone(partnership, make_member):
    by = make_member(Role.COMMISSIONER, partnership)
    return create_milestone(
        partnership=partnership,
        by=by,
        today=dt.date(2026, 11, 1),
        workstream="Housing",
        title="Scheme open",
        owner="Head",
        due_date=dt.date(2026, 12, 31),
    )


ADMIN_ONLY = ["/dashboard/figures/", "/dashboard/plans/"]
PROGRAMME = [
    "/dashboard/risks/",
    "/dashboard/risks/new/",
    "/dashboard/milestones/",
    "/dashboard/milestones/new/",
]


@pytest.mark.parametrize("url", [*ADMIN_ONLY, *PROGRAMME, "/dashboard/plans/population/"])
def test_pages_need_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("url", ADMIN_ONLY)
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.PARTNERSHIP_ADMIN, 200),
        (Role.COMMISSIONER, 403),
        (Role.CARE_COORDINATOR, 403),
        (Role.BOARD_MEMBER, 403),
    ],
)
def test_figures_and_plans_are_for_partnership_administrators(login_as, url, role, status):
    assert login_as(role).get(url).status_code == status


@pytest.mark.parametrize("url", PROGRAMME)
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.PARTNERSHIP_ADMIN, 200),
        (Role.COMMISSIONER, 200),
        (Role.CARE_COORDINATOR, 403),
        (Role.BOARD_MEMBER, 403),
    ],
)
def test_risks_and_milestones_are_for_commissioners_and_administrators(login_as, url, role, status):
    assert login_as(role).get(url).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.PARTNERSHIP_ADMIN, 200),
        (Role.COMMISSIONER, 200),
        (Role.CARE_COORDINATOR, 403),
        (Role.BOARD_MEMBER, 403),
    ],
)
def test_risk_and_milestone_records_by_role(login_as, risk, milestone, role, status):
    client = login_as(role)
    for url in (
        f"/dashboard/risks/{risk.pk}/",
        f"/dashboard/risks/{risk.pk}/edit/",
        f"/dashboard/milestones/{milestone.pk}/",
        f"/dashboard/milestones/{milestone.pk}/edit/",
    ):
        assert client.get(url).status_code == status, url


def test_another_partnerships_risk_or_milestone_is_not_found(
    login_as, other_partnership, risk, milestone
):
    outsider = login_as(Role.COMMISSIONER, partnership=other_partnership)
    for url in (
        f"/dashboard/risks/{risk.pk}/",
        f"/dashboard/risks/{risk.pk}/edit/",
        f"/dashboard/milestones/{milestone.pk}/",
        f"/dashboard/milestones/{milestone.pk}/edit/",
    ):
        assert outsider.get(url).status_code == 404, url
    assert (
        outsider.post(f"/dashboard/risks/{risk.pk}/edit/", RISK | {"owner": "x"}).status_code == 404
    )
    risk.refresh_from_db()
    assert risk.owner == "Director of commissioning"


def test_population_post_is_for_administrators_only(login_as):
    post = {
        "financial_year_start": "2026",
        "adults_18_plus": "734000",
        "children_under_18": "228000",
    }
    assert login_as(Role.COMMISSIONER).post("/dashboard/plans/population/", post).status_code == 403
    assert login_as(Role.PARTNERSHIP_ADMIN).get("/dashboard/plans/population/").status_code == 405
    response = login_as(Role.PARTNERSHIP_ADMIN).post("/dashboard/plans/population/", post)
    assert response.status_code == 302
    assert PartnershipPopulation.objects.get().adults_18_plus == 734_000


def test_an_administrator_enters_a_figure_with_its_source(login_as, partnership):
    client = login_as(Role.PARTNERSHIP_ADMIN)
    response = client.post("/dashboard/figures/", FIGURE)
    assert response.status_code == 302
    figure = ExternalFigure.objects.get()
    assert (figure.partnership, figure.period, figure.source) == (
        partnership,
        dt.date(2026, 4, 1),
        "QOF LD register 2026-27",
    )
    assert AuditEvent.objects.filter(object_type="dashboards.ExternalFigure").count() == 1
    page = client.get("/dashboard/figures/").content.decode()
    assert "QOF LD register 2026-27" in page


def test_a_figure_without_a_source_is_refused(login_as):
    response = login_as(Role.PARTNERSHIP_ADMIN).post("/dashboard/figures/", FIGURE | {"source": ""})
    assert response.status_code == 200
    assert "Error: " in response.content.decode()
    assert not ExternalFigure.objects.exists()


def test_an_administrator_enters_a_quarterly_plan(login_as):
    response = login_as(Role.PARTNERSHIP_ADMIN).post(
        "/dashboard/plans/",
        {"quarter": "2026-11-24", "commissioner_type": "NHSE_SPEC", "planned_inpatients": "12"},
    )
    assert response.status_code == 302
    plan = TrajectoryPlan.objects.get()
    assert (plan.quarter_start, plan.planned_inpatients) == (dt.date(2026, 10, 1), 12)


def test_a_commissioner_adds_and_changes_a_risk(login_as):
    client = login_as(Role.COMMISSIONER)
    response = client.post("/dashboard/risks/new/", RISK)
    risk = ProgrammeRisk.objects.get()
    assert response.url == f"/dashboard/risks/{risk.pk}/"
    assert (risk.inherent_score, risk.residual_score) == (9, 4)
    client.post(f"/dashboard/risks/{risk.pk}/edit/", RISK | {"residual_likelihood": "L"})
    risk.refresh_from_db()
    assert risk.residual_score == 2
    page = client.get(f"/dashboard/risks/{risk.pk}/").content.decode()
    assert "changed residual likelihood from “M” to “L”" in page
    assert RiskRevision.objects.filter(risk=risk).count() == 2


def test_a_milestone_override_without_a_reason_is_refused(login_as, milestone):
    client = login_as(Role.COMMISSIONER)
    response = client.post(
        f"/dashboard/milestones/{milestone.pk}/edit/", MILESTONE | {"rag_override": "GREEN"}
    )
    assert response.status_code == 200
    assert "Enter why the RAG rating is being overridden." in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.rag_override == ""
    assert MilestoneRevision.objects.filter(milestone=milestone).count() == 1
    response = client.post(
        f"/dashboard/milestones/{milestone.pk}/edit/",
        MILESTONE | {"rag_override": "GREEN", "override_reason": "Agreed"},
    )
    assert response.status_code == 302
    assert Milestone.objects.get().rag_override == "GREEN"


def test_e15_a_completed_milestone_shows_complete(login_as):
    client = login_as(Role.COMMISSIONER)
    client.post(
        "/dashboard/milestones/new/",
        MILESTONE | {"due_date": "2026-06-30", "completed_on": "2026-06-20"},
    )
    page = client.get("/dashboard/milestones/").content.decode()
    assert "Complete" in page


@pytest.mark.parametrize("url", ["/dashboard/risks/", "/dashboard/milestones/"])
def test_programme_lists_run_a_constant_number_of_queries(
    login_as, partnership, url, django_assert_num_queries
):
    client = login_as(Role.COMMISSIONER)

    def add(count, offset):
        for index in range(offset, offset + count):
            create_risk(
                partnership=partnership,
                by=client.user,
                **(RISK | {"risk": f"r{index}", "review_date": dt.date(2026, 12, 1)}),
            )
            create_milestone(
                partnership=partnership,
                by=client.user,
                today=dt.date(2026, 11, 1),
                workstream="w",
                title=f"m{index}",
                owner="o",
                due_date=dt.date(2026, 12, 31),
            )

    add(1, 0)
    client.get(url)
    with django_assert_num_queries(8):  # the same with 1 and with 20 rows
        assert client.get(url).status_code == 200
    add(19, 1)
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
