"""Saving generated cohorts: bulk_create per model in dependency order, in one transaction."""

from __future__ import annotations

import random
from collections.abc import Sequence

from django.db import models, transaction

from ..models import (
    Accommodation,
    AnnualHealthCheck,
    CareCoordinatorAssignment,
    CarePlanReview,
    CoordinatorContact,
    CriminalJusticeContact,
    CrisisPlan,
    DischargeDelayRecord,
    DsrEntry,
    Employment,
    HealthEqualityAssessment,
    HospitalSpell,
    LegalStatusRecord,
    Person,
    PersonalBudget,
    Placement,
    PlannedDischargeRecord,
    PsychiatricReferral,
    RiskRating,
    WardStay,
)
from .context import Cohort
from .names import synthetic_nhs_numbers

# Parents before children; history rows after the spells they belong to.
WRITE_ORDER: tuple[type[models.Model], ...] = (
    Person,
    CareCoordinatorAssignment,
    DsrEntry,
    RiskRating,
    HospitalSpell,
    WardStay,
    LegalStatusRecord,
    PlannedDischargeRecord,
    DischargeDelayRecord,
    CoordinatorContact,
    CarePlanReview,
    CrisisPlan,
    AnnualHealthCheck,
    HealthEqualityAssessment,
    PersonalBudget,
    Accommodation,
    Employment,
    CriminalJusticeContact,
    PsychiatricReferral,
    Placement,
)


def write_cohorts(cohorts: Sequence[Cohort], *, batch_size: int = 5000) -> dict[str, int]:
    """Save every row with bulk_create: one INSERT per model per `batch_size` rows (plus one per
    transfer depth for spells), never one per row. The database checks every constraint."""
    unknown = {model for cohort in cohorts for model in cohort.rows} - set(WRITE_ORDER)
    if unknown:
        raise ValueError(f"No write order for {sorted(m.__name__ for m in unknown)}.")
    written: dict[str, int] = {}
    with transaction.atomic():
        _replace_taken_nhs_numbers([p for cohort in cohorts for p in cohort.people])
        for model in WRITE_ORDER:
            objs = [obj for cohort in cohorts for obj in cohort.of(model)]
            if model is HospitalSpell:
                for layer in _transfer_layers(objs):  # a transfer points at a spell saved before it
                    model.objects.bulk_create(layer, batch_size=batch_size)
            elif objs:
                model.objects.bulk_create(objs, batch_size=batch_size)
            written[model.__name__] = len(objs)
    return written


def _transfer_layers(spells: list[HospitalSpell]) -> list[list[HospitalSpell]]:
    depth: dict[int, int] = {}
    for spell in spells:
        chain, cursor = 0, spell.transferred_from
        while cursor is not None:
            chain, cursor = chain + 1, cursor.transferred_from
        depth[id(spell)] = chain
    layers: list[list[HospitalSpell]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for spell in spells:
        layers[depth[id(spell)]].append(spell)
    return layers


def _replace_taken_nhs_numbers(people: list[Person], chunk: int = 10_000) -> None:
    """NHS numbers are unique across the instance: a number drawn twice (another partnership's
    cohort, an earlier run) is replaced by one derived from the person's local identifier."""
    numbers = [p.nhs_number for p in people if p.nhs_number]
    in_database: set[str] = set()
    for start in range(0, len(numbers), chunk):
        in_database.update(
            Person.objects.filter(nhs_number__in=numbers[start : start + chunk]).values_list(
                "nhs_number", flat=True
            )
        )
    used = set(numbers) | in_database
    seen: set[str] = set()
    for person in people:
        if person.nhs_number is None:
            continue
        if person.nhs_number in in_database or person.nhs_number in seen:
            fresh = synthetic_nhs_numbers(random.Random(person.local_identifier), 1, avoid=used)[0]
            used.add(fresh)
            person.nhs_number = fresh
        seen.add(person.nhs_number)
