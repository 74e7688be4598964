"""Dashboard pages: thin views over selectors, services and presenters (STYLE.md 4)."""

from __future__ import annotations

from functools import partial
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import ALL_ROLES, get_visible_or_404, role_required
from accounts.audit import record_event
from accounts.forms import call_service
from accounts.models import AuditAction, Role
from tcp.spreadsheet import XlsxSheet, csv_stream, xlsx_bytes, xlsx_response

from . import selectors, services
from .forms import (
    ExternalFigureForm,
    MilestoneForm,
    PeriodForm,
    PopulationForm,
    RiskForm,
    TrajectoryPlanForm,
)
from .metrics import REGISTRY
from .metrics.periods import month_start, parse_month
from .metrics.registry import drill_filters
from .models import ExternalFigure, Milestone, ProgrammeRisk, TrajectoryPlan
from .presenters import RAG_TAG_CLASSES, dashboard_presenter, milestone_rag_tag

PROGRAMME_ROLES = (Role.COMMISSIONER, Role.PARTNERSHIP_ADMIN)
DRILL_ROLES = (Role.COMMISSIONER, Role.PARTNERSHIP_ADMIN)


@require_GET
@role_required(*ALL_ROLES)
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = PeriodForm(request.GET or None, today=today)
    month = parse_month(form.cleaned_data["month"]) if form.is_valid() else month_start(today)
    role = request.user.active_role  # type: ignore[union-attr]
    page = dashboard_presenter(
        partnership=request.user.active_partnership,  # type: ignore[union-attr]
        month=month,
        today=today,
        board=role == Role.BOARD_MEMBER,
        can_drill=role in DRILL_ROLES,
    )
    if not form.is_bound:
        form = PeriodForm(initial={"month": month.strftime("%Y-%m")}, today=today)
    context = {
        "page": page,
        "period_form": form,
        "role": role,
        "can_edit_programme": role in PROGRAMME_ROLES,
        "is_admin": role == Role.PARTNERSHIP_ADMIN,
    }
    return render(request, "dashboards/dashboard.jinja", context)


@require_GET
@role_required(*DRILL_ROLES)
def drill_down(request: HttpRequest, metric_id: str) -> HttpResponse:
    """From a count to the people behind it: the register list with that filter. Audited."""
    metric = REGISTRY.get(metric_id)
    filters = (
        None
        if metric is None
        else drill_filters(metric, split=request.GET.get("split"), value=request.GET.get("value"))
    )
    if metric is None or filters is None:
        raise Http404("No list of people stands behind this figure.")
    record_event(
        actor=request.user,
        action=AuditAction.VIEW,  # type: ignore[arg-type]
        object_type="dashboards.drill_down",
        object_id=metric.id,
        summary={"month": request.GET.get("month", "")[:7], "filters": filters},
    )
    # The register list's filters are register.filters.RegisterFilter (docs/metrics.md).
    return redirect(f"{reverse('register:person_list')}?{urlencode(filters)}")


@require_http_methods(["GET", "POST"])
@role_required(Role.PARTNERSHIP_ADMIN)
def external_figures(request: HttpRequest) -> HttpResponse:
    form = ExternalFigureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved, _ = call_service(
            request,
            form,
            partial(
                services.record_external_figure,
                partnership=request.user.active_partnership,  # type: ignore[union-attr]
                by=request.user,
                **form.cleaned_data,
            ),  # type: ignore[arg-type]
            success="Figure saved.",
        )
        if saved:
            return redirect("dashboards:external_figures")
    rows = ExternalFigure.objects.visible_to(request.user).select_related("entered_by")
    page = Paginator(rows.order_by("key", "-period"), 50).get_page(request.GET.get("page"))
    return render(request, "dashboards/external_figures.jinja", {"form": form, "page": page})


def _plans_page(
    request: HttpRequest, plan_form: TrajectoryPlanForm, population_form: PopulationForm
) -> HttpResponse:
    plans = TrajectoryPlan.objects.visible_to(request.user).order_by(
        "-quarter_start", "commissioner_type"
    )
    context = {
        "form": plan_form if plan_form.is_bound else population_form,
        "plan_form": plan_form,
        "population_form": population_form,
        "plans": plans,
        "populations": selectors.populations(request.user.active_partnership),  # type: ignore[union-attr]
    }
    return render(request, "dashboards/plans.jinja", context)


