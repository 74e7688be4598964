"""Fixtures for the reviews tests: people in hospital and in the community, users by role, and
short-hands for a valid panel and a held review."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import OrganisationType, Role
from register.models import BedType, SecurityLevel
from reviews.models import PanelRole
from reviews.services import PanelSeat
from tests.factories import (
    CoordinatorAssignmentFactory,
    HospitalSpellFactory,
    OrganisationFactory,
    PersonFactory,
    WardFactory,
)

TODAY = dt.date(2026, 3, 31)

FULL_PANEL = (
    PanelSeat(role=PanelRole.CHAIR_COMMISSIONER, name="Chair Person", organisation="BLMK ICB"),
    PanelSeat(role=PanelRole.EXPERT_BY_EXPERIENCE, name="Expert Person"),
    PanelSeat(role=PanelRole.CLINICAL_EXPERT, name="Clinical Person", organisation="Trust"),
)

YES_TO_KEY_QUESTIONS = {
    "is_safe": True,
    "is_good_care_now": True,
    "has_plans_for_future": False,
    "could_care_be_in_community": True,
}


@pytest.fixture
def commissioner(make_member, partnership):
    return make_member(Role.COMMISSIONER, partnership)


@pytest.fixture
def coordinator_org(db):
    return OrganisationFactory(type=OrganisationType.LOCAL_AUTHORITY, name="Test council")


@pytest.fixture
def coordinator(make_member, partnership, coordinator_org):
    return make_member(Role.CARE_COORDINATOR, partnership, organisation=coordinator_org)


@pytest.fixture
def person(partnership):
    """An adult (born 1 May 1990) in the community."""
    return PersonFactory(partnership=partnership)


@pytest.fixture
def non_secure_ward(db):
    return WardFactory(bed_type=BedType.AT_UNIT, security_level=SecurityLevel.NONE)


@pytest.fixture
def secure_ward(db):
    return WardFactory(bed_type=BedType.SECURE_LOW, security_level=SecurityLevel.LOW)


@pytest.fixture
def spell(person, non_secure_ward):
    """The adult admitted on Monday 2 March 2026 to an A&T unit (DOMAIN.md E1)."""
    return HospitalSpellFactory(
        person=person, ward=non_secure_ward, admission_date=dt.date(2026, 3, 2)
    )


@pytest.fixture
def assign(coordinator):
    def assign_to(person, user=None):
        user = user or coordinator
        return CoordinatorAssignmentFactory(
            person=person, user=user, external_name="", organisation=user.organisation
        )

    return assign_to


def row_counts() -> dict[str, int]:
    """Rows a refused write must not leave behind (reviews, panels, actions, visits, audit)."""
    from accounts.models import AuditEvent
    from reviews.models import (
        Action,
        ActionStatusChange,
        CareReview,
        OversightVisit,
        PanelMember,
        ScheduledItem,
    )

    models = (
        AuditEvent,
        Action,
        ActionStatusChange,
        CareReview,
        OversightVisit,
        PanelMember,
        ScheduledItem,
    )
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def nothing_written(django_capture_on_commit_callbacks):
    """`with nothing_written(): <refused call>` proves no row, no audit and no queued task."""
    from contextlib import contextmanager

    @contextmanager
    def check():
        before = row_counts()
        with django_capture_on_commit_callbacks() as callbacks:
            yield
        assert row_counts() == before
        assert callbacks == []

    return check
