"""factory_boy factories shared by every test module (and, later, the demo and benchmark)."""

import factory
import nhs_number

from accounts.models import Membership, Organisation, OrganisationType, Partnership, Role, User


def synthetic_nhs_numbers(quantity: int) -> list[str]:
    return [
        str(n)
        for n in nhs_number.generate(
            valid=True, for_region=nhs_number.REGION_SYNTHETIC, quantity=quantity
        )
    ]


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("ods_code",)

    ods_code = factory.Sequence(lambda n: f"T{n:04d}")
    name = factory.Sequence(lambda n: f"Test organisation {n}")
    type = OrganisationType.ICB


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"P{n:03d}")
    name = factory.Sequence(lambda n: f"Test partnership {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.nhs.uk")
    full_name = factory.Sequence(lambda n: f"Test User {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    partnership = factory.SubFactory(PartnershipFactory)
    role = Role.COMMISSIONER


# --- register -------------------------------------------------------------------------------
import datetime as _dt  # noqa: E402

from register.models import (  # noqa: E402  # noqa: E402
    AdmissionKind,
    AdmissionSource,
    BedType,
    CareCoordinatorAssignment,
    CommissionerType,
    ConsentBasis,
    DsrEntry,
    HospitalSpell,
    Person,
    Rag,
    RiskRating,
    SecurityLevel,
    Site,
    Ward,
    WardStay,
)

_NHS_NUMBERS = iter(synthetic_nhs_numbers(5000))


def fresh_nhs_number() -> str:
    """A synthetic NHS number no factory has handed out yet (for form data)."""
    return next(_NHS_NUMBERS)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    partnership = factory.SubFactory(PartnershipFactory)
    nhs_number = factory.LazyFunction(fresh_nhs_number)
    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = factory.Sequence(lambda n: f"Family{n}")
    date_of_birth = _dt.date(1990, 5, 1)
    has_learning_disability = True


class ProviderFactory(OrganisationFactory):
    type = OrganisationType.PROVIDER_INDEPENDENT
    name = factory.Sequence(lambda n: f"Test hospital provider {n}")


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    provider = factory.SubFactory(ProviderFactory)
    ods_code = factory.Sequence(lambda n: f"S{n:05d}")
    name = factory.Sequence(lambda n: f"Test hospital site {n}")
    postcode = "MK40 1AA"


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ward

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"Ward {n}")
    bed_type = BedType.AT_UNIT
    security_level = SecurityLevel.NONE
    bed_count = 10


class HospitalSpellFactory(factory.django.DjangoModelFactory):
    """An open spell with one open ward stay on `ward` (pass discharge fields to close it)."""

    class Meta:
        model = HospitalSpell
        skip_postgeneration_save = True

    class Params:
        ward = factory.SubFactory(WardFactory)

    person = factory.SubFactory(PersonFactory)
    partnership = factory.SelfAttribute("person.partnership")
    admission_date = _dt.date(2026, 3, 2)
    continuous_stay_start = factory.SelfAttribute("admission_date")
    site = factory.SelfAttribute("ward.site")
    provider = factory.SelfAttribute("ward.site.provider")
    commissioner = factory.SubFactory(OrganisationFactory, type=OrganisationType.ICB)
    commissioner_type = CommissionerType.ICB
    admission_source = AdmissionSource.COMMUNITY
    admission_kind = AdmissionKind.FIRST

    @factory.post_generation
    def ward_stay(obj, create, extracted, **kwargs):
        if not create:
            return
        ward = (
            kwargs.get("ward")
            or Ward.objects.filter(site=obj.site).first()
            or WardFactory(site=obj.site)
        )
        WardStay.objects.create(
            partnership=obj.partnership,
            person=obj.person,
            spell=obj,
            ward=ward,
            start_date=obj.admission_date,
            end_date=obj.discharge_date,
        )


class DsrEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DsrEntry

    person = factory.SubFactory(PersonFactory)
    partnership = factory.SelfAttribute("person.partnership")
    added_on = _dt.date(2026, 1, 5)
    consent_basis = ConsentBasis.CONSENT


class RiskRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskRating

    dsr_entry = factory.SubFactory(DsrEntryFactory)
    person = factory.SelfAttribute("dsr_entry.person")
    partnership = factory.SelfAttribute("dsr_entry.partnership")
    rag = Rag.GREEN
    effective_date = _dt.date(2026, 1, 5)


class CoordinatorAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareCoordinatorAssignment

    person = factory.SubFactory(PersonFactory)
    partnership = factory.SelfAttribute("person.partnership")
    external_name = "Jo Keyworker"
    start_date = _dt.date(2025, 1, 1)


# --- register: spell histories and community records ------------------------------------------
from register.generators import (  # noqa: E402
    ensure_hospitals,
    generate_hospitals,
    generate_partnership_cohort,
    write_cohorts,
)
from register.generators.names import FAMILY_NAMES, FEMALE_GIVEN_NAMES  # noqa: E402
from register.models import (  # noqa: E402
    Accommodation,
    AccommodationType,
    AnnualHealthCheck,
    BudgetDeployment,
    BudgetKind,
    CarePlanReview,
    ContactMode,
    CoordinatorContact,
    CriminalJusticeContact,
    CrisisPlan,
    DelayReason,
    DischargeDelayRecord,
    Employment,
    EmploymentStatus,
    HealthEqualityAssessment,
    LegalStatus,
    LegalStatusRecord,
    PersonalBudget,
    Placement,
    PlacementType,
    PlannedDischargeRecord,
    PsychiatricReferral,
)


class _SpellHistoryFactory(factory.django.DjangoModelFactory):
    spell = factory.SubFactory(HospitalSpellFactory)
    person = factory.SelfAttribute("spell.person")
    partnership = factory.SelfAttribute("spell.partnership")
    effective_date = factory.SelfAttribute("spell.admission_date")


class LegalStatusRecordFactory(_SpellHistoryFactory):
    class Meta:
        model = LegalStatusRecord

    legal_status = LegalStatus.S3


class PlannedDischargeRecordFactory(_SpellHistoryFactory):
    class Meta:
        model = PlannedDischargeRecord

    planned_discharge_date = factory.LazyAttribute(
        lambda o: o.effective_date + _dt.timedelta(days=90)
    )


class DischargeDelayRecordFactory(_SpellHistoryFactory):
    class Meta:
        model = DischargeDelayRecord

    clinically_ready_date = factory.SelfAttribute("effective_date")
    delay_reason = DelayReason.HOUSING


class _CommunityFactory(factory.django.DjangoModelFactory):
    person = factory.SubFactory(PersonFactory)
    partnership = factory.SelfAttribute("person.partnership")


class CoordinatorContactFactory(_CommunityFactory):
    class Meta:
        model = CoordinatorContact

    contact_date = _dt.date(2026, 3, 2)
    mode = ContactMode.FACE_TO_FACE
    by_name = factory.Sequence(lambda n: f"{FEMALE_GIVEN_NAMES[n % 60]} {FAMILY_NAMES[n % 100]}")


class CarePlanReviewFactory(_CommunityFactory):
    class Meta:
        model = CarePlanReview

    reviewed_on = _dt.date(2026, 1, 12)


class CrisisPlanFactory(_CommunityFactory):
    class Meta:
        model = CrisisPlan

    created_on = _dt.date(2025, 11, 3)


class AnnualHealthCheckFactory(_CommunityFactory):
    class Meta:
        model = AnnualHealthCheck

    check_date = _dt.date(2025, 10, 6)
    has_health_action_plan = True


class HealthEqualityAssessmentFactory(_CommunityFactory):
    class Meta:
        model = HealthEqualityAssessment

    assessed_on = _dt.date(2025, 9, 15)


class PersonalBudgetFactory(_CommunityFactory):
    class Meta:
        model = PersonalBudget

    kind = BudgetKind.PB
    deployment = BudgetDeployment.DP
    start_date = _dt.date(2024, 4, 1)


