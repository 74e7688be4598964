"""The demo register reproduces the seeds' inpatient pictures at today, obeys every rule, and is
repeatable, idempotent and written in bulk (register/demo/, register/generators/)."""

import datetime as dt
import io
import math
import random
from collections import Counter, defaultdict
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Membership, Organisation, OrganisationType, Partnership, Role, User
from register.demo import demo_hospitals, demo_pictures, seed_register_demo
from register.generators import (
    WRITE_ORDER,
    ensure_hospitals,
    generate_hospitals,
    generate_partnership_cohort,
    write_cohorts,
)
from register.models import (
    AdmissionKind,
    BedType,
    CareCoordinatorAssignment,
    CommissionerType,
    DischargeDelayRecord,
    DischargeDestination,
    DsrEntry,
    DsrStatus,
    HospitalSpell,
    LegalStatusRecord,
    Person,
    Placement,
    PlacementType,
    PlannedDischargeRecord,
    Rag,
    RiskRating,
    SecurityLevel,
    Site,
    Ward,
    WardStay,
)

pytestmark = pytest.mark.django_db

ICB, NHSE = CommissionerType.ICB, CommissionerType.NHSE_SPEC
CUTOFF = dt.date(2014, 3, 1)
SECURE = {SecurityLevel.LOW, SecurityLevel.MEDIUM, SecurityLevel.HIGH}
CAMHS = {BedType.CAMHS_T4, BedType.CAMHS_T4_SECURE}
REFERENCE_MODELS = (Organisation, Partnership, User, Membership, Site, Ward)


@pytest.fixture(scope="module")
def today():
    return timezone.localdate()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, today):
    """`manage.py seed_demo` on an empty database, once for the module, rolled back after it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", "--without-derived", stdout=io.StringIO())
            yield {p.code: p for p in Partnership.objects.all()}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def footprint(partnership):
    return {d for org in partnership.members.all() for d in org.postcode_districts.split()}


def current_inpatients(partnership):
    """(spell, current ward) for every spell open today, with the site's area."""
    stays = (
        WardStay.objects.for_partnership(partnership)
        .filter(end_date__isnull=True, spell__discharge_date__isnull=True)
        .select_related("spell__person", "spell__provider", "ward__site")
    )
    area = footprint(partnership)
    return [(stay.spell, stay.ward, stay.ward.site.postcode.split()[0] in area) for stay in stays]


def years_between(start, end):
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


# --- the seed figures at today ------------------------------------------------------------


def test_blmk_inpatients_are_the_seed_004_picture(demo, today):
    rows = current_inpatients(demo["BLMK"])
    assert Counter(spell.commissioner_type for spell, _, _ in rows) == {ICB: 17, NHSE: 14}
    beds = Counter(
        (spell.commissioner_type, ward.bed_type, ward.security_level, in_area)
        for spell, ward, in_area in rows
    )
    assert beds == {
        (ICB, BedType.CRISIS, SecurityLevel.NONE, True): 3,
        (ICB, BedType.LOCKED_REHAB, SecurityLevel.LOCKED, True): 4,
        (ICB, BedType.LOCKED_REHAB, SecurityLevel.LOCKED, False): 10,
        (NHSE, BedType.SECURE_LOW, SecurityLevel.LOW, True): 4,
        (NHSE, BedType.SECURE_LOW, SecurityLevel.LOW, False): 4,
        (NHSE, BedType.SECURE_MEDIUM, SecurityLevel.MEDIUM, False): 4,
        (NHSE, BedType.CAMHS_T4_SECURE, SecurityLevel.LOW, False): 1,
        (NHSE, BedType.CAMHS_T4_SECURE, SecurityLevel.MEDIUM, False): 1,
    }
    # Out of area: locked rehab in 7 units (3, 2, 1, 1, 1, 1, 1), adult secure in 5 (2, 2, 2, 1, 1).
    rehab = Counter(w.site_id for s, w, a in rows if w.bed_type == BedType.LOCKED_REHAB and not a)
    secure = Counter(
        w.site_id
        for s, w, a in rows
        if w.security_level in SECURE and w.bed_type not in CAMHS and not a
    )
    assert sorted(rehab.values(), reverse=True) == [3, 2, 1, 1, 1, 1, 1]
    assert sorted(secure.values(), reverse=True) == [2, 2, 2, 1, 1]
    children = [(s, w) for s, w, _ in rows if s.person.age_on(today) < 18]
    assert len(children) == 2
    assert {s.commissioner_type for s, _ in children} == {NHSE}
    # Original Winterbourne cohort: continuous stays begun before March 2014, all ICB.
    original = Counter(s.commissioner_type for s, _, _ in rows if s.continuous_stay_start < CUTOFF)
    assert original == {ICB: 7}


