"""SQL floors: hand-written SQL (psycopg2, no ORM) fetching what each page shows.

Each floor takes a psycopg2 cursor and the values the page used and runs the queries a
hand-written page would need: the rows on screen and the counts shown beside them.
"""

from __future__ import annotations

from datetime import date

from register.models import BedType

# The register columns: current spell, hospital, ward, latest DSR rating, current coordinator.
REGISTER_BASE = """
SELECT p.id, p.nhs_number, p.local_identifier, p.given_name, p.family_name, p.preferred_name,
       p.date_of_birth, p.date_of_death, p.home_postcode, p.support_level, p.cohorts,
       s.id AS spell_id, s.admission_date, s.continuous_stay_start, s.commissioner_type,
       s.legal_status, s.clinically_ready_date, s.planned_discharge_date,
       prov.name AS provider_name, site.name AS site_name,
       split_part(upper(trim(site.postcode)), ' ', 1) = ANY(%(districts)s) AS is_in_area,
       w.name AS ward_name, w.bed_type, rr.rag AS current_rag,
       cca.id AS coordinator_assignment_id, cca.user_id AS coordinator_user_id,
       coalesce(nullif(u.full_name, ''), nullif(cca.external_name, '')) AS coordinator_name
FROM register_person p
LEFT JOIN register_hospitalspell s ON s.person_id = p.id AND s.discharge_date IS NULL
LEFT JOIN accounts_organisation prov ON prov.id = s.provider_id
LEFT JOIN register_site site ON site.id = s.site_id
LEFT JOIN register_wardstay ws ON ws.person_id = p.id AND ws.end_date IS NULL
LEFT JOIN register_ward w ON w.id = ws.ward_id
LEFT JOIN register_dsrentry d ON d.person_id = p.id AND d.status = 'ACTIVE'
LEFT JOIN LATERAL (
    SELECT r.rag FROM register_riskrating r WHERE r.dsr_entry_id = d.id
    ORDER BY r.effective_date DESC, r.recorded_at DESC, r.id DESC LIMIT 1
) rr ON true
LEFT JOIN register_carecoordinatorassignment cca
       ON cca.person_id = p.id AND cca.end_date IS NULL
LEFT JOIN accounts_user u ON u.id = cca.user_id
WHERE p.partnership_id = %(partnership)s {where}
"""

RAGS = ("RED", "AMBER", "GREEN", "BLUE")


def _facet_counts(today: date, *, status: str = "", rag: str = "") -> str:
    """Each facet option's count with the other facets' filters applied (as the page shows it:
    "how many would I get if I picked this"), over the register (search applied in the CTE)."""
    adult = today.replace(year=today.year - 18)

    def count(option: str, *, skip: str = "") -> str:
        conditions = [c for name, c in (("status", status), ("rag", rag)) if c and name != skip]
        conditions.append(option)
        return f"count(*) FILTER (WHERE {' AND '.join(f'({c})' for c in conditions)})"

    filters = [
        count("true"),
        count("spell_id IS NOT NULL", skip="status"),
        count("spell_id IS NULL", skip="status"),
        *(count(f"current_rag = '{rag_value}'", skip="rag") for rag_value in RAGS),
        count("current_rag IS NULL", skip="rag"),
        *(count(f"bed_type = '{bed}'") for bed in BedType.values),
        count("commissioner_type = 'ICB'"),
        count("commissioner_type = 'NHSE_SPEC'"),
        count("is_in_area"),
        count("NOT is_in_area"),
        count(f"date_of_birth > '{adult}'"),
        count(f"date_of_birth <= '{adult}'"),
        count("coordinator_assignment_id IS NULL"),
        count(f"clinically_ready_date <= '{today}'"),
    ]
    return ", ".join(filters)


