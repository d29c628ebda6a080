"""Who did what, enforced by PostgreSQL: the nurse group role, its grants, server-set who/when, the audit trail.

Run by ``handbook db upgrade`` (IT's owner role) after the migrations, on PostgreSQL only, every time: every
statement here is idempotent, so the rights are reset to exactly what this version of the handbook needs
(a table added by a later migration is covered the next time IT upgrades).

What it makes sure of:

- A group role ``handbook_nurse`` (NOLOGIN) exists; IT makes each nurse a login role in it
  (``CREATE ROLE alice LOGIN IN ROLE handbook_nurse``).
- A nurse can read every record and add course records, but cannot UPDATE or DELETE them (the dose log,
  the course, its schedule, assessments, lab draws, closures); a correction is a new row. Checklist progress
  is ticked in place, so a nurse may update it, and may discard an unfinished checklist, but a completed
  checklist is a signed record: the server refuses to change or delete it.
- Each record's ``recorded_by`` and ``recorded_at`` are set by the server (``current_user``, the server's
  clock) whatever the workstation sends; the name typed by the nurse (who gave the dose) is kept beside it.
- Every insert, update and delete of a record is written to ``record_audit`` by the server (the login role and
  the server's time). Nurses can read the audit trail but cannot write, change or delete it.
- A closed course takes no more records, even when a workstation closes it while another records a dose.
- A course's schedule is fixed when the course starts: no dose can be added to it later (so no dose 15 of a
  14-dose cycle, no dose 29, whatever a workstation sends).
"""

from __future__ import annotations

import logging

from sqlalchemy import Connection, text

log = logging.getLogger(__name__)

NURSE_ROLE = "handbook_nurse"
AUDIT_TABLE = "record_audit"

#: Course records: a nurse reads and adds, never changes or deletes (corrections are new rows).
APPEND_ONLY = ("course", "scheduled_dose", "assessment", "dose_record", "lab_draw", "course_closure")
#: The tables whose rows say who recorded them and when: both set by the server.
STAMPED = ("course", "assessment", "dose_record", "lab_draw", "course_closure")
#: Rows that belong to a course: refused once the course is closed.
COURSE_CHILDREN = ("assessment", "dose_record", "lab_draw")
#: Checklist progress: ticked in place; a completed run is frozen by the server.
PROGRESS = ("checklist_run", "checklist_entry")
#: Read by the app to know the schema version.
READ_ONLY = ("alembic_version",)

# Any fixed number: the first key of the advisory locks that serialise recording on one course.
COURSE_LOCK_SPACE = 73_512


class ServerRightsError(Exception):
    """The owner role could not set up the rights (for example it may not create roles); the message says why."""


