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
from .imports import (
    ColumnMapping,
    FileFormat,
    ImportKind,
    ImportRecord,
    ImportRow,
    ImportStatus,
    RowOutcome,
)
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
    "ColumnMapping",
    "CoordinatorContact",
    "CriminalJusticeContact",
    "CrisisPlan",
    "DischargeDelayRecord",
    "DsrEntry",
    "Employment",
    "FileFormat",
    "HealthEqualityAssessment",
    "HospitalSpell",
    "ImportKind",
    "ImportRecord",
    "ImportRow",
    "ImportStatus",
    "LegalStatusRecord",
    "Person",
    "PersonScopedQuerySet",
    "PersonalBudget",
    "Placement",
    "PlannedDischargeRecord",
    "PsychiatricReferral",
    "RiskRating",
    "RowOutcome",
    "Site",
    "Ward",
    "WardStay",
    "coordinator_caseload",
]
