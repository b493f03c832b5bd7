"""On PostgreSQL the audit table refuses UPDATE, DELETE and TRUNCATE from anyone whose triggers fire,
the application's own connection included: a trigger raises before any row is touched. SQLite has no such
guard; there the product simply offers no way to change the trail (read-only admin, no service)."""

from django.db import migrations

TABLE = "audit_auditevent"

INSTALL = f"""
CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit trail is append-only: % on {TABLE} refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_event_no_update_or_delete BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
REVOKE UPDATE, DELETE, TRUNCATE ON {TABLE} FROM PUBLIC;
"""

REMOVE = f"""
DROP TRIGGER IF EXISTS audit_event_no_truncate ON {TABLE};
DROP TRIGGER IF EXISTS audit_event_no_update_or_delete ON {TABLE};
DROP FUNCTION IF EXISTS audit_event_refuse_change();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_event")]

    operations = [migrations.RunPython(_on_postgresql(INSTALL), _on_postgresql(REMOVE), elidable=False)]
