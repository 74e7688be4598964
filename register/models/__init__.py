from .choices import *  # noqa: F403
from .community import (
    Accommodation,
    AnnualHealthCheck,
    CarePlanReview,
    CoordinatorContact,
    CriminalJusticeContact,
    CrisisPlan,
    Employment,
    HealthEqualityAssessment,
    PersonalBudget,
    Placement,
    PsychiatricReferral,
)
from .dsr import DsrEntry, RiskRating
from .people import CareCoordinatorAssignment, Person, PersonScopedQuerySet, coordinator_caseload
from .providers import Site, Ward
from .spells import (
    DischargeDelayRecord,
    HospitalSpell,
    LegalStatusRecord,
    PlannedDischargeRecord,
    WardStay,
)

__all__ = [
    "Accommodation",
    "AnnualHealthCheck",
    "CareCoordinatorAssignment",
    "CarePlanReview",
    "CoordinatorContact",
    "CriminalJusticeContact",
    "CrisisPlan",
    "DischargeDelayRecord",
    "DsrEntry",
    "Employment",
    "HealthEqualityAssessment",
    "HospitalSpell",
    "LegalStatusRecord",
    "Person",
    "PersonScopedQuerySet",
    "PersonalBudget",
    "Placement",
    "PlannedDischargeRecord",
    "PsychiatricReferral",
    "RiskRating",
    "Site",
    "Ward",
    "WardStay",
    "coordinator_caseload",
]