def register_list(
    cursor,
    *,
    partnership: int,
    districts: list[str],
    today: date,
    where: str = "",
    params: dict | None = None,
    per_page: int = 25,
    status: str = "",
    rag: str = "",
) -> None:
    """Page 1 sorted by name, the total and the facet counts (one query each). `where` is a
    search (narrows everything); `status`/`rag` are facet filters on the CTE's columns."""
    values = {"partnership": partnership, "districts": districts, **(params or {})}
    base = REGISTER_BASE.format(where=where)
    chosen = " AND ".join(f"({c})" for c in (status, rag) if c) or "true"
    cursor.execute(
        f"WITH reg AS ({base}) SELECT * FROM reg WHERE {chosen} "  # noqa: S608 - constants
        f"ORDER BY family_name, given_name, id LIMIT {per_page}",
        values,
    )
    cursor.fetchall()
    counts = _facet_counts(today, status=status, rag=rag)  # built from constants and dates only
    cursor.execute(f"WITH reg AS ({base}) SELECT {counts} FROM reg", values)  # noqa: S608
    cursor.fetchall()
    cursor.execute(
        "SELECT DISTINCT cca.user_id, u.full_name FROM register_carecoordinatorassignment cca "
        "JOIN accounts_user u ON u.id = cca.user_id WHERE cca.partnership_id = %(partnership)s "
        "AND cca.end_date IS NULL ORDER BY 2, 1",
        values,
    )
    cursor.fetchall()


IN_HOSPITAL = "spell_id IS NOT NULL"
RED = "current_rag = 'RED'"
BY_NHS_NUMBER = "AND p.nhs_number = %(nhs_number)s"
BY_NAME = (
    "AND (upper(p.given_name) LIKE %(like)s OR upper(p.family_name) LIKE %(like)s "
    "OR upper(p.preferred_name) LIKE %(like)s OR upper(p.local_identifier) = %(term)s)"
)


def person_page(cursor, *, person: int, partnership: int, districts: list[str]) -> None:
    """The person with the register columns, the open spell's history rows and the timeline."""
    cursor.execute(
        REGISTER_BASE.format(where="AND p.id = %(person)s"),
        {"partnership": partnership, "districts": districts, "person": person},
    )
    cursor.fetchall()
    for sql in (
        "SELECT * FROM register_hospitalspell WHERE person_id = %(p)s ORDER BY admission_date",
        "SELECT ws.*, w.name, w.bed_type FROM register_wardstay ws "
        "JOIN register_ward w ON w.id = ws.ward_id WHERE ws.person_id = %(p)s",
        "SELECT * FROM register_riskrating r JOIN register_dsrentry d ON d.id = r.dsr_entry_id "
        "WHERE d.person_id = %(p)s",
        "SELECT * FROM register_carecoordinatorassignment WHERE person_id = %(p)s",
        "SELECT max(contact_date) FROM register_coordinatorcontact WHERE person_id = %(p)s",
        "SELECT max(reviewed_on) FROM register_careplanreview WHERE person_id = %(p)s",
        "SELECT max(check_date) FROM register_annualhealthcheck WHERE person_id = %(p)s",
        "SELECT exists(SELECT 1 FROM register_crisisplan WHERE person_id = %(p)s "
        "AND withdrawn_on IS NULL)",
        # The rest of what the page shows: its reviews section, the spell's history rows and the
        # record's recent readers (the previous floor stopped above and overstated the ratio).
        "SELECT * FROM register_dsrentry WHERE person_id = %(p)s",
        "SELECT * FROM register_legalstatusrecord WHERE person_id = %(p)s",
        "SELECT * FROM register_planneddischargerecord WHERE person_id = %(p)s",
        "SELECT * FROM register_dischargedelayrecord WHERE person_id = %(p)s",
        "SELECT * FROM reviews_scheduleditem WHERE person_id = %(p)s AND status = 'DUE' "
        "ORDER BY due_date",
        "SELECT * FROM reviews_carereview WHERE person_id = %(p)s ORDER BY held_date DESC",
        "SELECT * FROM reviews_action WHERE person_id = %(p)s",
        "SELECT * FROM reviews_oversightvisit WHERE person_id = %(p)s",
        "SELECT id, at, user_email, role FROM accounts_auditevent WHERE person_id = %(p)s "
        "ORDER BY at DESC LIMIT 10",
    ):
        cursor.execute(sql, {"p": person})
        cursor.fetchall()