def test_blmk_inpatients_by_home_ccg_and_length_of_stay(demo, today):
    rows = current_inpatients(demo["BLMK"])
    bedfordshire = {
        "E06000055": "Bedfordshire",
        "E06000056": "Bedfordshire",
        "E06000032": "Luton",
        "E06000042": "Milton Keynes",
    }
    home = Counter(
        (
            s.commissioner_type,
            bedfordshire[s.person.home_local_authority.ods_code],
            s.continuous_stay_start < CUTOFF,
        )
        for s, _, _ in rows
    )
    assert home == {
        (ICB, "Bedfordshire", True): 2,
        (ICB, "Bedfordshire", False): 2,
        (ICB, "Milton Keynes", True): 3,
        (ICB, "Milton Keynes", False): 6,
        (ICB, "Luton", True): 2,
        (ICB, "Luton", False): 2,
        (NHSE, "Bedfordshire", False): 9,
        (NHSE, "Milton Keynes", False): 3,
        (NHSE, "Luton", False): 2,
    }
    long_stays = Counter(
        (
            s.commissioner_type,
            "5y+" if years_between(s.continuous_stay_start, today) >= 5 else "2-5y",
        )
        for s, _, _ in rows
        if years_between(s.continuous_stay_start, today) >= 2
    )
    assert long_stays == {(ICB, "5y+"): 8, (ICB, "2-5y"): 4, (NHSE, "5y+"): 5, (NHSE, "2-5y"): 4}
    # One Luton patient was admitted by children's services and turned 18 in hospital.
    grown_up = [
        s
        for s, _, _ in rows
        if s.person.age_on(s.continuous_stay_start) < 18 and s.person.age_on(today) >= 18
    ]
    assert len(grown_up) == 1
    assert grown_up[0].person.home_local_authority.ods_code == "E06000032"


def test_essex_inpatients_are_the_seed_003_baseline(demo, today):
    rows = current_inpatients(demo["ESX"])
    assert Counter(spell.commissioner_type for spell, _, _ in rows) == {ICB: 38, NHSE: 31}

    def setting(spell, ward):
        nhs = spell.provider.type == OrganisationType.PROVIDER_NHS
        if spell.commissioner_type == NHSE:
            return (
                "CAMHS"
                if ward.bed_type in CAMHS
                else "secure"
                if ward.security_level in SECURE
                else "?"
            )
        if ward.bed_type == BedType.ACUTE_MH:
            return "mental health"
        if nhs and ward.bed_type in {BedType.AT_UNIT, BedType.LOCKED_REHAB}:
            return "A&T"
        return "independent hospital" if not nhs else "?"

    settings = Counter(setting(s, w) for s, w, _ in rows)
    assert settings == {
        "A&T": 19,
        "independent hospital": 14,
        "mental health": 5,
        "secure": 28,
        "CAMHS": 3,
    }
    over_5_years = Counter(
        s.commissioner_type
        for s, _, _ in rows
        if years_between(s.continuous_stay_start, today) >= 5
    )
    assert over_5_years == {ICB: 6, NHSE: 7}
    assert sum(1 for s, _, _ in rows if s.person.age_on(today) < 18) == 3
    rehab_beds = [
        w for s, w, _ in rows if setting(s, w) == "A&T" and w.bed_type == BedType.LOCKED_REHAB
    ]
    assert len(rehab_beds) == 3
    over_a_year = Counter(
        setting(s, w) for s, w, _ in rows if (today - s.continuous_stay_start).days > 365
    )
    assert over_a_year["A&T"] - len(rehab_beds) == 4
    assert over_a_year["independent hospital"] == 11
    independent_in_area = Counter(a for s, w, a in rows if setting(s, w) == "independent hospital")
    assert independent_in_area == {True: 10, False: 4}
    assert Counter(a for s, w, a in rows if setting(s, w) == "secure") == {True: 6, False: 22}


