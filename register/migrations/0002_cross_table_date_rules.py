"""Date rules that span two tables, enforced by the database as well as by the services:
admission on or after the date of birth, and ward stays inside their spell (DOMAIN.md 3)."""

from django.db import migrations

FORWARD = r"""
CREATE FUNCTION register_spell_dates_check() RETURNS trigger AS $$
DECLARE born date;
BEGIN
    SELECT date_of_birth INTO born FROM register_person WHERE id = NEW.person_id;
    IF NEW.admission_date < born THEN
        RAISE EXCEPTION 'Admission date is before the date of birth (spell_admission_not_before_birth)'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'spell_admission_not_before_birth';
    END IF;
    IF NEW.discharge_date IS NOT NULL AND EXISTS (
        SELECT 1 FROM register_wardstay w WHERE w.spell_id = NEW.id
          AND (w.start_date > NEW.discharge_date OR w.end_date IS NULL OR w.end_date > NEW.discharge_date)
    ) THEN
        RAISE EXCEPTION 'A ward stay lies outside the spell (wardstay_inside_spell)'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'wardstay_inside_spell';
    END IF;
    IF EXISTS (SELECT 1 FROM register_wardstay w WHERE w.spell_id = NEW.id AND w.start_date < NEW.admission_date) THEN
        RAISE EXCEPTION 'A ward stay starts before the admission (wardstay_inside_spell)'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'wardstay_inside_spell';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER register_spell_dates
    BEFORE INSERT OR UPDATE ON register_hospitalspell
    FOR EACH ROW EXECUTE FUNCTION register_spell_dates_check();

CREATE FUNCTION register_wardstay_inside_spell_check() RETURNS trigger AS $$
DECLARE s register_hospitalspell%ROWTYPE;
BEGIN
    SELECT * INTO s FROM register_hospitalspell WHERE id = NEW.spell_id;
    IF NEW.person_id <> s.person_id OR NEW.start_date < s.admission_date
       OR (s.discharge_date IS NOT NULL AND (NEW.start_date > s.discharge_date
           OR NEW.end_date IS NULL OR NEW.end_date > s.discharge_date)) THEN
        RAISE EXCEPTION 'A ward stay must lie inside its hospital spell (wardstay_inside_spell)'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'wardstay_inside_spell';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER register_wardstay_inside_spell
    BEFORE INSERT OR UPDATE ON register_wardstay
    FOR EACH ROW EXECUTE FUNCTION register_wardstay_inside_spell_check();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS register_wardstay_inside_spell ON register_wardstay;
DROP FUNCTION IF EXISTS register_wardstay_inside_spell_check();
DROP TRIGGER IF EXISTS register_spell_dates ON register_hospitalspell;
DROP FUNCTION IF EXISTS register_spell_dates_check();
"""


class Migration(migrations.Migration):
    dependencies = [("register", "0001_initial")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
