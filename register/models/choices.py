"""Code lists of DOMAIN.md sections 2-3. Values are the domain codes; labels are plain English."""

from django.db import models


class Sex(models.TextChoices):  # NHS DD PERSON STATED GENDER
    MALE = "1", "Male"
    FEMALE = "2", "Female"
    INDETERMINATE = "9", "Indeterminate"
    NOT_KNOWN = "X", "Not known"


class EthnicCategory(models.TextChoices):  # NHS DD ETHNIC CATEGORY (2001 census 16+1)
    A = "A", "White - British"
    B = "B", "White - Irish"
    C = "C", "White - Any other White background"
    D = "D", "Mixed - White and Black Caribbean"
    E = "E", "Mixed - White and Black African"
    F = "F", "Mixed - White and Asian"
    G = "G", "Mixed - Any other mixed background"
    H = "H", "Asian or Asian British - Indian"
    J = "J", "Asian or Asian British - Pakistani"
    K = "K", "Asian or Asian British - Bangladeshi"
    L = "L", "Asian or Asian British - Any other Asian background"
    M = "M", "Black or Black British - Caribbean"
    N = "N", "Black or Black British - African"
    P = "P", "Black or Black British - Any other Black background"
    R = "R", "Other ethnic groups - Chinese"
    S = "S", "Other ethnic groups - Any other ethnic group"
    Z = "Z", "Not stated"
    NOT_KNOWN = "99", "Not known"


class PatientCategory(models.TextChoices):
    LD = "LD", "Learning disability"
    AUTISM = "AUTISM", "Autism"
    LD_AND_AUTISM = "LD_AND_AUTISM", "Learning disability and autism"


class NoNhsNumberReason(models.TextChoices):
    PENDING_TRACE = "PENDING_TRACE", "Pending NHS number trace"
    NOT_ISSUED = "NOT_ISSUED", "No NHS number issued (for example, overseas visitor)"


class ConsentBasis(models.TextChoices):
    CONSENT = "CONSENT", "Consent given"
    BEST_INTEREST = "BEST_INTEREST", "Best-interests decision"
    PARENTAL_RESPONSIBILITY = "PARENTAL_RESPONSIBILITY", "Parental responsibility"


class Cohort(models.TextChoices):  # BRS cohorts 1-5 and Essex local 6 (DOMAIN.md 2.4)
    C1 = "1", "1: mental health condition"
    C2 = "2", "2: self-injurious or aggressive behaviour"
    C3 = "3", "3: risky behaviour, possible criminal justice contact"
    C4 = "4", "4: lower-level needs, often not known to services"
    C5 = "5", "5: resettlement of long-stay inpatients"
    C6 = "6", "6: other adults with a learning disability"


class BedType(models.TextChoices):
    AT_UNIT = "AT_UNIT", "Assessment and treatment unit"
    CRISIS = "CRISIS", "Crisis unit"
    ACUTE_MH = "ACUTE_MH", "Mainstream mental health ward"
    PICU = "PICU", "Psychiatric intensive care unit"
    LOCKED_REHAB = "LOCKED_REHAB", "Locked rehabilitation"
    SECURE_LOW = "SECURE_LOW", "Low secure"
    SECURE_MEDIUM = "SECURE_MEDIUM", "Medium secure"
    SECURE_HIGH = "SECURE_HIGH", "High secure"
    CAMHS_T4 = "CAMHS_T4", "CAMHS tier 4"
    CAMHS_T4_SECURE = "CAMHS_T4_SECURE", "CAMHS tier 4 secure"
    OTHER = "OTHER", "Other"


CAMHS_BED_TYPES = frozenset({BedType.CAMHS_T4, BedType.CAMHS_T4_SECURE})


class SecurityLevel(models.TextChoices):
    NONE = "NONE", "General (not locked)"
    LOCKED = "LOCKED", "Locked"
    LOW = "LOW", "Low secure"
    MEDIUM = "MEDIUM", "Medium secure"
    HIGH = "HIGH", "High secure"


SECURE_LEVELS = frozenset({SecurityLevel.LOW, SecurityLevel.MEDIUM, SecurityLevel.HIGH})


class WardDesignation(models.TextChoices):
    LD = "LD", "Learning disability"
    MH = "MH", "Mental illness"


class CommissionerType(models.TextChoices):
    ICB = "ICB", "ICB (incl. historic CCG)"
    NHSE_SPEC = "NHSE_SPEC", "NHS England specialised"


class AdmissionSource(models.TextChoices):
    COMMUNITY = "COMMUNITY", "Community"
    OTHER_HOSPITAL = "OTHER_HOSPITAL", "Another hospital"
    CRIMINAL_JUSTICE = "CRIMINAL_JUSTICE", "Criminal justice system"
    OTHER = "OTHER", "Other"


class AdmissionKind(models.TextChoices):
    FIRST = "FIRST", "First admission"
    READMISSION_12M = "READMISSION_12M", "Readmission within 12 months"
    TRANSFER = "TRANSFER", "Transfer from another hospital"


class LegalStatus(models.TextChoices):
    INFORMAL = "INFORMAL", "Informal"
    S2 = "S2", "MHA section 2"
    S3 = "S3", "MHA section 3"
    S35 = "S35", "MHA section 35"
    S36 = "S36", "MHA section 36"
    S37 = "S37", "MHA section 37"
    S37_41 = "S37_41", "MHA section 37/41 (restricted)"
    S38 = "S38", "MHA section 38"
    S47_49 = "S47_49", "MHA section 47/49"
    S48_49 = "S48_49", "MHA section 48/49"
    OTHER = "OTHER", "Other legal framework"


