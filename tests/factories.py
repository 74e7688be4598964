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
    def saved(obj, create, extracted, **kwargs):  # noqa: N805
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

from register.models import (  # noqa: E402
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
from register.models import AdmissionKind, AdmissionSource  # noqa: E402

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
    def ward_stay(obj, create, extracted, **kwargs):  # noqa: N805
        if not create:
            return
        ward = kwargs.get("ward") or Ward.objects.filter(site=obj.site).first() or WardFactory(site=obj.site)
        WardStay.objects.create(
            partnership=obj.partnership, person=obj.person, spell=obj, ward=ward,
            start_date=obj.admission_date, end_date=obj.discharge_date,
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
