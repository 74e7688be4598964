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


def _facet_counts(today: date) -> str:
    adult = today.replace(year=today.year - 18)
    filters = [
        "count(*)",
        "count(*) FILTER (WHERE spell_id IS NOT NULL)",
        "count(*) FILTER (WHERE spell_id IS NULL)",
        *(f"count(*) FILTER (WHERE current_rag = '{rag}')" for rag in RAGS),
        "count(*) FILTER (WHERE current_rag IS NULL)",
        *(f"count(*) FILTER (WHERE bed_type = '{bed}')" for bed in BedType.values),
        "count(*) FILTER (WHERE commissioner_type = 'ICB')",
        "count(*) FILTER (WHERE commissioner_type = 'NHSE_SPEC')",
        "count(*) FILTER (WHERE is_in_area)",
        "count(*) FILTER (WHERE NOT is_in_area)",
        f"count(*) FILTER (WHERE date_of_birth > '{adult}')",
        f"count(*) FILTER (WHERE date_of_birth <= '{adult}')",
        "count(*) FILTER (WHERE coordinator_assignment_id IS NULL)",
        f"count(*) FILTER (WHERE clinically_ready_date <= '{today}')",
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
) -> None:
    """Page 1 sorted by name, the total and the facet counts (one query each)."""
    values = {"partnership": partnership, "districts": districts, **(params or {})}
    base = REGISTER_BASE.format(where=where)
    cursor.execute(f"{base} ORDER BY p.family_name, p.given_name, p.id LIMIT {per_page}", values)
    cursor.fetchall()
    counts = _facet_counts(today)  # built from constants and dates only
    cursor.execute(f"WITH reg AS ({base}) SELECT {counts} FROM reg", values)  # noqa: S608
    cursor.fetchall()
    cursor.execute(
        "SELECT DISTINCT cca.user_id, u.full_name FROM register_carecoordinatorassignment cca "
        "JOIN accounts_user u ON u.id = cca.user_id WHERE cca.partnership_id = %(partnership)s "
        "AND cca.end_date IS NULL ORDER BY 2, 1",
        values,
    )
    cursor.fetchall()


FILTERED = "AND s.id IS NOT NULL AND rr.rag = 'RED'"
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
        "SELECT exists(SELECT 1 FROM register_crisisplan WHERE person_id = %(p)s)",
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