def test_out_of_area_placements_match_the_seeds(demo, today):
    def current(partnership):
        return [
            p
            for p in Placement.objects.for_partnership(partnership).select_related("person")
            if p.is_out_of_area
            and p.start_date <= today
            and (p.end_date is None or p.end_date > today)
        ]

    def band(age):
        return "under 18" if age < 18 else "18-25" if age <= 25 else "over 25"

    blmk = current(demo["BLMK"])
    assert Counter(band(p.person.age_on(today)) for p in blmk) == {
        "under 18": 35,
        "18-25": 29,
        "over 25": 85,
    }
    schools = {PlacementType.RESIDENTIAL_SCHOOL_52WK, PlacementType.RESIDENTIAL_SCHOOL_38WK}
    essex_schools = [p for p in current(demo["ESX"]) if p.type in schools]
    assert len(essex_schools) > 150
    assert all(p.person.age_on(today) < 18 for p in essex_schools)


# --- the rules every generated row follows -------------------------------------------------


def latest(rows):
    return max(rows, key=lambda r: (r.effective_date, r.recorded_at, r.pk))


def test_ratings_are_blue_in_hospital_and_red_for_14_days_after_discharge(demo):
    ratings = defaultdict(list)
    for rating in RiskRating.objects.order_by("effective_date", "recorded_at", "pk"):
        ratings[rating.person_id].append(rating)
    spells = defaultdict(list)
    for spell in HospitalSpell.objects.all():
        spells[spell.person_id].append(spell)
    active = DsrEntry.objects.filter(status=DsrStatus.ACTIVE)
    for entry in active:
        in_hospital = any(s.discharge_date is None for s in spells[entry.person_id])
        assert (
            latest([r for r in ratings[entry.person_id] if r.dsr_entry_id == entry.pk]).rag
            == Rag.BLUE
        ) == in_hospital
    assert active.count() > 500
    re_rated = 0
    for person_id, person_spells in spells.items():
        days = {r.effective_date: r for r in ratings[person_id]}
        for spell in person_spells:
            if spell.transferred_from_id is None:
                blue = days[spell.admission_date]
                assert (blue.rag, blue.is_automatic, blue.rated_by_id) == (Rag.BLUE, True, None)
            if spell.discharge_destination in {
                "",
                DischargeDestination.OTHER_HOSPITAL,
                DischargeDestination.DIED,
            }:
                continue
            red = days[spell.discharge_date]
            assert (red.rag, red.is_automatic) == (Rag.RED, True)
            following = [r for r in ratings[person_id] if r.effective_date > spell.discharge_date]
            if following:
                # Re-rated by a person no sooner than 14 days on, unless readmitted first (BLUE).
                after = following[0]
                assert after.rag == Rag.BLUE or (
                    not after.is_automatic
                    and (after.effective_date - spell.discharge_date).days >= 14
                )
                re_rated += not after.is_automatic
    assert re_rated >= 50
    assert not RiskRating.objects.filter(rag=Rag.BLUE, is_automatic=False).exists()
    assert not RiskRating.objects.filter(is_automatic=False, rated_by__isnull=True).exists()


