"""Programme milestones and risks (DOMAIN.md 6, E15)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import AuditEvent
from dashboards.models import Milestone, MilestoneRevision, ProgrammeRisk, RiskRevision
from dashboards.services import create_milestone, create_risk, update_milestone, update_risk

pytestmark = pytest.mark.django_db
DUE = dt.date(2026, 6, 30)
TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def commissioner(make_member, partnership):
    return make_member("COMMISSIONER", partnership)


def _milestone(partnership, by, **fields):
    values = {
        "workstream": "Housing",
        "title": "Open the new supported living scheme",
        "owner": "Head of housing",
        "due_date": DUE,
    } | fields
    return create_milestone(partnership=partnership, by=by, today=TODAY, **values)


def _rags(partnership, today=TODAY):
    return dict(
        Milestone.objects.for_partnership(partnership)
        .with_rag(today=today)
        .values_list("title", "rag")
    )


def test_e15_milestone_rag(partnership, commissioner):
    _milestone(partnership, commissioner, title="a", completed_on=dt.date(2026, 6, 20))
    _milestone(partnership, commissioner, title="b", forecast_date=dt.date(2026, 7, 15))
    _milestone(
        partnership, commissioner, title="c", forecast_date=dt.date(2026, 6, 25), is_at_risk=True
    )
    _milestone(partnership, commissioner, title="on track", forecast_date=dt.date(2026, 6, 1))
    assert _rags(partnership) == {"a": "GREEN", "b": "RED", "c": "AMBER", "on track": "GREEN"}


def test_a_milestone_past_due_and_not_complete_is_red(partnership, commissioner):
    _milestone(partnership, commissioner, title="late")
    _milestone(partnership, commissioner, title="done", completed_on=dt.date(2026, 7, 2))
    assert _rags(partnership, today=dt.date(2026, 7, 1)) == {"late": "RED", "done": "GREEN"}


def test_a_close_forecast_with_no_update_for_30_days_is_amber(partnership, commissioner):
    _milestone(partnership, commissioner, title="close", forecast_date=dt.date(2026, 6, 20))
    _milestone(partnership, commissioner, title="early", forecast_date=dt.date(2026, 6, 10))
    # Both were last updated on 1 June, 28 days before 29 June: not stale yet.
    assert _rags(partnership, today=dt.date(2026, 6, 29)) == {"close": "GREEN", "early": "GREEN"}
    Milestone.objects.update(last_update_on=dt.date(2026, 5, 20))  # 40 days before 29 June
    assert _rags(partnership, today=dt.date(2026, 6, 29)) == {"close": "AMBER", "early": "GREEN"}


def test_an_override_needs_a_reason_and_is_recorded(partnership, commissioner):
    milestone = _milestone(partnership, commissioner, forecast_date=dt.date(2026, 7, 15))
    with pytest.raises(ValidationError) as refused:
        update_milestone(milestone=milestone, by=commissioner, today=TODAY, rag_override="AMBER")
    assert refused.value.message_dict == {
        "override_reason": ["Enter why the RAG rating is being overridden."]
    }
    assert MilestoneRevision.objects.count() == 1  # only the creation
    update_milestone(
        milestone=milestone,
        by=commissioner,
        today=TODAY,
        rag_override="AMBER",
        override_reason="Funding agreed at board; date recovers in July",
    )
    assert _rags(partnership) == {"Open the new supported living scheme": "AMBER"}
    revision = MilestoneRevision.objects.first()
    assert revision.changes["rag_override"] == {"from": "", "to": "AMBER"}
    event = AuditEvent.objects.filter(object_type="dashboards.Milestone", action="update").get()
    assert event.summary["changed"]["rag_override"] == {"from": "", "to": "AMBER"}


def test_the_database_refuses_an_override_without_a_reason(partnership):
    with (
        pytest.raises(IntegrityError, match="milestone_override_needs_reason"),
        transaction.atomic(),
    ):
        Milestone.objects.create(
            partnership=partnership,
            workstream="w",
            title="t",
            owner="o",
            due_date=DUE,
            last_update_on=TODAY,
            rag_override="GREEN",
        )


@pytest.mark.parametrize(
    ("likelihood", "impact", "score", "rag"),
    [
        ("H", "H", 9, "RED"),
        ("H", "M", 6, "RED"),
        ("M", "M", 4, "AMBER"),
        ("H", "L", 3, "AMBER"),
        ("M", "L", 2, "GREEN"),
        ("L", "L", 1, "GREEN"),
    ],
)
def test_risk_score_is_likelihood_times_impact(
    partnership, commissioner, likelihood, impact, score, rag
):
    risk = create_risk(
        partnership=partnership,
        by=commissioner,
        cause="Housing shortage",
        risk="people cannot be discharged",
        consequence="longer stays",
        mitigation="new scheme",
        inherent_likelihood=likelihood,
        inherent_impact=impact,
        residual_likelihood="L",
        residual_impact="L",
        owner="Director",
        review_date=dt.date(2026, 9, 1),
    )
    assert (risk.inherent_score, risk.inherent_rag, risk.residual_rag) == (score, rag, "GREEN")
    scored = ProgrammeRisk.objects.with_scores().get(pk=risk.pk)
    assert scored.inherent_score_db == score


def test_risk_changes_are_kept_as_history(partnership, commissioner):
    risk = create_risk(
        partnership=partnership,
        by=commissioner,
        cause="Recruitment",
        risk="staff gaps",
        consequence="delays",
        mitigation="agency",
        inherent_likelihood="H",
        inherent_impact="H",
        residual_likelihood="M",
        residual_impact="H",
        owner="HR lead",
        review_date=dt.date(2026, 9, 1),
    )
    update_risk(
        programme_risk=risk,
        by=commissioner,
        residual_likelihood="L",
        mitigation="Joint recruitment campaign",
    )
    update_risk(
        programme_risk=risk, by=commissioner, residual_likelihood="L"
    )  # no change: no revision
    revisions = list(RiskRevision.objects.filter(risk=risk).order_by("pk"))
    assert len(revisions) == 2
    assert revisions[1].changes == {
        "mitigation": {"from": "agency", "to": "Joint recruitment campaign"},
        "residual_likelihood": {"from": "M", "to": "L"},
    }
    assert revisions[1].changed_by == commissioner


def test_a_risk_without_its_owner_is_refused(partnership, commissioner):
    with pytest.raises(ValidationError) as refused:
        create_risk(
            partnership=partnership,
            by=commissioner,
            cause="c",
            risk="r",
            consequence="c",
            mitigation="m",
            inherent_likelihood="H",
            inherent_impact="H",
            residual_likelihood="M",
            residual_impact="H",
            owner="  ",
            review_date=dt.date(2026, 9, 1),
        )
    assert refused.value.message_dict == {"owner": ["Enter who owns the risk."]}
    assert not ProgrammeRisk.objects.exists()
