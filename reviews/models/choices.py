"""Code lists for C(E)TRs, panels, actions and oversight visits (DOMAIN.md section 3)."""

from django.db import models


class ReviewType(models.TextChoices):
    COMMUNITY = "COMMUNITY", "Community C(E)TR"
    URGENT_COMMUNITY = "URGENT_COMMUNITY", "Urgent community review (blue light or LAEP)"
    POST_ADMISSION = "POST_ADMISSION", "Post-admission C(E)TR"
    INPATIENT_REPEAT = "INPATIENT_REPEAT", "Repeat inpatient C(E)TR"


COMMUNITY_REVIEW_TYPES = frozenset({ReviewType.COMMUNITY, ReviewType.URGENT_COMMUNITY})
INPATIENT_REVIEW_TYPES = frozenset({ReviewType.POST_ADMISSION, ReviewType.INPATIENT_REPEAT})


class ReviewStatus(models.TextChoices):
    PLANNED = "PLANNED", "Planned"
    HELD = "HELD", "Held"
    DECLINED = "DECLINED", "Declined"
    CANCELLED = "CANCELLED", "Cancelled"


class ReviewSetting(models.TextChoices):
    """Where the review meeting took place."""

    HOSPITAL = "HOSPITAL", "In hospital"
    PERSON_HOME = "PERSON_HOME", "At the person's home"
    COMMUNITY_VENUE = "COMMUNITY_VENUE", "Other community venue"
    VIDEO = "VIDEO", "By video call"
    MIXED = "MIXED", "In person and by video"


class ReviewOutcome(models.TextChoices):
    """DOMAIN.md 3: community outcomes, then the inpatient overall findings."""

    ADMISSION_AVOIDED = "ADMISSION_AVOIDED", "Admission avoided"
    ADMISSION_RECOMMENDED = "ADMISSION_RECOMMENDED", "Admission recommended"
    ALREADY_ADMITTED = "ALREADY_ADMITTED", "Already admitted"
    SAFE_AND_APPROPRIATELY_PLACED = (
        "SAFE_AND_APPROPRIATELY_PLACED",
        "Safe and appropriately placed",
    )
    NOT_SAFE_OR_NOT_APPROPRIATE = "NOT_SAFE_OR_NOT_APPROPRIATE", "Not safe or not appropriate"
    READY_FOR_DISCHARGE = "READY_FOR_DISCHARGE", "Ready for discharge"


COMMUNITY_OUTCOMES = frozenset(
    {
        ReviewOutcome.ADMISSION_AVOIDED,
        ReviewOutcome.ADMISSION_RECOMMENDED,
        ReviewOutcome.ALREADY_ADMITTED,
    }
)
INPATIENT_OUTCOMES = frozenset(
    {
        ReviewOutcome.SAFE_AND_APPROPRIATELY_PLACED,
        ReviewOutcome.NOT_SAFE_OR_NOT_APPROPRIATE,
        ReviewOutcome.READY_FOR_DISCHARGE,
    }
)

# The four key questions every inpatient C(E)TR answers (DOMAIN.md 3, verified).
KEY_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("is_safe", "Is the person safe?"),
    ("is_good_care_now", "Is the person getting good care now?"),
    ("has_plans_for_future", "Are there good plans in place for the person's future?"),
    (
        "could_care_be_in_community",
        "Could the person's care and treatment be provided in the community?",
    ),
)


class PanelRole(models.TextChoices):
    CHAIR_COMMISSIONER = "CHAIR_COMMISSIONER", "Chair (responsible commissioner)"
    EXPERT_BY_EXPERIENCE = "EXPERT_BY_EXPERIENCE", "Expert by experience"
    CLINICAL_EXPERT = "CLINICAL_EXPERT", "Clinical expert"
    OTHER = "OTHER", "Other attendee"


REQUIRED_PANEL_ROLES = frozenset(
    {PanelRole.CHAIR_COMMISSIONER, PanelRole.EXPERT_BY_EXPERIENCE, PanelRole.CLINICAL_EXPERT}
)


class ActionStatus(models.TextChoices):
    OPEN = "OPEN", "Open"
    IN_PROGRESS = "IN_PROGRESS", "In progress"
    DONE = "DONE", "Done"
    NOT_DONE_ESCALATED = "NOT_DONE_ESCALATED", "Not done (escalated)"
    CANCELLED = "CANCELLED", "Cancelled"


CLOSED_ACTION_STATUSES = frozenset({ActionStatus.DONE, ActionStatus.CANCELLED})


class ScheduledItemStatus(models.TextChoices):
    """Stored status; "overdue" and "due soon" are derived from today (DOMAIN.md 4)."""

    DUE = "DUE", "Due"
    COMPLETED = "COMPLETED", "Completed"
    CANCELLED = "CANCELLED", "Cancelled"
