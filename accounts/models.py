"""Users, partnerships (the tenants), organisations, memberships with roles, and the audit log."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from knox.models import AbstractAuthToken, AuthTokenManager

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Role(models.TextChoices):
    PARTNERSHIP_ADMIN = "PARTNERSHIP_ADMIN", "Partnership administrator"
    COMMISSIONER = "COMMISSIONER", "Commissioner"
    CARE_COORDINATOR = "CARE_COORDINATOR", "Care coordinator"
    BOARD_MEMBER = "BOARD_MEMBER", "Board member"


# Roles that may see named (person-level) data. Board members only ever see aggregates.
PERSON_LEVEL_ROLES = frozenset({Role.PARTNERSHIP_ADMIN, Role.COMMISSIONER, Role.CARE_COORDINATOR})


class OrganisationType(models.TextChoices):
    ICB = "ICB", "Integrated care board"
    CCG_HISTORIC = "CCG_HISTORIC", "Clinical commissioning group (historic)"
    NHSE_SPEC = "NHSE_SPEC", "NHS England specialised commissioning"
    PROVIDER_NHS = "PROVIDER_NHS", "NHS trust"
    PROVIDER_INDEPENDENT = "PROVIDER_INDEPENDENT", "Independent provider"
    LOCAL_AUTHORITY = "LOCAL_AUTHORITY", "Local authority"
    CSU = "CSU", "Commissioning support unit"


COMMISSIONER_ORGANISATION_TYPES = frozenset(
    {OrganisationType.ICB, OrganisationType.CCG_HISTORIC, OrganisationType.NHSE_SPEC}
)
PROVIDER_ORGANISATION_TYPES = frozenset(
    {OrganisationType.PROVIDER_NHS, OrganisationType.PROVIDER_INDEPENDENT}
)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Roles are never flags on the user: they come from memberships."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    def __str__(self) -> str:
        return f"User {self.pk}"

    # Set per request by ActiveMembershipMiddleware (or lazily here, for API and jobs).
    _active_membership: Membership | None

    @property
    def active_membership(self) -> Membership | None:
        if not hasattr(self, "_active_membership"):
            self._active_membership = (
                self.memberships.select_related("partnership").order_by("pk").first()
            )
        return self._active_membership

    @active_membership.setter
    def active_membership(self, membership: Membership | None) -> None:
        self._active_membership = membership

    @property
    def active_partnership(self) -> Partnership | None:
        membership = self.active_membership
        return membership.partnership if membership else None

    @property
    def active_role(self) -> str | None:
        membership = self.active_membership
        return membership.role if membership else None


class Organisation(TimeStampedModel):
    ods_code = models.CharField("ODS code", max_length=12, unique=True)
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=24, choices=OrganisationType.choices)
    region = models.CharField(max_length=100, blank=True)
    # Local authority / ICB footprints decide in/out of area; postcode district prefixes held here.
    postcode_districts = models.CharField(
        max_length=500, blank=True, help_text="Space-separated outward codes this body covers."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.ods_code})"


class Partnership(TimeStampedModel):
    """A Transforming Care Partnership: the tenant every patient record belongs to."""

    code = models.CharField(max_length=12, unique=True)
    name = models.CharField(max_length=200)
    members = models.ManyToManyField(Organisation, related_name="partnerships", blank=True)
    baseline_inpatients_2015 = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnershipPopulation(TimeStampedModel):
    """GP-registered population for a financial year, the denominator of per-million rates."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="populations"
    )
    financial_year_start = models.PositiveSmallIntegerField(help_text="2026 means 2026-27.")
    adults_18_plus = models.PositiveIntegerField()
    children_under_18 = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "financial_year_start"], name="population_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"Population {self.partnership_id} {self.financial_year_start}"


class PartnershipScopedQuerySet(models.QuerySet):
    """The one place that filters partnership-owned rows. Views reach data only through these.

    `partnership_path` names the lookup from the model to its partnership; a subclass sets
    `caseload_filter` when care coordinators see only their caseload.
    """

    partnership_path = "partnership"

    def for_partnership(self, partnership: Partnership | int) -> Self:
        return self.filter(**{self.partnership_path: partnership})

    def visible_to(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        membership = user.active_membership
        if membership is None:
            return self.none()
        queryset = self.for_partnership(membership.partnership_id)
        if membership.role == Role.CARE_COORDINATOR:
            queryset = queryset.filter(self.caseload_filter(user))
        return queryset

    def caseload_filter(self, user: User) -> Q:
        return Q()


class Membership(TimeStampedModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=24, choices=Role.choices)

    # Scoped like partnership data: an administrator reaches only their own partnership's members.
    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "partnership"], name="membership_one_role_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return f"Membership {self.pk}"


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed"
    CREATE = "create", "Created"
    UPDATE = "update", "Updated"
    DELETE = "delete", "Deleted"
    EXPORT = "export", "Exported"
    DOWNLOAD = "download", "Downloaded"
    LOGIN = "login", "Signed in"
    LOGIN_FAILED = "login_failed", "Failed sign-in"
    LOGOUT = "logout", "Signed out"
    PERMISSION_DENIED = "permission_denied", "Permission denied"
    LOCKED_OUT = "locked_out", "Locked out after failed sign-ins"
    UNLOCK = "unlock", "Unlocked an account"
    MFA_SET_UP = "mfa_set_up", "Set up two-factor authentication"
    MFA_FAILED = "mfa_failed", "Wrong security code"
    MFA_RECOVERY_CODE_USED = "mfa_recovery_code_used", "Used a recovery code"
    MFA_RESET = "mfa_reset", "Reset two-factor authentication"
    PASSWORD_RESET = "password_reset", "Reset password by email"


class AuditEventQuerySet(PartnershipScopedQuerySet):
    def visible_to(self, user: User | AnonymousUser) -> Self:
        """Only partnership administrators read the audit log of their partnership."""
        if not user.is_authenticated or user.active_role != Role.PARTNERSHIP_ADMIN:
            return self.none()
        return self.for_partnership(user.active_membership.partnership_id)  # type: ignore[union-attr]


class AuditEvent(models.Model):
    """Append-only: a database trigger refuses UPDATE and DELETE (migration 0002).

    User and partnership are kept as plain ids without foreign-key constraints, so that the
    trail outlives the rows it speaks of and no cascade can ever rewrite it.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    user_email = models.CharField(max_length=254, blank=True)
    role = models.CharField(max_length=24, blank=True)
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(max_length=24, choices=AuditAction.choices)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    person_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    summary = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["partnership", "-at"], name="audit_partnership_at")]

    def __str__(self) -> str:
        return f"Audit event {self.pk}"


class ApiTokenManager(AuthTokenManager):
    """knox's manager: create() returns (row, secret); the secret is never stored."""


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def owned_by(self, user: User) -> Self:
        return self.filter(user=user)

    def unexpired(self, now: Any = None) -> Self:
        return self.filter(Q(expiry__isnull=True) | Q(expiry__gt=now or timezone.now()))


class ApiToken(AbstractAuthToken):
    """A personal API token (django-rest-knox, ADR 0008): only a SHA-512 digest is stored.

    It acts in one partnership, with the owner's current role there; ending that membership
    stops the token. Revoking deletes the row (the audit trail keeps the fact)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=100)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenManager.from_queryset(ApiTokenQuerySet)()

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(condition=Q(expiry__isnull=False), name="api_token_expires"),
        ]

    def __str__(self) -> str:
        return f"API token {self.token_key}"  # the prefix only: never the digest or the secret
