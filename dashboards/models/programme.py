"""Programme management: planned trajectories, risks and milestones (DOMAIN.md 6)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Self

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Case, F, Q, Value, When

from accounts.models import Partnership, PartnershipScopedQuerySet, TimeStampedModel
from register.models import CommissionerType, Rag


class TrajectoryPlan(TimeStampedModel):
    """Planned inpatients at the end of a financial quarter, per commissioner type."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    quarter_start = models.DateField()
    commissioner_type = models.CharField(max_length=10, choices=CommissionerType.choices)
    planned_inpatients = models.PositiveIntegerField()
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["quarter_start", "commissioner_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "quarter_start", "commissioner_type"],
                name="trajectory_one_plan_per_quarter_and_type",
            ),
            models.CheckConstraint(
                condition=Q(quarter_start__day=1) & Q(quarter_start__month__in=[1, 4, 7, 10]),
                name="trajectory_quarter_start_is_a_quarter",
            ),
        ]

    def __str__(self) -> str:
        return f"Trajectory plan {self.pk}"


class Level(models.TextChoices):
    """Likelihood and impact, High/Medium/Low as in the Essex and BLMK risk registers."""

    HIGH = "H", "High"
    MEDIUM = "M", "Medium"
    LOW = "L", "Low"


LEVEL_SCORE = {Level.HIGH: 3, Level.MEDIUM: 2, Level.LOW: 1}


def risk_score(likelihood: str, impact: str) -> int:
    return LEVEL_SCORE[Level(likelihood)] * LEVEL_SCORE[Level(impact)]


def risk_rag(score: int) -> Rag:
    """DOMAIN.md 6: score = likelihood x impact; RED >= 6, AMBER 3-4, GREEN <= 2."""
    if score >= 6:
        return Rag.RED
    if score >= 3:
        return Rag.AMBER
    return Rag.GREEN


def _score_expression(likelihood: str, impact: str) -> Case:
    def level(field: str) -> Case:
        return Case(
            *(When(**{field: code}, then=Value(score)) for code, score in LEVEL_SCORE.items()),
            output_field=models.IntegerField(),
        )

    return level(likelihood) * level(impact)  # type: ignore[return-value]


class RiskStatus(models.TextChoices):
    OPEN = "OPEN", "Open"
    CLOSED = "CLOSED", "Closed"


class ProgrammeRiskQuerySet(PartnershipScopedQuerySet):
    def open(self) -> Self:
        return self.filter(status=RiskStatus.OPEN)

    def with_scores(self) -> Self:
        return self.annotate(
            inherent_score_db=_score_expression("inherent_likelihood", "inherent_impact"),
            residual_score_db=_score_expression("residual_likelihood", "residual_impact"),
        )


class ProgrammeRisk(TimeStampedModel):
    """A programme risk: as a result of <cause>, there is a risk that <risk>, which may lead to
    <consequence>. Scored before (inherent) and after (residual) mitigation."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    cause = models.TextField("As a result of")
    risk = models.TextField("There is a risk that")
    consequence = models.TextField("Which may lead to")
    inherent_likelihood = models.CharField(max_length=1, choices=Level.choices)
    inherent_impact = models.CharField(max_length=1, choices=Level.choices)
    mitigation = models.TextField()
    residual_likelihood = models.CharField(max_length=1, choices=Level.choices)
    residual_impact = models.CharField(max_length=1, choices=Level.choices)
    owner = models.CharField(max_length=150)
    review_date = models.DateField()
    status = models.CharField(max_length=8, choices=RiskStatus.choices, default=RiskStatus.OPEN)

    objects = ProgrammeRiskQuerySet.as_manager()

    class Meta:
        ordering = ["status", "review_date", "pk"]

    def __str__(self) -> str:
        return f"Programme risk {self.pk}"

    @property
    def inherent_score(self) -> int:
        return risk_score(self.inherent_likelihood, self.inherent_impact)

    @property
    def residual_score(self) -> int:
        return risk_score(self.residual_likelihood, self.residual_impact)

    @property
    def inherent_rag(self) -> Rag:
        return risk_rag(self.inherent_score)

    @property
    def residual_rag(self) -> Rag:
        return risk_rag(self.residual_score)


class RiskRevision(models.Model):
    """Append-only history of a risk: one row per change, with who made it."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    risk = models.ForeignKey(ProgrammeRisk, on_delete=models.PROTECT, related_name="revisions")
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changes = models.JSONField(encoder=DjangoJSONEncoder)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"Risk revision {self.pk}"


class MilestoneQuerySet(PartnershipScopedQuerySet):
    def with_rag(self, *, today: date) -> Self:
        """DOMAIN.md 6 and E15, in SQL so the dashboard counts milestones by RAG in one query.

        Complete -> GREEN; forecast after due, or due passed and not complete -> RED; forecast on
        or before due but flagged at risk, or forecast within MILESTONE_AMBER_DAYS of due with no
        update for 30 days -> AMBER; otherwise GREEN. A manual override wins (it has a reason).
        """
        amber_days = settings.MILESTONE_AMBER_DAYS
        stale_before = today - timedelta(days=settings.MILESTONE_STALE_DAYS)
        forecast = models.functions.Coalesce(F("forecast_date"), F("due_date"))
        return self.annotate(
            computed_rag=Case(
                When(completed_on__isnull=False, then=Value(Rag.GREEN)),
                When(due_date__lt=today, then=Value(Rag.RED)),
                When(
                    Q(forecast_date__isnull=False, forecast_date__gt=F("due_date")),
                    then=Value(Rag.RED),
                ),
                When(is_at_risk=True, then=Value(Rag.AMBER)),
                When(
                    Q(last_update_on__lt=stale_before)
                    & Q(due_date__lte=forecast + timedelta(days=amber_days)),
                    then=Value(Rag.AMBER),
                ),
                default=Value(Rag.GREEN),
                output_field=models.CharField(),
            ),
        ).annotate(
            rag=Case(
                When(~Q(rag_override=""), then=F("rag_override")),
                default=F("computed_rag"),
                output_field=models.CharField(),
            )
        )


class Milestone(TimeStampedModel):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    workstream = models.CharField(max_length=100)
    title = models.CharField(max_length=200)
    owner = models.CharField(max_length=150)
    due_date = models.DateField()
    forecast_date = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    is_at_risk = models.BooleanField("Owner flags this milestone as at risk", default=False)
    last_update_on = models.DateField(help_text="Day the owner last updated the milestone.")
    rag_override = models.CharField(
        max_length=5,
        blank=True,
        choices=[(Rag.RED, "Red"), (Rag.AMBER, "Amber"), (Rag.GREEN, "Green")],
    )
    override_reason = models.TextField(blank=True)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rag_override="") | ~Q(override_reason=""),
                name="milestone_override_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Milestone {self.pk}"


class MilestoneRevision(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="revisions")
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changes = models.JSONField(encoder=DjangoJSONEncoder)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"Milestone revision {self.pk}"
