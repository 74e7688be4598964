"""Tables the generators draw from: lengths of stay, legal status by bed, RAG review chain,
destinations, homes, ethnicity. Weights are demo assumptions shaped by the seeds and AT figures,
except the review and post-discharge intervals, which are DOMAIN.md 11's defaults."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from ..models import (
    AccommodationType,
    BedType,
    DelayReason,
    DischargeDestination,
    EthnicCategory,
    LegalStatus,
    Rag,
)
from .names import add_years, random_date

DAY = timedelta(days=1)
# DSR_REVIEW_DAYS and DSR_POST_DISCHARGE_RED_DAYS defaults (DOMAIN.md 11).
REVIEW_DAYS = {Rag.RED: 14, Rag.AMBER: 28, Rag.GREEN: 90}
POST_DISCHARGE_RED_DAYS = 14

# Transitions at each review, chosen so that, with reviews every 14/28/90 days, about 10% of
# community time is spent RED, 30% AMBER and 60% GREEN (the chain is reversible with visit shares
# 0.29/0.44/0.27, i.e. the time shares divided by the review intervals).
RAG_NEXT = {
    Rag.RED: ((Rag.RED, 0.6), (Rag.AMBER, 0.35), (Rag.GREEN, 0.05)),
    Rag.AMBER: ((Rag.RED, 0.23), (Rag.AMBER, 0.586), (Rag.GREEN, 0.184)),
    Rag.GREEN: ((Rag.RED, 0.054), (Rag.AMBER, 0.3), (Rag.GREEN, 0.646)),
}
RAG_START = ((Rag.RED, 0.12), (Rag.AMBER, 0.38), (Rag.GREEN, 0.5))
RATIONALES = {
    Rag.RED: (
        "Placement at risk of breaking down; admission being considered.",
        "Escalating behaviour that challenges; community C(E)TR requested.",
        "Family carer unable to continue; urgent support being arranged.",
    ),
    Rag.AMBER: (
        "More anxious since a change of support staff; extra support agreed.",
        "Mental health deteriorating; intensive support team involved.",
        "Housing move planned; risk of crisis without extra support.",
    ),
    Rag.GREEN: (
        "Settled; support package meeting needs.",
        "Risks managed in the community; keep under review.",
        "Stable since the last review; no new concerns.",
    ),
}
AUTOMATIC_RATIONALE = {
    Rag.BLUE: "Admitted to hospital (set automatically).",
    Rag.RED: "Discharged from hospital: rated red for 14 days (set automatically).",
}

LOS_DAYS = {
    BedType.CRISIS: (7, 110),
    BedType.AT_UNIT: (14, 240),
    BedType.ACUTE_MH: (7, 90),
    BedType.PICU: (14, 120),
    BedType.LOCKED_REHAB: (180, 1500),
    BedType.SECURE_LOW: (300, 2000),
    BedType.SECURE_MEDIUM: (365, 2500),
    BedType.SECURE_HIGH: (700, 3000),
    BedType.CAMHS_T4: (20, 180),
    BedType.CAMHS_T4_SECURE: (60, 400),
    BedType.OTHER: (14, 200),
}
NHSE_BEDS = frozenset(
    {
        BedType.SECURE_LOW,
        BedType.SECURE_MEDIUM,
        BedType.SECURE_HIGH,
        BedType.CAMHS_T4,
        BedType.CAMHS_T4_SECURE,
    }
)
CHILD_BEDS = ((BedType.CAMHS_T4, 4.0), (BedType.CAMHS_T4_SECURE, 1.0))
LEGAL_BY_BED = {
    BedType.CRISIS: ((LegalStatus.INFORMAL, 4), (LegalStatus.S2, 4), (LegalStatus.S3, 2)),
    BedType.AT_UNIT: ((LegalStatus.S2, 4), (LegalStatus.S3, 4), (LegalStatus.INFORMAL, 2)),
    BedType.ACUTE_MH: ((LegalStatus.S2, 5), (LegalStatus.S3, 3), (LegalStatus.INFORMAL, 2)),
    BedType.PICU: ((LegalStatus.S3, 6), (LegalStatus.S2, 3), (LegalStatus.S37, 1)),
    BedType.LOCKED_REHAB: ((LegalStatus.S3, 7), (LegalStatus.S37, 2), (LegalStatus.INFORMAL, 1)),
    BedType.SECURE_LOW: (
        (LegalStatus.S37_41, 4),
        (LegalStatus.S37, 3),
        (LegalStatus.S3, 2),
        (LegalStatus.S47_49, 1),
    ),
    BedType.SECURE_MEDIUM: (
        (LegalStatus.S37_41, 5),
        (LegalStatus.S47_49, 2),
        (LegalStatus.S37, 2),
        (LegalStatus.S48_49, 1),
    ),
    BedType.SECURE_HIGH: ((LegalStatus.S37_41, 6), (LegalStatus.S47_49, 2), (LegalStatus.S3, 1)),
    BedType.CAMHS_T4: ((LegalStatus.S2, 4), (LegalStatus.S3, 3), (LegalStatus.INFORMAL, 3)),
    BedType.CAMHS_T4_SECURE: ((LegalStatus.S3, 5), (LegalStatus.S37, 3), (LegalStatus.S38, 2)),
    BedType.OTHER: ((LegalStatus.INFORMAL, 5), (LegalStatus.S3, 5)),
}
ADMISSION_REASONS = (
    "Behaviour that challenges",
    "Deterioration in mental health",
    "Breakdown of community placement",
    "Risk to self",
    "Assessment of needs and treatment",
)
FORENSIC_REASON = "Offending behaviour (court or prison diversion)"
DELAY_REASONS = (
    (DelayReason.HOUSING, 4),
    (DelayReason.CARE_PROVIDER_NOT_FOUND, 4),
    (DelayReason.FUNDING_DISPUTE, 2),
    (DelayReason.MOJ_OR_TRIBUNAL, 1),
    (DelayReason.AWAITING_COMMUNITY_HEALTH, 1),
    (DelayReason.PERSON_OR_FAMILY_CHOICE, 1),
    (DelayReason.OTHER, 1),
)
COMMUNITY_DESTINATIONS = (
    (DischargeDestination.SUPPORTED_LIVING, 35),
    (DischargeDestination.FAMILY_HOME, 20),
    (DischargeDestination.RESIDENTIAL_CARE, 15),
    (DischargeDestination.OWN_HOME_TENANCY, 10),
    (DischargeDestination.NURSING_CARE, 3),
    (DischargeDestination.SHARED_LIVES, 2),
    (DischargeDestination.CUSTODY, 2),
    (DischargeDestination.OTHER, 3),
)
HOME_FOR_DESTINATION = {
    DischargeDestination.OWN_HOME_TENANCY: AccommodationType.OWN_TENANCY,
    DischargeDestination.SUPPORTED_LIVING: AccommodationType.SUPPORTED_LIVING,
    DischargeDestination.FAMILY_HOME: AccommodationType.FAMILY_HOME,
    DischargeDestination.RESIDENTIAL_CARE: AccommodationType.RESIDENTIAL_CARE,
    DischargeDestination.NURSING_CARE: AccommodationType.NURSING_CARE,
    DischargeDestination.SHARED_LIVES: AccommodationType.SHARED_LIVES,
    DischargeDestination.OTHER: AccommodationType.OTHER,
}
DESTINATION_FOR_HOME = {home: dest for dest, home in HOME_FOR_DESTINATION.items()}
ADULT_HOMES = (
    (AccommodationType.FAMILY_HOME, 30),
    (AccommodationType.SUPPORTED_LIVING, 25),
    (AccommodationType.RESIDENTIAL_CARE, 17),
    (AccommodationType.OWN_TENANCY, 12),
    (AccommodationType.SHARED_LIVES, 4),
    (AccommodationType.NURSING_CARE, 3),
    (AccommodationType.OTHER, 2),
)
CHILD_HOMES = (
    (AccommodationType.FAMILY_HOME, 88),
    (AccommodationType.RESIDENTIAL_CARE, 8),
    (AccommodationType.OTHER, 4),
)
ETHNICITY = (
    (EthnicCategory.A, 78),
    (EthnicCategory.B, 1),
    (EthnicCategory.C, 3),
    (EthnicCategory.D, 1.5),
    (EthnicCategory.E, 0.5),
    (EthnicCategory.F, 0.5),
    (EthnicCategory.G, 1),
    (EthnicCategory.H, 1.5),
    (EthnicCategory.J, 2),
    (EthnicCategory.K, 1),
    (EthnicCategory.L, 1),
    (EthnicCategory.M, 1),
    (EthnicCategory.N, 2),
    (EthnicCategory.P, 0.5),
    (EthnicCategory.R, 0.2),
    (EthnicCategory.S, 0.8),
    (EthnicCategory.Z, 1.5),
    (EthnicCategory.NOT_KNOWN, 3),
)


_CUMULATIVE: dict[tuple, tuple[list[str], list[float]]] = {}


def pick(rng: random.Random, weighted: Sequence[tuple[str, float]]) -> str:
    """One value of a (value, weight) table; running sums are cached per table."""
    key = tuple(weighted)
    if key not in _CUMULATIVE:
        values, total, cumulative = [], 0.0, []
        for value, weight in weighted:
            total += weight
            values.append(value)
            cumulative.append(total)
        _CUMULATIVE[key] = (values, cumulative)
    values, cumulative = _CUMULATIVE[key]
    return rng.choices(values, cum_weights=cumulative)[0]


def stay_start(band: str, today: date, rng: random.Random, cutoff: date) -> date:
    """A continuous-stay start in the named length-of-stay band (see InpatientSpec)."""
    windows = {
        "original": (date(2006, 1, 1), cutoff - 4 * DAY),
        "5y+": (cutoff + 14 * DAY, add_years(today, -5) - 30 * DAY),
        "2-5y": (add_years(today, -5) + 30 * DAY, add_years(today, -2) - 30 * DAY),
        "1-2y": (add_years(today, -2) + 20 * DAY, add_years(today, -1) - 20 * DAY),
        "6-12m": (today - 350 * DAY, today - 190 * DAY),
        "3-6m": (today - 175 * DAY, today - 95 * DAY),
        "<3m": (today - 84 * DAY, today - 3 * DAY),
    }
    earliest, latest = windows[band]
    return random_date(rng, earliest, max(earliest, latest))
