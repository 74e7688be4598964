"""The access matrix: every URL name in the project, who may use it, and how to build its URL.

`tests/test_access_matrix.py` walks the URLconf (Django admin and static files aside) and fails
if a URL name is missing here, or if this file names a URL that no longer exists. For every entry
it then checks, with real requests:

- anonymous: the sign-in redirect for a page, 401 for anything under /api/;
- every role not listed: 403 (404 also passes);
- every role listed: the entry's `ok` status (200 unless said otherwise);
- for a URL whose kwargs point at a partnership's record: an allowed user of another partnership
  gets 404;
- a page answered with HTML carries no inline script without the CSP nonce, no `style=` and no
  `on...=` handler attribute (the Content Security Policy would block them in the browser);
- a person-level page is never open to board members, and roles declared here equal the view's
  own `@role_required(...)` / `allowed_roles`.

How to add your URL (one entry per URL name, "namespace:name")
---------------------------------------------------------------
    "register:person_detail": page(
        PERSON_LEVEL,
        person_level=True,
        url_kwargs=lambda p: {"person_id": PersonFactory(partnership=p).pk},
    ),
    "register:spell_discharge": page(
        {Role.COMMISSIONER},
        person_level=True,
        method="post",
        url_kwargs=lambda p: {"spell_id": OpenSpellFactory(person__partnership=p).pk},
        data=lambda p: {"discharge_date": "2026-11-02", "destination": "HOME"},
        ok=302,
    ),
    "register:person_list_api": page(PERSON_LEVEL, person_level=True),  # under /api/: 401 checked

- `page(roles, ...)` for anything that needs a signed-in user; `public(...)` for pages anyone may
  open (sign-in, password reset, health check).
- `url_kwargs(partnership)` creates what the URL points at *in that partnership* and returns the
  URL's kwargs; a fresh record is made for every request, so a POST may consume it. Set
  `owned=False` when the kwargs are not a partnership's record (then no 404 check).
- `data(partnership)` gives the POST body; `ok` is what an allowed user gets (302 for a POST that
  redirects, or for a page that sends a fully signed-in user on).
- Requests are made by `login_as(role, partnership=...)` users: signed in, second factor done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from accounts.models import Partnership, Role

from .factories import MembershipFactory, UserFactory
from .signin import verified_device

ALL = frozenset(Role)
PERSON_LEVEL = frozenset({Role.PARTNERSHIP_ADMIN, Role.COMMISSIONER, Role.CARE_COORDINATOR})
ADMIN_ONLY = frozenset({Role.PARTNERSHIP_ADMIN})

Factory = Callable[[Partnership], dict[str, Any]]


@dataclass(frozen=True)
class Access:
    roles: frozenset[Role] | None  # None: public, no sign-in needed
    person_level: bool = False
    method: str = "get"
    url_kwargs: Factory | None = None
    data: Factory | None = None
    ok: int = 200
    owned: bool = True

    @property
    def is_public(self) -> bool:
        return self.roles is None

    @property
    def is_owned_record(self) -> bool:
        return self.url_kwargs is not None and self.owned and not self.is_public


def page(roles: Iterable[Role], **options: Any) -> Access:
    return Access(roles=frozenset(roles), **options)


def public(**options: Any) -> Access:
    return Access(roles=None, **options)


def _member(partnership: Partnership) -> dict[str, Any]:
    """A member of the partnership with two-factor set up, as URL kwargs."""
    membership = MembershipFactory(
        user=UserFactory(), partnership=partnership, role=Role.COMMISSIONER
    )
    verified_device(membership.user)
    return {"user_id": membership.user_id}


MATRIX: dict[str, Access] = {
    # tcp
    "home": page(ALL),
    "healthz": public(),
    # accounts: signing in and out
    "accounts:login": public(),
    "accounts:logout": page(ALL),
    # The two-factor steps send a user who has already done them on to where they were going.
    "accounts:mfa_verify": page(ALL, ok=302),
    "accounts:mfa_set_up": page(ALL, ok=302),
    "accounts:mfa_recovery_codes": page(ALL, ok=302),
    "accounts:password_reset": public(),
    "accounts:password_reset_done": public(),
    "accounts:password_reset_confirm": public(
        url_kwargs=lambda p: {"uidb64": "MQ", "token": "no-such-token"}
    ),
    "accounts:password_reset_complete": public(),
    "accounts:switch_partnership": page(
        ALL, method="post", data=lambda p: {"partnership": p.pk}, ok=302
    ),
    # accounts: partnership administration
    "accounts:member_list": page(ADMIN_ONLY),
    "accounts:member_unlock": page(ADMIN_ONLY, method="post", url_kwargs=_member, ok=302),
    "accounts:member_mfa_reset": page(ADMIN_ONLY, url_kwargs=_member),
    "accounts:audit_log": page(ADMIN_ONLY, person_level=True),
    "accounts:audit_log_export": page(ADMIN_ONLY, person_level=True),
}