def test_spells_transfers_readmissions_and_ward_stays_follow_the_domain(demo):
    by_person = defaultdict(list)
    for spell in HospitalSpell.objects.order_by("admission_date").select_related(
        "transferred_from"
    ):
        by_person[spell.person_id].append(spell)
    kinds = Counter()
    for spells in by_person.values():
        previous = None
        for spell in spells:
            kinds[spell.admission_kind] += 1
            if spell.transferred_from is not None:
                before = spell.transferred_from
                assert spell.admission_kind == AdmissionKind.TRANSFER
                assert before.discharge_destination == DischargeDestination.OTHER_HOSPITAL
                assert before.discharge_date == spell.admission_date
                assert before.continuous_stay_start == spell.continuous_stay_start
                assert before.provider_id != spell.provider_id
            else:
                assert spell.continuous_stay_start == spell.admission_date
                recent = (
                    previous is not None
                    and (spell.admission_date - previous.discharge_date).days <= 365
                )
                assert spell.admission_kind == (
                    AdmissionKind.READMISSION_12M if recent else AdmissionKind.FIRST
                )
            previous = spell
    assert kinds[AdmissionKind.TRANSFER] >= 10
    assert kinds[AdmissionKind.READMISSION_12M] >= 10
    stays = defaultdict(list)
    for stay in WardStay.objects.order_by("start_date").select_related("ward"):
        stays[stay.spell_id].append(stay)
    for spell in HospitalSpell.objects.all():
        mine = stays[spell.pk]
        assert mine[0].start_date == spell.admission_date
        assert mine[-1].end_date == spell.discharge_date
        assert all(a.end_date == b.start_date for a, b in pairwise(mine))
        assert mine[-1].ward.site_id == spell.site_id
    assert sum(1 for mine in stays.values() if len(mine) > 1) >= 5


def test_spell_current_values_are_the_latest_history_rows(demo):
    def histories(model):
        found = defaultdict(list)
        for row in model.objects.all():
            found[row.spell_id].append(row)
        return found

    legal, planned, delays = (
        histories(m) for m in (LegalStatusRecord, PlannedDischargeRecord, DischargeDelayRecord)
    )
    for spell in HospitalSpell.objects.all():
        assert latest(legal[spell.pk]).legal_status == spell.legal_status
        if planned[spell.pk]:
            assert latest(planned[spell.pk]).planned_discharge_date == spell.planned_discharge_date
        else:
            assert spell.planned_discharge_date is None
        if delays[spell.pk]:
            last = latest(delays[spell.pk])
            assert (last.clinically_ready_date, last.delay_reason) == (
                spell.clinically_ready_date,
                spell.delay_reason,
            )
        else:
            assert spell.clinically_ready_date is None
    open_delayed = HospitalSpell.objects.filter(
        discharge_date__isnull=True, clinically_ready_date__isnull=False
    )
    assert open_delayed.filter(partnership__code="BLMK").count() >= 3


def test_spells_before_july_2022_are_commissioned_by_ccgs(demo):
    for spell in HospitalSpell.objects.filter(commissioner_type=ICB).select_related("commissioner"):
        ended_early = spell.discharge_date is not None and spell.discharge_date < dt.date(
            2022, 7, 1
        )
        expected = OrganisationType.CCG_HISTORIC if ended_early else OrganisationType.ICB
        assert spell.commissioner.type == expected
    assert (
        not HospitalSpell.objects.filter(commissioner_type=NHSE)
        .exclude(commissioner__type=OrganisationType.NHSE_SPEC)
        .exists()
    )


def test_hospitals_have_every_bed_type_and_security_level_in_and_out_of_area(demo):
    wards = Ward.objects.select_related("site")
    assert {w.bed_type for w in wards} == set(BedType.values)
    assert {w.security_level for w in wards} == set(SecurityLevel.values)
    for partnership in demo.values():
        area = footprint(partnership)
        inside = {w.site_id for w in wards if w.site.postcode.split()[0] in area}
        assert inside
        assert len(inside) < Site.objects.count()