def worklist(cursor, *, partnership: int, per_page: int = 50) -> None:
    """Page 1 of outstanding items by due date with the person, current ward and coordinator,
    the total for the pager and the coordinators for the filter."""
    values = {"partnership": partnership}
    cursor.execute(
        f"""
        SELECT si.id, si.rule_id, si.kind, si.due_date, si.anchor_date, si.status, si.spell_id,
               p.id, p.nhs_number, p.given_name, p.family_name, p.preferred_name,
               p.date_of_birth, w.name, w.bed_type, w.security_level,
               cca.user_id, u.full_name, cca.external_name
        FROM reviews_scheduleditem si
        JOIN register_person p ON p.id = si.person_id
        LEFT JOIN register_wardstay ws ON ws.person_id = si.person_id AND ws.end_date IS NULL
        LEFT JOIN register_ward w ON w.id = ws.ward_id
        LEFT JOIN register_carecoordinatorassignment cca
               ON cca.person_id = si.person_id AND cca.end_date IS NULL
        LEFT JOIN accounts_user u ON u.id = cca.user_id
        WHERE si.partnership_id = %(partnership)s AND si.status = 'DUE'
        ORDER BY si.due_date, si.person_id, si.rule_id, si.id LIMIT {per_page}
        """,  # noqa: S608 - per_page is an int
        values,
    )
    cursor.fetchall()
    cursor.execute(
        "SELECT count(*) FROM reviews_scheduleditem "
        "WHERE partnership_id = %(partnership)s AND status = 'DUE'",
        values,
    )
    cursor.fetchall()
    cursor.execute(
        "SELECT u.id, u.full_name FROM accounts_membership m "
        "JOIN accounts_user u ON u.id = m.user_id WHERE m.partnership_id = %(partnership)s "
        "AND m.role = 'CARE_COORDINATOR' ORDER BY 2",
        values,
    )
    cursor.fetchall()
    # The "Declined reviews" table under the outstanding items (the last 90 days).
    cursor.execute(
        """
        SELECT si.id, si.rule_id, si.kind, si.due_date, si.satisfied_on, p.id, p.given_name,
               p.family_name, w.name, cca.user_id, u.full_name, cca.external_name
        FROM reviews_scheduleditem si
        JOIN register_person p ON p.id = si.person_id
        LEFT JOIN register_wardstay ws ON ws.person_id = si.person_id AND ws.end_date IS NULL
        LEFT JOIN register_ward w ON w.id = ws.ward_id
        LEFT JOIN register_carecoordinatorassignment cca
               ON cca.person_id = si.person_id AND cca.end_date IS NULL
        LEFT JOIN accounts_user u ON u.id = cca.user_id
        WHERE si.partnership_id = %(partnership)s AND si.is_declined
          AND si.satisfied_on >= current_date - 90
        ORDER BY si.satisfied_on DESC, si.person_id, si.id LIMIT 50
        """,
        values,
    )
    cursor.fetchall()


def api_people(cursor, *, partnership: int, districts: list[str], per_page: int = 50) -> None:
    """The API's first page of people (the register columns, by family name) and the count."""
    values = {"partnership": partnership, "districts": districts}
    base = REGISTER_BASE.format(where="")
    cursor.execute(f"{base} ORDER BY p.family_name, p.given_name, p.id LIMIT {per_page}", values)
    cursor.fetchall()
    cursor.execute(
        "SELECT count(*) FROM register_person WHERE partnership_id = %(partnership)s", values
    )
    cursor.fetchall()


def replay(statements: list[tuple[str, object]]):
    """A floor that runs the page's own SQL on a bare psycopg2 cursor: what the page costs
    without the ORM, Python and templates (used where no hand-written SQL exists yet)."""

    def run(cursor) -> None:
        for sql, params in statements:
            cursor.execute(sql, params)
            if cursor.description is not None:
                cursor.fetchall()

    return run


AUDIT_INSERT = (
    "INSERT INTO accounts_auditevent (at, user_id, user_email, role, partnership_id, action, "
    "object_type, object_id, person_id, summary, ip_address, request_id) VALUES (now(), "
    "%(user)s, %(email)s, 'COMMISSIONER', %(partnership)s, 'VIEW', %(type)s, %(object)s, "
    "%(person)s, %(summary)s, '127.0.0.1', 'bench-floor')"
)


def with_audit(floor, *, user: int, email: str, partnership: int, person: int | None = None):
    """The floor plus the one audit row a page of personal data writes (DOMAIN.md 9): a
    hand-written page would have to write it too, and as a committed insert it costs 1-3 ms."""

    def run(cursor) -> None:
        floor(cursor)
        cursor.execute(
            AUDIT_INSERT,
            {
                "user": user,
                "email": email,
                "partnership": partnership,
                "type": "register.Person",
                "object": str(person or ""),
                "person": person,
                "summary": '{"ids": []}',
            },
        )

    return run
