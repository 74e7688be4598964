"""The daily e-mail digest to each care coordinator: their items due in the next 14 days and
overdue, and the actions they own. It carries record ids and initials only, with links back into
the app, never names or NHS numbers (ADR 0002)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from accounts.audit import record_event
from accounts.models import AuditAction, Membership, Partnership, Role

from ..models import Action, CoordinatorDigest, ScheduledItem
from ..presenters import due_tag_text, initials, long_date, rule_label

DIGEST_HORIZON_DAYS = 14  # issue 5: "items due in the next 14 days and overdue"
ACTION_KIND = "ACTION"  # rule R11: listed with the actions, not twice


@dataclass(frozen=True)
class DigestResult:
    sent: int
    skipped_empty: int
    already_sent: int


def _link(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def digest_items(
    membership: Membership, *, today: date
) -> tuple[list[ScheduledItem], list[Action]]:
    """What goes into one coordinator's digest: items of the people they coordinate, and the
    actions those people have or the coordinator owns, due by today + 14 days (overdue
    included), read through the coordinator's own scoping."""
    user = membership.user
    user.active_membership = membership
    horizon = today + timedelta(days=DIGEST_HORIZON_DAYS)
    items = list(
        ScheduledItem.objects.visible_to(user)
        .for_coordinator(user)
        .due_by(horizon)
        .exclude(kind=ACTION_KIND)  # actions have their own section, with their owner
        .select_related("person")
        .order_by("due_date", "person_id", "rule_id")
    )
    mine = Q(owner_user=user) | Q(
        person__coordinator_assignments__end_date__isnull=True,
        person__coordinator_assignments__user=user,
    )
    actions = list(
        Action.objects.visible_to(user)
        .filter(mine)
        .distinct()
        .outstanding()
        .filter(due_date__lte=horizon)
        .select_related("person")
        .order_by("due_date", "pk")
    )
    return items, actions


def digest_text(
    *, membership: Membership, items: list[ScheduledItem], actions: list[Action], today: date
) -> tuple[str, str]:
    overdue = [item for item in items if item.due_date < today]
    upcoming = [item for item in items if item.due_date >= today]
    subject = (
        f"Transforming Care register: {len(overdue)} overdue, "
        f"{len(upcoming)} due in the next {DIGEST_HORIZON_DAYS} days"
    )
    lines = [
        f"Your review and visit digest for {long_date(today)} ({membership.partnership.name}).",
        "People are shown by record number and initials only. Sign in to see more.",
        "",
    ]
    for heading, group in (
        ("Overdue", overdue),
        (f"Due in the next {DIGEST_HORIZON_DAYS} days", upcoming),
    ):
        lines.append(f"{heading} ({len(group)})")
        for item in group:
            lines.append(
                f"- Record {item.person_id} ({initials(item.person)}): {rule_label(item.rule_id)}, "
                f"due {long_date(item.due_date)} ({due_tag_text(item.due_date, today=today)})"
            )
            lines.append(f"  {_link(reverse('reviews:worklist'))}?person={item.person_id}")
        lines.append("")
    lines.append(f"Recommendation actions for your people or owned by you ({len(actions)})")
    for action in actions:
        lines.append(
            f"- Action {action.pk} for record {action.person_id} ({initials(action.person)}), "
            f"due {long_date(action.due_date)} ({due_tag_text(action.due_date, today=today)})"
        )
        lines.append(f"  {_link(reverse('reviews:review_detail', args=[action.review_id]))}")
    lines += ["", f"Your worklist: {_link(reverse('reviews:worklist'))}?coordinator=me"]
    return subject, "\n".join(lines) + "\n"


def send_coordinator_digest(*, membership: Membership, today: date) -> bool | None:
    """Send one digest. Returns True if sent, False if there was nothing to send, None if it had
    already been sent today (the CoordinatorDigest row makes a replayed task harmless)."""
    items, actions = digest_items(membership, today=today)
    if not items and not actions:
        return False
    subject, body = digest_text(membership=membership, items=items, actions=actions, today=today)
    try:
        with transaction.atomic():
            digest = CoordinatorDigest.objects.create(
                partnership_id=membership.partnership_id,
                user=membership.user,
                digest_date=today,
                item_count=len(items),
                action_count=len(actions),
            )
            # Sent inside the transaction: if the mail server refuses, the claim rolls back and
            # a retry sends it; once committed, a replay finds the row and sends nothing.
            EmailMessage(subject, body, to=[membership.user.email]).send(fail_silently=False)
            record_event(
                actor=None,
                action=AuditAction.EXPORT,
                target=digest,
                summary={
                    "digest_to_user": membership.user_id,
                    "person_ids": sorted(
                        {item.person_id for item in items} | {a.person_id for a in actions}
                    ),
                },
            )
    except IntegrityError:
        return None
    return True


def send_coordinator_digests(
    *, today: date, partnership: Partnership | None = None
) -> DigestResult:
    """Every active care coordinator of every partnership (or one partnership) gets a digest."""
    memberships = Membership.objects.filter(
        role=Role.CARE_COORDINATOR, user__is_active=True
    ).select_related("user", "partnership")
    if partnership is not None:
        memberships = memberships.filter(partnership=partnership)
    sent = empty = already = 0
    for membership in memberships.order_by("partnership_id", "user_id"):
        outcome = send_coordinator_digest(membership=membership, today=today)
        if outcome is True:
            sent += 1
        elif outcome is False:
            empty += 1
        else:
            already += 1
    return DigestResult(sent=sent, skipped_empty=empty, already_sent=already)