def test_community_people_span_ratings_ages_and_history(demo, today):
    window_start = today - dt.timedelta(days=730)
    for partnership in demo.values():
        active = (
            DsrEntry.objects.for_partnership(partnership)
            .active()
            .with_current_rag()
            .select_related("person")
        )
        rags = Counter(entry.current_rag for entry in active)
        community = sum(n for rag, n in rags.items() if rag != Rag.BLUE)
        assert rags[Rag.RED] >= community * 0.03
        assert rags[Rag.AMBER] >= community * 0.2
        assert rags[Rag.GREEN] >= community * 0.4
        ages = Counter(
            "child" if a < 14 else "transition" if a < 18 else "adult"
            for a in (
                entry.person.age_on(today) for entry in active if entry.current_rag != Rag.BLUE
            )
        )
        assert ages["child"] >= 10
        assert ages["transition"] >= 10
        assert ages["adult"] >= 150
        spells = HospitalSpell.objects.for_partnership(partnership)
        discharged = spells.filter(discharge_date__gte=window_start, discharge_date__lte=today)
        # Discharges are spread over the window: some in every two-month period of it.
        periods = {(today - s.discharge_date).days // 61 for s in discharged}
        assert periods >= set(range(12))
        readmitted = spells.filter(
            admission_kind=AdmissionKind.READMISSION_12M, admission_date__gte=window_start
        )
        assert readmitted.count() >= 3
        assert (
            Person.objects.for_partnership(partnership).filter(date_of_death__isnull=False).exists()
        )
        assert (
            DsrEntry.objects.for_partnership(partnership).filter(status=DsrStatus.CLOSED).exists()
        )


def test_coordinators_include_the_demo_coordinator_and_external_contacts(demo):
    for partnership in demo.values():
        coordinator = Membership.objects.get(
            partnership=partnership, role=Role.CARE_COORDINATOR
        ).user
        current = CareCoordinatorAssignment.objects.for_partnership(partnership).filter(
            end_date__isnull=True
        )
        caseload = Person.objects.visible_to(coordinator)
        assert 10 <= caseload.count() < current.count() / 3
        assert (
            current.filter(user__isnull=True).exclude(external_name="").count()
            > current.count() / 2
        )
        assert (
            CareCoordinatorAssignment.objects.for_partnership(partnership)
            .filter(end_date__isnull=False)
            .exists()
        )


FUTURE_DATES = {"planned_discharge_date", "next_review_due"}


@pytest.mark.parametrize("model", WRITE_ORDER[1:], ids=lambda m: m.__name__)
def test_no_demo_date_is_in_the_future_before_birth_or_after_death(demo, today, model):
    fields = [
        f.attname
        for f in model._meta.concrete_fields
        if f.get_internal_type() == "DateField" and f.attname not in FUTURE_DATES
    ]
    people = {p.pk: p for p in Person.objects.all()}
    for row in model.objects.values("person_id", *fields):
        person = people[row["person_id"]]
        last = person.date_of_death or today
        for name in fields:
            day = row[name]
            assert day is None or person.date_of_birth <= day <= last, (model.__name__, name, day)


def test_every_register_table_has_demo_rows(demo):
    empty = [model.__name__ for model in WRITE_ORDER if not model.objects.exists()]
    assert empty == []


# --- idempotent, repeatable, bulk -----------------------------------------------------------


def table_counts():
    return {model.__name__: model.objects.count() for model in (*REFERENCE_MODELS, *WRITE_ORDER)}


def test_seed_demo_a_second_time_changes_nothing(demo):
    before = table_counts()
    assert before["Person"] > 1000
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    assert "already there: nothing added" in output.getvalue()
    assert seed_register_demo() == {}
    assert table_counts() == before


def fingerprint(cohort):
    spells = sorted(
        (s.person.local_identifier, s.admission_date, s.discharge_date)
        for s in cohort.of(HospitalSpell)
    )
    ratings = [(r.person.local_identifier, r.effective_date, r.rag) for r in cohort.of(RiskRating)]
    people = [(p.nhs_number, p.date_of_birth, p.given_name, p.family_name) for p in cohort.people]
    return people, spells, ratings


def test_the_same_seed_gives_the_same_people_and_dates(demo, today):
    picture = demo_pictures()[0]
    partnership = demo[picture.code]
    units = demo_hospitals()

    def generate(seed):
        return generate_partnership_cohort(
            partnership,
            rng=random.Random(seed),
            today=today,
            community_people=120,
            inpatients=picture.inpatients,
            discharged_people=20,
            home_areas=picture.areas,
            units=units,
        )

    first, second, other = generate("same"), generate("same"), generate("other")
    assert fingerprint(first) == fingerprint(second)
    assert fingerprint(first)[0] != fingerprint(other)[0]
    numbers = [p.nhs_number for p in first.people if p.nhs_number]
    assert all(n.startswith("9") for n in numbers)
    assert len(set(numbers)) == len(numbers)


@pytest.mark.parametrize("day", [dt.date(2026, 2, 28), dt.date(2028, 2, 29), dt.date(2031, 12, 31)])
def test_the_pictures_hold_on_any_day(demo, day):
    units = demo_hospitals()
    for picture in demo_pictures():
        cohort = generate_partnership_cohort(
            demo[picture.code],
            rng=random.Random(f"day:{day}"),
            today=day,
            community_people=60,
            inpatients=picture.inpatients,
            discharged_people=10,
            placements=(),
            home_areas=picture.areas,
            units=units,
            history_beds=picture.history_beds,
        )
        open_spells = [s for s in cohort.of(HospitalSpell) if s.discharge_date is None]
        assert all(s.admission_date <= day for s in cohort.of(HospitalSpell))
        assert all(s.discharge_date <= day for s in cohort.of(HospitalSpell) if s.discharge_date)
        by_type = Counter(s.commissioner_type for s in open_spells)
        original = sum(1 for s in open_spells if s.continuous_stay_start < CUTOFF)
        expected = {"BLMK": ({ICB: 17, NHSE: 14}, 7), "ESX": ({ICB: 38, NHSE: 31}, 5)}[picture.code]
        assert (by_type, original) == expected


@pytest.fixture
def bench_partnership(db):
    """A partnership shaped like a scaled benchmark one: an ICB, a council, NHSE, two users."""
    districts = "ZZ1 ZZ2 ZZ3"
    partnership = Partnership.objects.create(code="SCALE", name="Scale TCP")
    partnership.members.add(
        Organisation.objects.create(
            ods_code="ZICB", name="Z ICB", type=OrganisationType.ICB, postcode_districts=districts
        ),
        Organisation.objects.create(
            ods_code="ZLA",
            name="Z council",
            type=OrganisationType.LOCAL_AUTHORITY,
            postcode_districts=districts,
        ),
        Organisation.objects.get_or_create(
            ods_code="13Q", defaults={"name": "NHSE", "type": OrganisationType.NHSE_SPEC}
        )[0],
    )
    for role in (Role.COMMISSIONER, Role.CARE_COORDINATOR):
        user = User.objects.create_user(
            f"{role.lower()}@scale.example.nhs.uk", None, full_name=role.label
        )
        Membership.objects.create(user=user, partnership=partnership, role=role)
    ensure_hospitals(
        generate_hospitals(
            random.Random("scale"),
            footprints={"SCALE": districts.split()},
            extra_sites_per_footprint=3,
            extra_outside_sites=5,
            ods_prefix="XS",
        )
    )
    return partnership


def inserts_by_table(queries):
    found = Counter()
    for query in queries:
        sql = query["sql"]
        if sql.startswith("INSERT INTO"):
            found[sql.split('"')[1]] += 1
    return found


@pytest.mark.parametrize("people", [200, 2000])
def test_generation_writes_in_bulk_with_a_bounded_number_of_queries(
    demo, bench_partnership, today, people
):
    with CaptureQueriesContext(connection) as generation:
        cohort = generate_partnership_cohort(
            bench_partnership,
            rng=random.Random("scale"),
            today=today,
            community_people=people,
            inpatients=people // 25,
        )
    with CaptureQueriesContext(connection) as writing:
        written = write_cohorts([cohort], batch_size=5000)
    assert len(generation) <= 5  # reference data only: the cohort is built in memory
    inserts = inserts_by_table(writing.captured_queries)
    rows = sum(written.values())
    assert rows > people * 10
    for model in WRITE_ORDER:
        table = model._meta.db_table
        layers = (
            2 if model is HospitalSpell else 1
        )  # transfers are saved after the spell they leave
        assert inserts[table] <= math.ceil(written[model.__name__] / 5000) + layers - 1
    assert len(writing) <= len(WRITE_ORDER) * 2 + 4
    assert Person.objects.for_partnership(bench_partnership).count() == people + people // 25