@require_http_methods(["GET", "POST"])
@role_required(Role.PARTNERSHIP_ADMIN)
def plans(request: HttpRequest) -> HttpResponse:
    form = TrajectoryPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved, _ = call_service(
            request,
            form,
            partial(
                services.set_trajectory_plan,
                partnership=request.user.active_partnership,  # type: ignore[union-attr]
                by=request.user,
                **form.cleaned_data,
            ),  # type: ignore[arg-type]
            success="Planned trajectory saved.",
        )
        if saved:
            return redirect("dashboards:plans")
    return _plans_page(request, form, PopulationForm())


@require_POST
@role_required(Role.PARTNERSHIP_ADMIN)
def population(request: HttpRequest) -> HttpResponse:
    form = PopulationForm(request.POST)
    if form.is_valid():
        saved, _ = call_service(
            request,
            form,
            partial(
                services.set_population,
                partnership=request.user.active_partnership,  # type: ignore[union-attr]
                by=request.user,
                **form.cleaned_data,
            ),  # type: ignore[arg-type]
            success="Population saved.",
        )
        if saved:
            return redirect("dashboards:plans")
    return _plans_page(request, TrajectoryPlanForm(), form)


@require_GET
@role_required(*PROGRAMME_ROLES)
def risk_list(request: HttpRequest) -> HttpResponse:
    risks = (
        ProgrammeRisk.objects.visible_to(request.user)
        .with_scores()
        .order_by("status", "-residual_score_db", "review_date", "pk")
    )
    return render(
        request, "dashboards/risk_list.jinja", {"risks": risks, "rag_classes": RAG_TAG_CLASSES}
    )


RISK_EXPORT_HEADER = (
    "Reference",
    "As a result of",
    "There is a risk that",
    "Which may lead to",
    "Likelihood before",
    "Impact before",
    "Score before",
    "Rating before",
    "Mitigation",
    "Likelihood after",
    "Impact after",
    "Score after",
    "Rating after",
    "Owner",
    "Review date",
    "Status",
)


def _risk_export_rows(request: HttpRequest) -> list[list[object]]:
    """The risk register as listed, audited as an export of the risks in it."""
    risks = list(
        ProgrammeRisk.objects.visible_to(request.user)
        .with_scores()
        .order_by("status", "-residual_score_db", "review_date", "pk")
    )
    record_event(
        actor=request.user,  # type: ignore[arg-type]
        action=AuditAction.EXPORT,
        object_type="dashboards.ProgrammeRisk",
        summary={"ids": [risk.pk for risk in risks]},
    )
    return [
        [
            r.pk,
            r.cause,
            r.risk,
            r.consequence,
            r.get_inherent_likelihood_display(),
            r.get_inherent_impact_display(),
            r.inherent_score,
            r.inherent_rag.label,
            r.mitigation,
            r.get_residual_likelihood_display(),
            r.get_residual_impact_display(),
            r.residual_score,
            r.residual_rag.label,
            r.owner,
            r.review_date,
            r.get_status_display(),
        ]
        for r in risks
    ]


