"""Models of the reviews app: C(E)TRs, panels, actions, oversight visits and the stored schedule."""

from .actions import Action, ActionQuerySet, ActionStatusChange
from .choices import (
    CLOSED_ACTION_STATUSES,
    COMMUNITY_OUTCOMES,
    COMMUNITY_REVIEW_TYPES,
    INPATIENT_OUTCOMES,
    INPATIENT_REVIEW_TYPES,
    KEY_QUESTIONS,
    REQUIRED_PANEL_ROLES,
    ActionStatus,
    PanelRole,
    ReviewOutcome,
    ReviewSetting,
    ReviewStatus,
    ReviewType,
    ScheduledItemStatus,
)
from .reviews import CareReview, CareReviewQuerySet, PanelMember
from .scheduled import CoordinatorDigest, ScheduledItem, ScheduledItemQuerySet
from .visits import OversightVisit

__all__ = [
    "CLOSED_ACTION_STATUSES",
    "COMMUNITY_OUTCOMES",
    "COMMUNITY_REVIEW_TYPES",
    "INPATIENT_OUTCOMES",
    "INPATIENT_REVIEW_TYPES",
    "KEY_QUESTIONS",
    "REQUIRED_PANEL_ROLES",
    "Action",
    "ActionQuerySet",
    "ActionStatus",
    "ActionStatusChange",
    "CareReview",
    "CareReviewQuerySet",
    "CoordinatorDigest",
    "OversightVisit",
    "PanelMember",
    "PanelRole",
    "ReviewOutcome",
    "ReviewSetting",
    "ReviewStatus",
    "ReviewType",
    "ScheduledItem",
    "ScheduledItemQuerySet",
    "ScheduledItemStatus",
]