class AccommodationFactory(_CommunityFactory):
    class Meta:
        model = Accommodation

    type = AccommodationType.SUPPORTED_LIVING
    start_date = _dt.date(2023, 6, 1)


class EmploymentFactory(_CommunityFactory):
    class Meta:
        model = Employment

    status = EmploymentStatus.VOLUNTARY
    start_date = _dt.date(2024, 9, 2)


class CriminalJusticeContactFactory(_CommunityFactory):
    class Meta:
        model = CriminalJusticeContact

    contact_date = _dt.date(2025, 12, 1)
    description = "Liaison and diversion assessment"


class PsychiatricReferralFactory(_CommunityFactory):
    class Meta:
        model = PsychiatricReferral

    referral_date = _dt.date(2025, 11, 10)
    first_contact_date = _dt.date(2026, 1, 19)


class PlacementFactory(_CommunityFactory):
    class Meta:
        model = Placement

    type = PlacementType.RESIDENTIAL_SCHOOL_52WK
    provider_name = "Ouse School (demo)"
    is_out_of_area = True
    start_date = _dt.date(2022, 9, 1)


def make_cohort(
    partnership, *, community_people=40, inpatients=5, seed="tests", today=None, **options
):
    """A realistic generated cohort for `partnership`, written in bulk (register/generators).

    Gives the partnership what the generators need if it lacks it (an ICB member with postcode
    districts, NHS England, a commissioner) and creates hospitals once. Returns the Cohort.
    """
    import random

    members = list(partnership.members.all())
    if not any(m.postcode_districts for m in members):
        icb = OrganisationFactory(
            ods_code=f"ICB{partnership.code}",
            type=OrganisationType.ICB,
            postcode_districts="ZZ1 ZZ2 ZZ3",
        )
        partnership.members.add(icb)
    if not any(m.type == OrganisationType.NHSE_SPEC for m in members):
        nhse = OrganisationFactory(ods_code="13Q", type=OrganisationType.NHSE_SPEC)
        partnership.members.add(nhse)
    if not Membership.objects.filter(partnership=partnership, role=Role.COMMISSIONER).exists():
        MembershipFactory(partnership=partnership, role=Role.COMMISSIONER)
    districts = sorted({d for m in partnership.members.all() for d in m.postcode_districts.split()})
    hospitals = generate_hospitals(
        random.Random("factories"),
        footprints={partnership.code: districts},
        extra_sites_per_footprint=2,
        extra_outside_sites=3,
        ods_prefix=f"X{partnership.code[:5]}",
    )
    ensure_hospitals(hospitals)
    cohort = generate_partnership_cohort(
        partnership,
        rng=random.Random(seed),
        today=today or _dt.date.today(),
        community_people=community_people,
        inpatients=inpatients,
        **options,
    )
    write_cohorts([cohort])
    return cohort


# --- imports ------------------------------------------------------------------------------------
import hashlib as _hashlib  # noqa: E402

from register.models import ImportKind, ImportRecord, ImportStatus  # noqa: E402

_IMPORT_CSV = (
    b"NHS number,Given name,Family name,Date of birth\n9434765919,Alex,Example,1990-05-01\n"
)


class ImportRecordFactory(factory.django.DjangoModelFactory):
    """An uploaded people CSV whose columns are still to be matched (pass `status=`)."""

    class Meta:
        model = ImportRecord

    partnership = factory.SubFactory(PartnershipFactory)
    kind = ImportKind.PEOPLE
    file = factory.django.FileField(filename="upload.csv", data=_IMPORT_CSV)
    original_name = "people.csv"
    file_format = "CSV"
    size = len(_IMPORT_CSV)
    sha256 = _hashlib.sha256(_IMPORT_CSV).hexdigest()
    sheets = factory.LazyFunction(
        lambda: [
            {
                "kind": "PEOPLE",
                "name": "CSV",
                "headers": ["NHS number", "Given name", "Family name", "Date of birth"],
                "rows": 1,
            }
        ]
    )
    rows_total = 1
    status = ImportStatus.UPLOADED
    uploaded_by = factory.SubFactory(UserFactory)