@require_GET
@role_required(*PROGRAMME_ROLES)
def risk_export(request: HttpRequest) -> HttpResponse:
    response = StreamingHttpResponse(
        csv_stream(RISK_EXPORT_HEADER, _risk_export_rows(request)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="risk-register.csv"'
    return response


@require_GET
@role_required(*PROGRAMME_ROLES)
def risk_export_xlsx(request: HttpRequest) -> HttpResponse:
    sheet = XlsxSheet("Risk register", RISK_EXPORT_HEADER, _risk_export_rows(request))
    return xlsx_response(xlsx_bytes([sheet]), "risk-register.xlsx")


@require_http_methods(["GET", "POST"])
@role_required(*PROGRAMME_ROLES)
def risk_create(request: HttpRequest) -> HttpResponse:
    form = RiskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved, result = call_service(
            request,
            form,
            partial(
                services.create_risk,
                partnership=request.user.active_partnership,  # type: ignore[union-attr]
                by=request.user,
                **form.cleaned_data,
            ),  # type: ignore[arg-type]
            success="Risk added.",
        )
        if saved:
            return redirect("dashboards:risk_detail", risk_id=result.pk)
    return render(request, "dashboards/risk_form.jinja", {"form": form, "risk": None})


@require_GET
@role_required(*PROGRAMME_ROLES)
def risk_detail(request: HttpRequest, risk_id: int) -> HttpResponse:
    risk = get_visible_or_404(ProgrammeRisk.objects, request.user, pk=risk_id)  # type: ignore[arg-type]
    revisions = risk.revisions.select_related("changed_by")
    return render(
        request,
        "dashboards/risk_detail.jinja",
        {"risk": risk, "revisions": revisions, "rag_classes": RAG_TAG_CLASSES},
    )


@require_http_methods(["GET", "POST"])
@role_required(*PROGRAMME_ROLES)
def risk_edit(request: HttpRequest, risk_id: int) -> HttpResponse:
    risk = get_visible_or_404(ProgrammeRisk.objects, request.user, pk=risk_id)  # type: ignore[arg-type]
    initial = {name: getattr(risk, name) for name in RiskForm.base_fields}
    form = RiskForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved, _ = call_service(
            request,
            form,
            partial(
                services.update_risk, programme_risk=risk, by=request.user, **form.cleaned_data
            ),  # type: ignore[arg-type]
            success="Risk updated.",
        )
        if saved:
            return redirect("dashboards:risk_detail", risk_id=risk.pk)
    return render(request, "dashboards/risk_form.jinja", {"form": form, "risk": risk})


@require_GET
@role_required(*PROGRAMME_ROLES)
def milestone_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    milestones = [
        (milestone, milestone_rag_tag(milestone))
        for milestone in Milestone.objects.visible_to(request.user).with_rag(today=today)
    ]
    return render(request, "dashboards/milestone_list.jinja", {"milestones": milestones})


@require_http_methods(["GET", "POST"])
@role_required(*PROGRAMME_ROLES)
def milestone_create(request: HttpRequest) -> HttpResponse:
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved, result = call_service(
            request,
            form,
            partial(
                services.create_milestone,
                partnership=request.user.active_partnership,  # type: ignore[union-attr]
                by=request.user,
                today=timezone.localdate(),  # type: ignore[arg-type]
                **form.cleaned_data,
            ),
            success="Milestone added.",
        )
        if saved:
            return redirect("dashboards:milestone_detail", milestone_id=result.pk)
    return render(request, "dashboards/milestone_form.jinja", {"form": form, "milestone": None})


@require_GET
@role_required(*PROGRAMME_ROLES)
def milestone_detail(request: HttpRequest, milestone_id: int) -> HttpResponse:
    with_rag = Milestone.objects.visible_to(request.user).with_rag(today=timezone.localdate())
    milestone = get_visible_or_404(with_rag, request.user, pk=milestone_id)  # type: ignore[arg-type]
    context = {
        "milestone": milestone,
        "rag_tag": milestone_rag_tag(milestone),
        "revisions": milestone.revisions.select_related("changed_by"),
    }
    return render(request, "dashboards/milestone_detail.jinja", context)


@require_http_methods(["GET", "POST"])
@role_required(*PROGRAMME_ROLES)
def milestone_edit(request: HttpRequest, milestone_id: int) -> HttpResponse:
    milestone = get_visible_or_404(Milestone.objects, request.user, pk=milestone_id)  # type: ignore[arg-type]
    initial = {name: getattr(milestone, name) for name in MilestoneForm.base_fields}
    form = MilestoneForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved, _ = call_service(
            request,
            form,
            partial(
                services.update_milestone,
                milestone=milestone,
                by=request.user,  # type: ignore[arg-type]
                today=timezone.localdate(),
                **form.cleaned_data,
            ),
            success="Milestone updated.",
        )
        if saved:
            return redirect("dashboards:milestone_detail", milestone_id=milestone.pk)
    return render(
        request, "dashboards/milestone_form.jinja", {"form": form, "milestone": milestone}
    )