class DischargeDestination(models.TextChoices):
    OWN_HOME_TENANCY = "OWN_HOME_TENANCY", "Own home or tenancy"
    SUPPORTED_LIVING = "SUPPORTED_LIVING", "Supported living"
    FAMILY_HOME = "FAMILY_HOME", "Family home"
    RESIDENTIAL_CARE = "RESIDENTIAL_CARE", "Residential care"
    NURSING_CARE = "NURSING_CARE", "Nursing care"
    SHARED_LIVES = "SHARED_LIVES", "Shared Lives"
    OTHER_HOSPITAL = "OTHER_HOSPITAL", "Another hospital"
    CUSTODY = "CUSTODY", "Custody"
    DIED = "DIED", "Died"
    OTHER = "OTHER", "Other"


class DestinationGroup(models.TextChoices):  # the AT grouping
    COMMUNITY = "COMMUNITY", "Community"
    OTHER_HOSPITAL = "OTHER_HOSPITAL", "Another hospital"
    OTHER = "OTHER", "Other"


COMMUNITY_DESTINATIONS = frozenset(
    {
        DischargeDestination.OWN_HOME_TENANCY,
        DischargeDestination.SUPPORTED_LIVING,
        DischargeDestination.FAMILY_HOME,
        DischargeDestination.RESIDENTIAL_CARE,
        DischargeDestination.NURSING_CARE,
        DischargeDestination.SHARED_LIVES,
    }
)


def destination_group(destination: str) -> DestinationGroup:
    if destination in COMMUNITY_DESTINATIONS:
        return DestinationGroup.COMMUNITY
    if destination == DischargeDestination.OTHER_HOSPITAL:
        return DestinationGroup.OTHER_HOSPITAL
    return DestinationGroup.OTHER


class DelayReason(models.TextChoices):
    HOUSING = "HOUSING", "Housing"
    CARE_PROVIDER_NOT_FOUND = "CARE_PROVIDER_NOT_FOUND", "No care provider found"
    FUNDING_DISPUTE = "FUNDING_DISPUTE", "Funding or responsible-commissioner dispute"
    MOJ_OR_TRIBUNAL = "MOJ_OR_TRIBUNAL", "Ministry of Justice or tribunal"
    AWAITING_COMMUNITY_HEALTH = "AWAITING_COMMUNITY_HEALTH", "Awaiting community health services"
    PERSON_OR_FAMILY_CHOICE = "PERSON_OR_FAMILY_CHOICE", "Person or family choice"
    OTHER = "OTHER", "Other"


class Rag(models.TextChoices):
    RED = "RED", "Red"
    AMBER = "AMBER", "Amber"
    GREEN = "GREEN", "Green"
    BLUE = "BLUE", "Blue (inpatient)"


class DsrStatus(models.TextChoices):
    ACTIVE = "ACTIVE", "Active"
    CLOSED = "CLOSED", "Closed"


class DsrClosedReason(models.TextChoices):
    RISK_REDUCED = "RISK_REDUCED", "Risk of admission reduced"
    CONSENT_WITHDRAWN = "CONSENT_WITHDRAWN", "Consent withdrawn"
    MOVED_AWAY = "MOVED_AWAY", "Moved out of the partnership"
    DIED = "DIED", "Died"
    OTHER = "OTHER", "Other"


class BudgetKind(models.TextChoices):
    PB = "PB", "Social care personal budget"
    PHB = "PHB", "Personal health budget"
    INTEGRATED = "INTEGRATED", "Integrated personal budget"


class BudgetDeployment(models.TextChoices):
    DP = "DP", "Direct payment"
    ISF = "ISF", "Individual service fund"
    MANAGED = "MANAGED", "Managed by the council"
    COMMISSIONED_ONLY = "COMMISSIONED_ONLY", "Commissioned support only"


class AccommodationType(models.TextChoices):
    OWN_TENANCY = "OWN_TENANCY", "Own home or tenancy"
    FAMILY_HOME = "FAMILY_HOME", "Living with family"
    SUPPORTED_LIVING = "SUPPORTED_LIVING", "Supported living"
    SHARED_LIVES = "SHARED_LIVES", "Shared Lives"
    RESIDENTIAL_CARE = "RESIDENTIAL_CARE", "Residential care"
    NURSING_CARE = "NURSING_CARE", "Nursing care"
    TEMPORARY_CRISIS = "TEMPORARY_CRISIS", "Crisis or temporary accommodation"
    OTHER = "OTHER", "Other"


SETTLED_ACCOMMODATION = frozenset(
    {
        AccommodationType.OWN_TENANCY,
        AccommodationType.FAMILY_HOME,
        AccommodationType.SUPPORTED_LIVING,
        AccommodationType.SHARED_LIVES,
    }
)


class EmploymentStatus(models.TextChoices):
    PAID = "PAID", "Paid employment"
    VOLUNTARY = "VOLUNTARY", "Voluntary work"
    EDUCATION = "EDUCATION", "In education or training"
    NOT_EMPLOYED = "NOT_EMPLOYED", "Not employed"


class PlacementType(models.TextChoices):
    RESIDENTIAL_SCHOOL_52WK = "RESIDENTIAL_SCHOOL_52WK", "Residential school (52-week)"
    RESIDENTIAL_SCHOOL_38WK = "RESIDENTIAL_SCHOOL_38WK", "Residential school (38-week)"
    RESIDENTIAL_CARE = "RESIDENTIAL_CARE", "Residential care home"
    NURSING_CARE = "NURSING_CARE", "Nursing home"
    SUPPORTED_LIVING = "SUPPORTED_LIVING", "Supported living"
    OTHER = "OTHER", "Other"


class ContactMode(models.TextChoices):
    FACE_TO_FACE = "FACE_TO_FACE", "Face to face"
    VIDEO = "VIDEO", "Video call"
    TELEPHONE = "TELEPHONE", "Telephone"
