"""Pages of the reviews app: thin functions that fetch through the scoping helper, call one
service or selector, and render or redirect (ADR 0002 says who may do what)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import get_visible_or_404, role_required
from accounts.audit import record_list, record_read
from accounts.forms import call_service
from accounts.models import PERSON_LEVEL_ROLES, AuditAction, Role
from register.models import Person
from tcp.spreadsheet import XlsxSheet, csv_stream, xlsx_bytes, xlsx_response

from . import forms as f
from .models import CareReview, ReviewStatus
from .presenters import (
    WORKLIST_EXPORT_HEADER,
    action_row,
    long_date,
    review_summary_rows,
    worklist_export_row,
)
from .selectors import (
    DECLINED_REPORT_DAYS,
    action_rows,
    actions_with_status,
    calendar_weeks,
    coordinator_choices,
    history_entry,
    item_rows,
    my_actions,
    person_reviews_section,
    recently_declined_items,
    review_with_details,
    reviews_with_person,
    rule_choices,
    spells_with_person,
    worklist_items,
)
from .services import (
    add_action,
    cancel_review,
    change_action_status,
    correct_held_review,
    decline_review,
    mark_review_held,
    plan_review,
    policy_settings,
    record_oversight_visit,
    record_review,
    update_review,
)

# ADR 0002: commissioners and care coordinators (their caseload) record; administrators read.
EDITORS = (Role.COMMISSIONER, Role.CARE_COORDINATOR)
READERS = (Role.COMMISSIONER, Role.CARE_COORDINATOR, Role.PARTNERSHIP_ADMIN)
PAGE_SIZE = 50


def _due_soon_days() -> int:
    return policy_settings().DUE_SOON_DAYS


def _page_query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_GET
@role_required(*READERS)
def worklist(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = f.WorklistFilterForm(
        request.GET or None, rules=rule_choices(), coordinators=coordinator_choices(request.user)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    items = worklist_items(user=request.user, today=today, **filters)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = item_rows(page, today=today, due_soon_days=_due_soon_days())
    declined = item_rows(
        recently_declined_items(user=request.user, today=today, **filters),
        today=today,
        due_soon_days=_due_soon_days(),
    )
    record_list(
        request,
        object_type="reviews.ScheduledItem",
        ids=[r.pk for r in rows + declined],
        action=AuditAction.VIEW,
    )
    context = {
        "filter_form": form,
        "page": page,
        "rows": rows,
        "declined_rows": declined,
        "declined_days": DECLINED_REPORT_DAYS,
        "today": long_date(today),
        "query": _page_query(request),
        "can_record": request.user.active_role in EDITORS,
        "can_export": request.user.active_role in EXPORTERS,
    }
    return render(request, "reviews/worklist.jinja", context)


# Exports of named data follow the register's (register/views/common.py EXPORT): partnership
# administrators and commissioners; a coordinator works from the page (DOMAIN.md 9).
EXPORTERS = (Role.PARTNERSHIP_ADMIN, Role.COMMISSIONER)


@require_GET
@role_required(*EXPORTERS)
def worklist_export(request: HttpRequest) -> HttpResponse:
    """The filtered worklist as CSV, audited as an export of the items in it."""
    rows = _worklist_export_rows(request)
    response = StreamingHttpResponse(
        csv_stream(WORKLIST_EXPORT_HEADER, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_worklist_filename("csv")}"'
    return response


@require_GET
@role_required(*EXPORTERS)
def worklist_export_xlsx(request: HttpRequest) -> HttpResponse:
    """The filtered worklist as an Excel workbook, audited the same way."""
    sheet = XlsxSheet("Worklist", WORKLIST_EXPORT_HEADER, _worklist_export_rows(request))
    return xlsx_response(xlsx_bytes([sheet]), _worklist_filename("xlsx"))


def _worklist_export_rows(request: HttpRequest) -> list[list[Any]]:
    today = timezone.localdate()
    form = f.WorklistFilterForm(
        request.GET or None, rules=rule_choices(), coordinators=coordinator_choices(request.user)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    items = list(worklist_items(user=request.user, today=today, **filters))
    record_list(
        request,
        object_type="reviews.ScheduledItem",
        ids=[item.pk for item in items],
        action=AuditAction.EXPORT,
    )
    return [worklist_export_row(item, today=today) for item in items]


def _worklist_filename(extension: str) -> str:
    return f"worklist-{timezone.localdate().isoformat()}.{extension}"


@require_GET
@role_required(*READERS)
def calendar(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    overdue, weeks = calendar_weeks(user=request.user, today=today, due_soon_days=_due_soon_days())
    ids = [row.pk for row in overdue] + [row.pk for week in weeks for row in week.rows]
    record_list(request, object_type="reviews.ScheduledItem", ids=ids, action=AuditAction.VIEW)
    return render(
        request,
        "reviews/calendar.jinja",
        {"overdue": overdue, "weeks": weeks, "today": long_date(today)},
    )


@require_GET
@role_required(*READERS)
def my_actions_list(request: HttpRequest) -> HttpResponse:
    include_closed = request.GET.get("closed") == "1"
    actions = my_actions(user=request.user, include_closed=include_closed)
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = action_rows(page, today=timezone.localdate())
    record_list(
        request, object_type="reviews.Action", ids=[r.pk for r in rows], action=AuditAction.VIEW
    )
    return render(
        request,
        "reviews/my_actions.jinja",
        {
            "page": page,
            "rows": rows,
            "include_closed": include_closed,
            "can_edit": request.user.active_role in EDITORS,
        },
    )


@require_GET
@role_required(*READERS)
def person_reviews(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_visible_or_404(Person.objects, request.user, pk=person_id)
    record_read(request, person, summary={"page": "reviews"})
    return render(
        request,
        "reviews/person_reviews.jinja",
        {"person": person, **person_section_context(request, person)},
    )


def person_section_context(request: HttpRequest, person: Person) -> dict[str, Any] | None:
    """Context of templates/reviews/_person_reviews.jinja (registered in tcp.person_sections)."""
    if request.user.active_role not in PERSON_LEVEL_ROLES:  # type: ignore[union-attr]
        return None
    section = person_reviews_section(
        person=person,
        user=request.user,
        today=timezone.localdate(),  # type: ignore[arg-type]
        due_soon_days=_due_soon_days(),
    )
    return {"reviews_section": section}


@require_GET
@role_required(*READERS)
def review_detail(request: HttpRequest, review_id: int) -> HttpResponse:
    review = get_visible_or_404(reviews_with_person(), request.user, pk=review_id)
    record_read(request, review)
    panel, actions = review_with_details(review)
    today = timezone.localdate()
    context = {
        "review": review,
        "summary_rows": review_summary_rows(review),
        "panel": panel,
        "actions": [
            {"row": action_row(a["action"], today=today), "history": a["history"]} for a in actions
        ],
        "can_edit": request.user.active_role in EDITORS,
    }
    return render(request, "reviews/review_detail.jinja", context)


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def review_plan(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_visible_or_404(Person.objects, request.user, pk=person_id)
    form = f.ReviewPlanForm(
        request.POST or None, person=person, initial={"review_type": request.GET.get("type", "")}
    )
    if request.method == "POST" and form.is_valid():
        saved, result = call_service(
            request,
            form,
            partial(plan_review, person=person, by=request.user, **form.cleaned_data),
            success="Review planned.",
        )
        if saved:
            return redirect("reviews:review_detail", review_id=result.pk)
    return render(request, "reviews/review_plan.jinja", {"form": form, "person": person})


def _held_forms(request: HttpRequest, partnership_id: int) -> tuple[Any, Any]:
    data = request.POST or None
    panel = f.PanelFormSet(data, prefix="panel", initial=f.DEFAULT_PANEL)
    actions = f.ActionFormSet(
        data,
        prefix="actions",
        form_kwargs={"partnership": partnership_id, **f.action_owner_choices(partnership_id)},
    )
    return panel, actions


ROW_NAMES = {"panel": "Panel member", "actions": "Recommendation"}


def _formsets_valid(form: forms.Form, *formsets: Any) -> bool:
    """Formset errors also go to the main form, so they reach the error summary."""
    valid = form.is_valid()
    for formset in formsets:
        if not formset.is_valid():
            valid = False
            for number, errors in enumerate(formset.errors, start=1):
                for field_errors in errors.values():
                    for message in field_errors:
                        form.add_error(None, f"{ROW_NAMES[formset.prefix]} {number}: {message}")
            for message in formset.non_form_errors():
                form.add_error(None, message)
    return valid


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def review_record(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_visible_or_404(Person.objects, request.user, pk=person_id)
    form = f.ReviewRecordForm(
        request.POST or None, person=person, initial={"review_type": request.GET.get("type", "")}
    )
    panel, actions = _held_forms(request, person.partnership_id)
    if request.method == "POST" and _formsets_valid(form, panel, actions):
        saved, result = call_service(
            request,
            form,
            partial(
                record_review,
                person=person,
                by=request.user,
                panel=f.panel_seats(panel),
                actions=f.new_actions(actions),
                **form.service_kwargs(),
            ),
            success="Review recorded.",
        )
        if saved:
            return redirect("reviews:review_detail", review_id=result.pk)
    return render(
        request,
        "reviews/review_record.jinja",
        {"form": form, "panel": panel, "actions": actions, "person": person},
    )


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def review_held(request: HttpRequest, review_id: int) -> HttpResponse:
    review = get_visible_or_404(reviews_with_person(), request.user, pk=review_id)
    form = f.ReviewHeldForm(request.POST or None, initial={"setting": review.setting})
    panel, actions = _held_forms(request, review.partnership_id)
    if request.method == "POST" and _formsets_valid(form, panel, actions):
        saved, _ = call_service(
            request,
            form,
            partial(
                mark_review_held,
                review=review,
                by=request.user,
                panel=f.panel_seats(panel),
                actions=f.new_actions(actions),
                **form.service_kwargs(),
            ),
            success="Review marked as held.",
        )
        if saved:
            return redirect("reviews:review_detail", review_id=review.pk)
    return render(
        request,
        "reviews/review_held.jinja",
        {"form": form, "panel": panel, "actions": actions, "review": review},
    )


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def review_correct(request: HttpRequest, review_id: int) -> HttpResponse:
    review = get_visible_or_404(reviews_with_person(), request.user, pk=review_id)
    if review.status != ReviewStatus.HELD:
        messages.info(request, "Only a held review can be corrected.")
        return redirect("reviews:review_detail", review_id=review.pk)
    data = request.POST or None
    form = f.ReviewCorrectionForm(data, initial=f.ReviewCorrectionForm.initial_for(review))
    panel = f.PanelFormSet(data, prefix="panel", initial=f.panel_initial(review))
    if request.method == "POST" and _formsets_valid(form, panel):
        saved, _ = call_service(
            request,
            form,
            partial(
                correct_held_review,
                review=review,
                by=request.user,
                panel=f.panel_seats(panel),
                **form.service_kwargs(),
            ),
            success="Review corrected. What it said before is in the audit log.",
        )
        if saved:
            return redirect("reviews:review_detail", review_id=review.pk)
    return render(
        request, "reviews/review_correct.jinja", {"form": form, "panel": panel, "review": review}
    )


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def review_close(request: HttpRequest, review_id: int) -> HttpResponse:
    review = get_visible_or_404(CareReview.objects, request.user, pk=review_id)
    form = f.ReviewCloseForm(request.POST or None, initial={"offered_date": review.offered_date})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        close = (
            partial(decline_review, offered_date=data["offered_date"])
            if data["status"] == ReviewStatus.DECLINED
            else cancel_review
        )
        saved, _ = call_service(
            request,
            form,
            partial(close, review=review, by=request.user, reason=data["reason"]),
            success=f"Review recorded as {data['status'].lower()}.",
        )
        if saved:
            return redirect("reviews:review_detail", review_id=review.pk)
    return render(request, "reviews/review_close.jinja", {"form": form, "review": review})


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def review_edit(request: HttpRequest, review_id: int) -> HttpResponse:
    review = get_visible_or_404(CareReview.objects, request.user, pk=review_id)
    form = f.ReviewEditForm(request.POST or None, initial=f.ReviewEditForm.initial_for(review))
    if request.method == "POST" and form.is_valid():
        saved, _ = call_service(
            request,
            form,
            partial(update_review, review=review, by=request.user, **form.service_kwargs()),
            success="Review details saved.",
        )
        if saved:
            return redirect("reviews:review_detail", review_id=review.pk)
    return render(request, "reviews/review_edit.jinja", {"form": form, "review": review})


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def action_add(request: HttpRequest, review_id: int) -> HttpResponse:
    review = get_visible_or_404(CareReview.objects, request.user, pk=review_id)
    form = f.ActionForm(request.POST or None, partnership=review.partnership_id)
    if request.method == "POST" and form.is_valid():
        saved, _ = call_service(
            request,
            form,
            partial(add_action, review=review, by=request.user, **form.cleaned_data),
            success="Recommendation added.",
        )
        if saved:
            return redirect("reviews:review_detail", review_id=review.pk)
    return render(request, "reviews/action_add.jinja", {"form": form, "review": review})


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def action_status(request: HttpRequest, action_id: int) -> HttpResponse:
    action = get_visible_or_404(actions_with_status(), request.user, pk=action_id)
    if request.method == "GET":
        record_read(request, action)
    form = f.ActionStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved, _ = call_service(
            request,
            form,
            partial(change_action_status, action=action, by=request.user, **form.cleaned_data),
            success="Action status changed.",
        )
        if saved:
            return redirect("reviews:review_detail", review_id=action.review_id)
    history = [
        history_entry(change)
        for change in action.status_changes.select_related("changed_by").order_by(
            "changed_at", "pk"
        )
    ]
    return render(
        request,
        "reviews/action_status.jinja",
        {
            "form": form,
            "action": action_row(action, today=timezone.localdate()),
            "history": history,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.COMMISSIONER)
def visit_record(request: HttpRequest, spell_id: int) -> HttpResponse:
    spell = get_visible_or_404(spells_with_person(), request.user, pk=spell_id)
    form = f.OversightVisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved, _ = call_service(
            request,
            form,
            partial(record_oversight_visit, spell=spell, by=request.user, **form.cleaned_data),
            success="Oversight visit recorded.",
        )
        if saved:
            return redirect("reviews:person_reviews", person_id=spell.person_id)
    return render(request, "reviews/visit_record.jinja", {"form": form, "spell": spell})
