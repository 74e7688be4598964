"""The access matrix: every URL name in the project, who may use it, and how to build its URL.

`tests/test_access_matrix.py` walks the URLconf (Django admin and static files aside) and fails
if a URL name is missing here, or if this file names a URL that no longer exists. For every entry
it then checks, with real requests:

- anonymous: the sign-in redirect for a page, 401 for anything under /api/;
- every role not listed: 403 (404 also passes);
- every role listed: the entry's `ok` status (200 unless said otherwise);
- for a URL whose kwargs point at a partnership's record: an allowed user of another partnership
  gets 404;
- a page answered with HTML carries no inline script without the CSP nonce, no `style=` and no
  `on...=` handler attribute (the Content Security Policy would block them in the browser);
- a person-level page is never open to board members, and roles declared here equal the view's
  own `@role_required(...)` / `allowed_roles`.

How to add your URL (one entry per URL name, "namespace:name")
---------------------------------------------------------------
    "register:person_detail": page(
        PERSON_LEVEL,
        person_level=True,
        url_kwargs=lambda p: {"person_id": PersonFactory(partnership=p).pk},
    ),
    "register:spell_discharge": page(
        {Role.COMMISSIONER},
        person_level=True,
        method="post",
        url_kwargs=lambda p: {"spell_id": OpenSpellFactory(person__partnership=p).pk},
        data=lambda p: {"discharge_date": "2026-11-02", "destination": "HOME"},
        ok=302,
    ),
    "register:person_list_api": page(PERSON_LEVEL, person_level=True),  # under /api/: 401 checked

- `page(roles, ...)` for anything that needs a signed-in user; `public(...)` for pages anyone may
  open (sign-in, password reset, health check).
- `url_kwargs(partnership)` creates what the URL points at *in that partnership* and returns the
  URL's kwargs; a fresh record is made for every request, so a POST may consume it. Set
  `owned=False` when the kwargs are not a partnership's record (then no 404 check).
- `data(partnership)` gives the POST body; `ok` is what an allowed user gets (302 for a POST that
  redirects, or for a page that sends a fully signed-in user on).
- Requests are made by `login_as(role, partnership=...)` users: signed in, second factor done.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from accounts.models import OrganisationType, Partnership, Role, User
from accounts.tokens import create_api_token
from register.models import HospitalSpell, Person

from .api.endpoints import ENDPOINTS, Endpoint
from .factories import (
    CoordinatorAssignmentFactory,
    HospitalSpellFactory,
    ImportRecordFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    RiskRatingFactory,
    UserFactory,
    WardFactory,
    fresh_nhs_number,
)
from .signin import verified_device

ALL = frozenset(Role)
PERSON_LEVEL = frozenset({Role.PARTNERSHIP_ADMIN, Role.COMMISSIONER, Role.CARE_COORDINATOR})
ADMIN_ONLY = frozenset({Role.PARTNERSHIP_ADMIN})
# The register (register/views/common.py): commissioners change it; coordinators plan discharges.
EXPORT = frozenset({Role.PARTNERSHIP_ADMIN, Role.COMMISSIONER})
CHANGE_REGISTER = frozenset({Role.COMMISSIONER})
PLAN_DISCHARGE = frozenset({Role.COMMISSIONER, Role.CARE_COORDINATOR})
# Imports (register/views/imports.py): prepared and checked by administrators and commissioners,
# committed by commissioners only.
IMPORTERS = frozenset({Role.PARTNERSHIP_ADMIN, Role.COMMISSIONER})
REPORT_READERS = frozenset({Role.COMMISSIONER, Role.BOARD_MEMBER})

Factory = Callable[[Partnership], dict[str, Any]]


@dataclass(frozen=True)
class Access:
    roles: frozenset[Role] | None  # None: public, no sign-in needed
    person_level: bool = False
    method: str = "get"
    url_kwargs: Factory | None = None
    data: Factory | None = None
    ok: int = 200
    owned: bool = True
    # An API endpoint: requested as tests/api/endpoints.py says (JSON body, headers, records on
    # the requesting user's caseload), here with a signed-in browser session.
    api: Endpoint | None = None

    @property
    def is_public(self) -> bool:
        return self.roles is None

    @property
    def is_owned_record(self) -> bool:
        if self.api is not None:
            return self.api.owned
        return self.url_kwargs is not None and self.owned and not self.is_public


def page(roles: Iterable[Role], **options: Any) -> Access:
    return Access(roles=frozenset(roles), **options)


def public(**options: Any) -> Access:
    return Access(roles=None, **options)


def api(endpoint: Endpoint) -> Access:
    """An API endpoint of tests/api/endpoints.py (person-level unless every role may use it, or
    the endpoint says it is not)."""
    return Access(
        roles=frozenset(endpoint.roles),
        person_level=endpoint.person_level and frozenset(endpoint.roles) != ALL,
        method=endpoint.method,
        ok=endpoint.ok,
        api=endpoint,
    )


def _someone_elses_token(partnership: Partnership) -> dict[str, Any]:
    """A token of another member: nobody but its owner may revoke it (404 for everyone else;
    revoking one's own token is tested in tests/api/test_tokens_page.py)."""
    owner = MembershipFactory(user=UserFactory(), partnership=partnership).user
    token, _ = create_api_token(user=owner, partnership=partnership, name="x", lifetime_days=1)
    return {"token_id": token.public_id}


def _member(partnership: Partnership) -> dict[str, Any]:
    """A member of the partnership with two-factor set up, as URL kwargs."""
    membership = MembershipFactory(
        user=UserFactory(), partnership=partnership, role=Role.COMMISSIONER
    )
    verified_device(membership.user)
    return {"user_id": membership.user_id}


def _on_caseload(person: Person) -> Person:
    """Put the person on the caseload of the care coordinator signed in last, so a coordinator
    reaches the record (DOMAIN.md 9) and the 404 check of another partnership's coordinator
    proves the partnership scoping, not the caseload. A coordinator's client is always made just
    before the URL's kwargs; without one, the person has an external coordinator."""
    coordinator = (
        User.objects.filter(memberships__role=Role.CARE_COORDINATOR).order_by("-pk").first()
    )
    if coordinator is None:
        CoordinatorAssignmentFactory(person=person)
    else:
        CoordinatorAssignmentFactory(person=person, user=coordinator, external_name="")
    return person


def _person(partnership: Partnership) -> dict[str, Any]:
    return {"person_id": _on_caseload(PersonFactory(partnership=partnership)).pk}


def _on_dsr(partnership: Partnership) -> dict[str, Any]:
    """A person on the dynamic support register since 5 January 2026."""
    rating = RiskRatingFactory(dsr_entry__person__partnership=partnership)
    return {"person_id": rating.person_id}


def _spell(partnership: Partnership) -> dict[str, Any]:
    """An open hospital spell from 2 March 2026."""
    spell = HospitalSpellFactory(person=_on_caseload(PersonFactory(partnership=partnership)))
    return {"spell_id": spell.pk}


def _newest_spell(partnership: Partnership) -> HospitalSpell:
    """The spell `_spell` has just made for this request (`data` is built after the URL)."""
    return HospitalSpell.objects.for_partnership(partnership).latest("pk")


_NAMES = itertools.count()


def _person_details(partnership: Partnership) -> dict[str, Any]:
    return {
        "nhs_number": fresh_nhs_number(),
        "given_name": "Alex",
        "family_name": f"Morgan{next(_NAMES)}",
        "date_of_birth": "1990-05-01",
        "sex": "X",
        "ethnicity": "99",
        "has_learning_disability": "on",
    }


def _admission(partnership: Partnership) -> dict[str, Any]:
    return {
        "admission_date": "2026-03-02",
        "ward": WardFactory().pk,
        "commissioner": OrganisationFactory(type=OrganisationType.ICB).pk,
        "admission_source": "COMMUNITY",
    }


def _ward_move(partnership: Partnership) -> dict[str, Any]:
    ward = WardFactory(site=_newest_spell(partnership).site)
    return {"ward": ward.pk, "move_date": "2026-04-01"}


def _register_form(roles: frozenset[Role], url_kwargs: Factory | None, data: Factory) -> Access:
    """A register form, tested by sending it: an allowed role's valid answer is saved by the
    service and redirected (an invalid one would be shown again with 200). The GET of every form
    page, and its HTML, are checked in tests/register/test_pages_access.py."""
    return page(roles, person_level=True, method="post", url_kwargs=url_kwargs, data=data, ok=302)


def _report_run(partnership: Partnership, kind: str = "BOARD_PACK") -> dict[str, Any]:
    """A finished report version with a (tiny) file, made as run_report would leave it."""
    import datetime as dt

    from django.core.files.base import ContentFile

    from dashboards.models import ReportRun

    latest = ReportRun.objects.filter(partnership=partnership, kind=kind).order_by("-version")
    run = ReportRun(
        partnership=partnership,
        kind=kind,
        period=dt.date(2026, 3, 1),
        version=(latest.values_list("version", flat=True).first() or 0) + 1,
        status="SUCCEEDED",
        summary={"rows": 0, "errors": 0, "warnings": 0, "findings": []},
    )
    run.file.save(f"access-matrix-{kind}.bin", ContentFile(b"report"), save=False)
    run.save()
    return {"run_id": run.pk}


def _last_month() -> str:
    from django.utils import timezone

    from dashboards.metrics.periods import add_months, month_start

    return add_months(month_start(timezone.localdate()), -1).isoformat()


def _at_return(partnership: Partnership) -> dict[str, Any]:
    return _report_run(partnership, "AT_RETURN")


def _risk(partnership: Partnership) -> dict[str, Any]:
    from dashboards.models import ProgrammeRisk

    risk = ProgrammeRisk.objects.create(
        partnership=partnership,
        cause="c",
        risk="r",
        consequence="c",
        mitigation="m",
        inherent_likelihood="H",
        inherent_impact="H",
        residual_likelihood="M",
        residual_impact="M",
        owner="o",
        review_date="2026-12-01",
    )
    return {"risk_id": risk.pk}


def _milestone(partnership: Partnership) -> dict[str, Any]:
    from dashboards.models import Milestone

    milestone = Milestone.objects.create(
        partnership=partnership,
        workstream="w",
        title="t",
        owner="o",
        due_date="2026-12-31",
        last_update_on="2026-11-01",
    )
    return {"milestone_id": milestone.pk}


PROGRAMME = frozenset({Role.COMMISSIONER, Role.PARTNERSHIP_ADMIN})


def _import(partnership: Partnership, **fields: Any) -> dict[str, Any]:
    return {"import_id": ImportRecordFactory(partnership=partnership, **fields).pk}


MATRIX: dict[str, Access] = {
    # tcp
    "home": page(ALL),
    "healthz": public(),
    # accounts: signing in and out
    "accounts:login": public(),
    "accounts:logout": page(ALL),
    # The two-factor steps send a user who has already done them on to where they were going.
    "accounts:mfa_verify": page(ALL, ok=302),
    "accounts:mfa_set_up": page(ALL, ok=302),
    "accounts:mfa_recovery_codes": page(ALL, ok=302),
    "accounts:password_reset": public(),
    "accounts:password_reset_done": public(),
    "accounts:password_reset_confirm": public(
        url_kwargs=lambda p: {"uidb64": "MQ", "token": "no-such-token"}
    ),
    "accounts:password_reset_complete": public(),
    "accounts:switch_partnership": page(
        ALL, method="post", data=lambda p: {"partnership": p.pk}, ok=302
    ),
    # accounts: partnership administration
    "accounts:member_list": page(ADMIN_ONLY),
    "accounts:member_unlock": page(ADMIN_ONLY, method="post", url_kwargs=_member, ok=302),
    "accounts:member_mfa_reset": page(ADMIN_ONLY, url_kwargs=_member),
    "accounts:audit_log": page(ADMIN_ONLY, person_level=True),
    "accounts:audit_log_export": page(ADMIN_ONLY, person_level=True),
    "accounts:audit_log_export_xlsx": page(ADMIN_ONLY, person_level=True),
    # register: the list, a person's page and the forms that change the register
    "register:person_list": page(PERSON_LEVEL, person_level=True),
    "register:person_export": page(EXPORT, person_level=True),
    "register:person_detail": page(PERSON_LEVEL, person_level=True, url_kwargs=_person),
    "register:person_add": _register_form(CHANGE_REGISTER, None, _person_details),
    "register:person_edit": _register_form(CHANGE_REGISTER, _person, _person_details),
    "register:person_admit": _register_form(CHANGE_REGISTER, _person, _admission),
    "register:person_rate": _register_form(
        CHANGE_REGISTER,
        _person,
        lambda p: {"rag": "AMBER", "effective_date": "2026-02-01", "consent_basis": "CONSENT"},
    ),
    "register:person_dsr_close": _register_form(
        CHANGE_REGISTER, _on_dsr, lambda p: {"closed_on": "2026-03-01", "reason": "RISK_REDUCED"}
    ),
    "register:person_planned_admission": _register_form(
        CHANGE_REGISTER, _on_dsr, lambda p: {"planned_admission_date": "2026-03-01"}
    ),
    "register:person_transition_plan": _register_form(
        CHANGE_REGISTER, _person, lambda p: {"transition_plan_started_on": ""}
    ),
    "register:person_coordinator": _register_form(
        CHANGE_REGISTER,
        _person,
        lambda p: {"external_name": "Sam Keyworker", "start_date": "2026-02-01"},
    ),
    "register:person_transfer": _register_form(
        CHANGE_REGISTER,
        _person,
        lambda p: {"to_partnership": PartnershipFactory().pk, "on": "2026-06-01"},
    ),
    "register:person_death": _register_form(
        CHANGE_REGISTER, _person, lambda p: {"date_of_death": "2026-05-01"}
    ),
    "register:spell_move": _register_form(CHANGE_REGISTER, _spell, _ward_move),
    "register:spell_transfer": _register_form(
        CHANGE_REGISTER,
        _spell,
        lambda p: {"ward": WardFactory().pk, "transfer_date": "2026-04-01"},
    ),
    "register:spell_discharge": _register_form(
        CHANGE_REGISTER,
        _spell,
        lambda p: {"discharge_date": "2026-04-01", "destination": "FAMILY_HOME"},
    ),
    "register:spell_delay": _register_form(
        PLAN_DISCHARGE,
        _spell,
        lambda p: {
            "clinically_ready_date": "2026-05-01",
            "delay_reason": "HOUSING",
            "effective_date": "2026-05-01",
        },
    ),
    "register:spell_planned_discharge": _register_form(
        PLAN_DISCHARGE,
        _spell,
        lambda p: {"planned_discharge_date": "2026-12-01", "effective_date": "2026-06-01"},
    ),
    "register:spell_legal_status": _register_form(
        CHANGE_REGISTER,
        _spell,
        lambda p: {"legal_status": "S37_41", "effective_date": "2026-04-01"},
    ),
    # dashboards: aggregates for everyone; drill-down to named lists; programme; admin figures
    "dashboards:dashboard": page(ALL),
    "dashboards:drill_down": page(
        PROGRAMME, url_kwargs=lambda p: {"metric_id": "H1"}, owned=False, ok=302
    ),
    "dashboards:external_figures": page(ADMIN_ONLY),
    "dashboards:plans": page(ADMIN_ONLY),
    "dashboards:population": page(
        ADMIN_ONLY,
        method="post",
        ok=302,
        data=lambda p: {
            "financial_year_start": "2026",
            "adults_18_plus": "734000",
            "children_under_18": "228000",
        },
    ),
    "dashboards:risk_list": page(PROGRAMME),
    "dashboards:risk_export": page(PROGRAMME),
    "dashboards:risk_export_xlsx": page(PROGRAMME),
    "dashboards:risk_create": page(PROGRAMME),
    "dashboards:risk_detail": page(PROGRAMME, url_kwargs=_risk),
    "dashboards:risk_edit": page(PROGRAMME, url_kwargs=_risk),
    "dashboards:milestone_list": page(PROGRAMME),
    "dashboards:milestone_create": page(PROGRAMME),
    "dashboards:milestone_detail": page(PROGRAMME, url_kwargs=_milestone),
    "dashboards:milestone_edit": page(PROGRAMME, url_kwargs=_milestone),
    # accounts: the user's own API tokens
    "accounts:api_tokens": page(ALL),
    "accounts:api_token_revoke": page(
        ALL, method="post", url_kwargs=_someone_elses_token, ok=404, owned=False
    ),
    # the API: every endpoint, as tests/api/test_access.py checks it with tokens
    **{name: api(endpoint) for name, endpoint in ENDPOINTS.items()},
    # register: exports and moving in from spreadsheets
    "register:person_export_xlsx": page(EXPORT, person_level=True),
    "register:register_workbook_export": page(EXPORT, person_level=True),
    "register:import_list": page(IMPORTERS, person_level=True),
    "register:import_template": page(
        IMPORTERS, url_kwargs=lambda p: {"kind": "people", "file_format": "xlsx"}, owned=False
    ),
    "register:import_upload": page(IMPORTERS, person_level=True),
    "register:import_detail": page(IMPORTERS, person_level=True, url_kwargs=_import),
    "register:import_mapping": page(IMPORTERS, person_level=True, url_kwargs=_import),
    "register:import_file": page(IMPORTERS, person_level=True, url_kwargs=_import),
    "register:import_errors": page(IMPORTERS, person_level=True, url_kwargs=_import),
    "register:import_commit": page(
        {Role.COMMISSIONER},
        person_level=True,
        method="post",
        url_kwargs=lambda p: _import(p, status="READY"),
        ok=302,
    ),
    # Reports: commissioners make and check returns (person-level validation); board members
    # download board packs only (an AT return is 404 to them: see tests/dashboards).
    "reports:run_list": page(REPORT_READERS),
    "reports:run_request": page(
        CHANGE_REGISTER,
        method="post",
        ok=302,
        data=lambda p: {"kind": "AT_RETURN", "month": _last_month()},
    ),
    "reports:run_detail": page(CHANGE_REGISTER, person_level=True, url_kwargs=_at_return),
    "reports:run_submit": page(CHANGE_REGISTER, method="post", ok=302, url_kwargs=_at_return),
    "reports:run_download": page(REPORT_READERS, url_kwargs=_report_run),
}


# reviews (ADR 0002): administrators read, commissioners and coordinators (caseload) record,
# oversight visits are the commissioner's own. The forms are checked with a GET.
def _review(partnership: Partnership, *, held: bool) -> Any:
    from reviews.models import CareReview, ReviewOutcome, ReviewStatus, ReviewType

    spell = HospitalSpellFactory(person=_on_caseload(PersonFactory(partnership=partnership)))
    answers = dict.fromkeys(
        ("is_safe", "is_good_care_now", "has_plans_for_future", "could_care_be_in_community"),
        True if held else None,
    )
    return CareReview.objects.create(
        partnership=partnership,
        person=spell.person,
        spell=spell,
        review_type=ReviewType.POST_ADMISSION,
        status=ReviewStatus.HELD if held else ReviewStatus.PLANNED,
        held_date=spell.admission_date if held else None,
        outcome=ReviewOutcome.SAFE_AND_APPROPRIATELY_PLACED if held else "",
        **answers,
    )


def _review_action(partnership: Partnership) -> dict[str, Any]:
    from reviews.models import Action, ActionStatus, ActionStatusChange

    review = _review(partnership, held=True)
    owner = UserFactory()
    action = Action.objects.create(
        partnership=partnership, person=review.person, review=review,
        recommendation="Plan discharge", owner_user=owner, due_date=review.held_date,
    )  # fmt: skip
    ActionStatusChange.objects.create(
        partnership=partnership, person=review.person, action=action,
        status=ActionStatus.OPEN, changed_by=owner,
    )  # fmt: skip
    return {"action_id": action.pk}


def _held_review(partnership: Partnership) -> dict[str, Any]:
    return {"review_id": _review(partnership, held=True).pk}


def _planned_review(partnership: Partnership) -> dict[str, Any]:
    return {"review_id": _review(partnership, held=False).pk}


REVIEW_READERS = PERSON_LEVEL
REVIEW_EDITORS = frozenset({Role.COMMISSIONER, Role.CARE_COORDINATOR})

MATRIX |= {
    "reviews:worklist": page(REVIEW_READERS, person_level=True),
    "reviews:worklist_export": page(EXPORT, person_level=True),
    "reviews:worklist_export_xlsx": page(EXPORT, person_level=True),
    "reviews:calendar": page(REVIEW_READERS, person_level=True),
    "reviews:my_actions": page(REVIEW_READERS, person_level=True),
    "reviews:person_reviews": page(REVIEW_READERS, person_level=True, url_kwargs=_person),
    "reviews:review_detail": page(REVIEW_READERS, person_level=True, url_kwargs=_held_review),
    "reviews:review_plan": page(REVIEW_EDITORS, person_level=True, url_kwargs=_person),
    "reviews:review_record": page(REVIEW_EDITORS, person_level=True, url_kwargs=_person),
    "reviews:review_held": page(REVIEW_EDITORS, person_level=True, url_kwargs=_planned_review),
    "reviews:review_close": page(REVIEW_EDITORS, person_level=True, url_kwargs=_planned_review),
    "reviews:review_edit": page(REVIEW_EDITORS, person_level=True, url_kwargs=_held_review),
    "reviews:review_correct": page(REVIEW_EDITORS, person_level=True, url_kwargs=_held_review),
    "reviews:action_add": page(REVIEW_EDITORS, person_level=True, url_kwargs=_held_review),
    "reviews:action_status": page(REVIEW_EDITORS, person_level=True, url_kwargs=_review_action),
    "reviews:visit_record": page({Role.COMMISSIONER}, person_level=True, url_kwargs=_spell),
}
