"""Action status history is append-only in the database: a correction is a new row."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION reviews_action_status_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Action status history is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER reviews_actionstatuschange_append_only
    BEFORE UPDATE OR DELETE ON reviews_actionstatuschange
    FOR EACH ROW EXECUTE FUNCTION reviews_action_status_refuse_change();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS reviews_actionstatuschange_append_only ON reviews_actionstatuschange;
DROP FUNCTION IF EXISTS reviews_action_status_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_care_reviews_actions_visits_and_schedule")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