def _functions(schema: str) -> list[str]:
    # SECURITY DEFINER functions run as the owner: their search path is pinned so a nurse cannot slip in
    # a look-alike table or function through her own schema.
    pinned = f"SET search_path = {schema}, pg_temp"
    return [
        # Who and when, whatever the workstation sent.
        """
        CREATE OR REPLACE FUNCTION handbook_stamp_record() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.recorded_by := current_user;
            NEW.recorded_at := now();
            RETURN NEW;
        END $$
        """,
        # Course records and the audit trail are never changed or deleted, whoever asks (the grants already
        # refuse nurses; this also stops a slip by an administrator's script).
        """
        CREATE OR REPLACE FUNCTION handbook_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'handbook: % on % refused: records are never changed or deleted; '
                'a correction is a new record', TG_OP, TG_TABLE_NAME
                USING ERRCODE = 'insufficient_privilege';
        END $$
        """,
        # A closed course takes no more records. The course row is locked (share here, update when closing)
        # so a closure and a dose recorded at the same moment take turns; the check then sees the other's
        # commit (each statement in a READ COMMITTED function takes a fresh snapshot).
        f"""
        CREATE OR REPLACE FUNCTION handbook_course_open() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER {pinned} AS $$
        BEGIN
            PERFORM 1 FROM course WHERE id = NEW.course_id FOR SHARE;
            IF EXISTS (SELECT 1 FROM course_closure WHERE course_id = NEW.course_id) THEN
                RAISE EXCEPTION 'handbook: course % is closed; it takes no more records', NEW.course_id
                    USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_course_open';
            END IF;
            RETURN NEW;
        END $$
        """,
        f"""
        CREATE OR REPLACE FUNCTION handbook_course_closing() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER {pinned} AS $$
        BEGIN
            PERFORM 1 FROM course WHERE id = NEW.course_id FOR UPDATE;
            RETURN NEW;
        END $$
        """,
        # A course's schedule is written with the course, in the same transaction, and never added to later:
        # the cycle and course limits on its rows then hold for good (now() is the transaction's start,
        # which the course row's recorded_at was stamped with).
        """
        CREATE OR REPLACE FUNCTION handbook_schedule_with_course() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NOT EXISTS (
                SELECT 1 FROM course WHERE id = NEW.course_id AND recorded_at = now() AND recorded_by = current_user
            ) THEN
                RAISE EXCEPTION 'handbook: the schedule of course % was fixed when the course started; '
                    'no dose can be added to it', NEW.course_id
                    USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_schedule_with_course';
            END IF;
            RETURN NEW;
        END $$
        """,
        # Checklist progress: server time on every change; a completed run is a signed record.
        """
        CREATE OR REPLACE FUNCTION handbook_stamp_checklist_run() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            server_now timestamp := now() AT TIME ZONE 'UTC';
        BEGIN
            IF TG_OP = 'DELETE' THEN
                IF OLD.completed_at IS NOT NULL THEN
                    RAISE EXCEPTION 'handbook: checklist % is completed; a completed checklist is a record '
                        'and cannot be deleted', OLD.id USING ERRCODE = 'insufficient_privilege';
                END IF;
                RETURN OLD;
            END IF;
            IF TG_OP = 'INSERT' THEN
                NEW.started_at := server_now;
                NEW.completed_at := CASE WHEN NEW.completed_at IS NULL THEN NULL ELSE server_now END;
            ELSE
                IF OLD.completed_at IS NOT NULL THEN
                    RAISE EXCEPTION 'handbook: checklist % is completed; a completed checklist is a record '
                        'and cannot be changed', OLD.id USING ERRCODE = 'insufficient_privilege';
                END IF;
                NEW.started_at := OLD.started_at;
                IF NEW.completed_at IS NOT NULL THEN
                    NEW.completed_at := server_now;
                END IF;
            END IF;
            NEW.updated_at := server_now;
            RETURN NEW;
        END $$
        """,
        """
        CREATE OR REPLACE FUNCTION handbook_stamp_checklist_entry() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            run_id integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.run_id ELSE NEW.run_id END;
        BEGIN
            IF EXISTS (SELECT 1 FROM checklist_run WHERE id = run_id AND completed_at IS NOT NULL) THEN
                RAISE EXCEPTION 'handbook: checklist % is completed; a completed checklist is a record '
                    'and cannot be changed', run_id USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            NEW.updated_at := now() AT TIME ZONE 'UTC';
            RETURN NEW;
        END $$
        """,
        # The audit trail: written by the server only (nurses have no right to write it themselves), so the
        # actor is the login role the change came from (session_user: inside this owner-run function
        # current_user would be the owner).
        f"""
        CREATE OR REPLACE FUNCTION handbook_audit() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER {pinned} AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                INSERT INTO {AUDIT_TABLE} (table_name, operation, row_data, actor)
                    VALUES (TG_TABLE_NAME, TG_OP, to_jsonb(OLD), session_user);
                RETURN OLD;
            ELSIF TG_OP = 'UPDATE' THEN
                INSERT INTO {AUDIT_TABLE} (table_name, operation, row_data, old_data, actor)
                    VALUES (TG_TABLE_NAME, TG_OP, to_jsonb(NEW), to_jsonb(OLD), session_user);
            ELSE
                INSERT INTO {AUDIT_TABLE} (table_name, operation, row_data, actor)
                    VALUES (TG_TABLE_NAME, TG_OP, to_jsonb(NEW), session_user);
            END IF;
            RETURN NEW;
        END $$
        """,
    ]


_AUDIT_DDL = f"""
CREATE TABLE IF NOT EXISTS {AUDIT_TABLE} (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    table_name text NOT NULL,
    operation text NOT NULL CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE')),
    row_data jsonb NOT NULL,
    old_data jsonb,
    actor text NOT NULL DEFAULT session_user,
    at timestamptz NOT NULL DEFAULT now()
)
"""

_ROLE = f"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{NURSE_ROLE}') THEN
        CREATE ROLE {NURSE_ROLE} NOLOGIN;
    END IF;
END $$
"""

# CONNECT is PUBLIC's by default; a hospital that revoked it from PUBLIC still lets its nurses in. Only the
# database's owner may grant it: another owner role leaves it to the administrator (README).
_CONNECT = f"""
DO $$
BEGIN
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO {NURSE_ROLE}', current_database());
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'handbook: CONNECT on the database not granted to {NURSE_ROLE} (not the database owner)';
END $$
"""


def _triggers() -> list[tuple[str, str, str, str]]:
    """(name, table, when, function) for every trigger; each fires for each row."""
    refuse = "BEFORE UPDATE OR DELETE"
    triggers = [("handbook_stamp", table, "BEFORE INSERT", "handbook_stamp_record") for table in STAMPED]
    triggers += [("handbook_append_only", table, refuse, "handbook_refuse_change") for table in APPEND_ONLY]
    triggers += [("handbook_course_open", table, "BEFORE INSERT", "handbook_course_open") for table in COURSE_CHILDREN]
    triggers += [
        ("handbook_course_closing", "course_closure", "BEFORE INSERT", "handbook_course_closing"),
        ("handbook_schedule_with_course", "scheduled_dose", "BEFORE INSERT", "handbook_schedule_with_course"),
        ("handbook_stamp", "checklist_run", "BEFORE INSERT OR UPDATE OR DELETE", "handbook_stamp_checklist_run"),
        ("handbook_stamp", "checklist_entry", "BEFORE INSERT OR UPDATE OR DELETE", "handbook_stamp_checklist_entry"),
        ("handbook_append_only", AUDIT_TABLE, refuse, "handbook_refuse_change"),
    ]
    # The audit trigger is named to fire after every other (triggers of one kind fire in name order).
    triggers += [
        ("zz_handbook_audit", table, "AFTER INSERT OR UPDATE OR DELETE", "handbook_audit")
        for table in (*APPEND_ONLY, *PROGRESS)
    ]
    return triggers


def _grants() -> list[str]:
    everything = (*APPEND_ONLY, *PROGRESS, AUDIT_TABLE, *READ_ONLY)
    statements = [f"REVOKE ALL ON TABLE {table} FROM PUBLIC, {NURSE_ROLE}" for table in everything]
    statements.append(f"GRANT SELECT ON TABLE {', '.join(everything)} TO {NURSE_ROLE}")
    statements.append(f"GRANT INSERT ON TABLE {', '.join(APPEND_ONLY)} TO {NURSE_ROLE}")
    statements.append(f"GRANT INSERT, UPDATE, DELETE ON TABLE {', '.join(PROGRESS)} TO {NURSE_ROLE}")
    return statements


def _run(connection: Connection, statement: str) -> None:
    # Straight to the driver with no parameters: the functions' bodies use '%' as PL/pgSQL's placeholder.
    cursor = connection.connection.cursor()
    try:
        cursor.execute(statement)
    finally:
        cursor.close()


def apply_server_rights(connection: Connection) -> None:
    """Set up (or reset) the nurse role, its grants, the triggers and the audit trail, in the caller's
    transaction. PostgreSQL only; the schema must be at this app's version."""
    if connection.dialect.name != "postgresql":
        raise ValueError("server rights exist only on PostgreSQL")
    schema = connection.execute(text("SELECT quote_ident(current_schema())")).scalar_one()
    try:
        _run(connection, _ROLE)
    except Exception as error:  # the driver's error: permission to create roles is the usual cause
        raise ServerRightsError(
            f"the role running 'handbook db upgrade' cannot create the group role {NURSE_ROLE} ({error}). "
            f"Give it CREATEROLE, or have a database administrator run: CREATE ROLE {NURSE_ROLE} NOLOGIN"
        ) from error
    _run(connection, _AUDIT_DDL)
    for function in _functions(schema):
        _run(connection, function)
    for name, table, when, function in _triggers():
        _run(connection, f"DROP TRIGGER IF EXISTS {name} ON {table}")
        _run(connection, f"CREATE TRIGGER {name} {when} ON {table} FOR EACH ROW EXECUTE FUNCTION {function}()")
    for statement in _grants():
        _run(connection, statement)
    _run(connection, f"GRANT USAGE ON SCHEMA {schema} TO {NURSE_ROLE}")
    sequences = connection.execute(
        text(
            "SELECT DISTINCT pg_get_serial_sequence(quote_ident(table_name), column_name) FROM "
            "information_schema.columns WHERE table_schema = current_schema() AND table_name = ANY(:tables) "
            "AND pg_get_serial_sequence(quote_ident(table_name), column_name) IS NOT NULL"
        ),
        {"tables": list((*APPEND_ONLY, *PROGRESS))},
    ).scalars()
    for sequence in sequences:
        _run(connection, f"REVOKE ALL ON SEQUENCE {sequence} FROM PUBLIC, {NURSE_ROLE}")
        _run(connection, f"GRANT USAGE ON SEQUENCE {sequence} TO {NURSE_ROLE}")
    for function in ("handbook_course_open()", "handbook_course_closing()", "handbook_audit()"):
        # Trigger functions run whoever inserts; nobody needs to call the owner-run ones directly.
        _run(connection, f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
    _run(connection, _CONNECT)
    log.info("server rights applied for %s", NURSE_ROLE)


def has_server_rights(connection: Connection) -> bool:
    """Whether ``db upgrade`` has set up the rights on this database (the audit trail and the nurse role)."""
    row = connection.execute(
        text("SELECT to_regclass(:audit) IS NOT NULL, EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :role)"),
        {"audit": AUDIT_TABLE, "role": NURSE_ROLE},
    ).one()
    return bool(row[0] and row[1])


def course_lock(connection: Connection, course_id: int) -> None:
    """Take turns on one course for the rest of the transaction, without a row lock (which would need UPDATE
    rights that nurses do not have)."""
    connection.execute(
        text("SELECT pg_advisory_xact_lock(:space, :course)"), {"space": COURSE_LOCK_SPACE, "course": course_id}
    )
