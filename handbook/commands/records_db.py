"""``handbook db upgrade``: create or migrate the records database and print its schema version."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.exc import SQLAlchemyError

from handbook.commands.base import EXIT_FAILED, EXIT_OK, Env, SimpleCommand, UsageError, one_line
from handbook.db.server_rights import AUDIT_TABLE, NURSE_ROLE, ServerRightsError
from handbook.db.user_store import SCHEMA_VERSION, UserDatabaseError, upgrade_records
from handbook.ward_settings import load_ward_settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="db_action", metavar="ACTION", required=True, parser_class=type(parser))
    sub.add_parser(
        "upgrade",
        help="create or migrate the records database (HANDBOOK_DATABASE_URL, or the file in the data folder)",
        description="Create or migrate the records database named by HANDBOOK_DATABASE_URL (an SQLAlchemy URL) "
        "or the ward settings; without one, the SQLite file in the data folder. Prints the schema version.",
    )


def run(args: argparse.Namespace, env: Env) -> int:
    if args.db_action != "upgrade":  # argparse allows only 'upgrade'; kept for a clear message if that changes
        raise UsageError(f"unknown action {args.db_action!r}")
    settings = load_ward_settings()
    try:
        store, before, after = upgrade_records(env.data_dir, settings.database_url.value)
    except (UserDatabaseError, ServerRightsError) as error:
        print(f"handbook db upgrade: {one_line(str(error))}", file=sys.stderr)
        return EXIT_FAILED
    except SQLAlchemyError as error:
        reason = one_line(str(getattr(error, "orig", None) or error))
        print(f"handbook db upgrade: the records database cannot be reached: {reason}", file=sys.stderr)
        return EXIT_FAILED
    try:
        where, server = store.where, store.dialect == "postgresql"
    finally:
        store.dispose()
    change = "created" if before == 0 else ("up to date" if before == after else f"migrated from schema {before}")
    print(f"Records database: {where}")
    print(f"Schema version {after} ({change}; this handbook's schema is {SCHEMA_VERSION})")
    if server:
        print(
            f"Server rights: group role {NURSE_ROLE} set to read and add records only; who and when set by the "
            f"server; audit trail in {AUDIT_TABLE}. Add nurses with: CREATE ROLE name LOGIN IN ROLE {NURSE_ROLE}"
        )
    return EXIT_OK


COMMAND = SimpleCommand("db", "create or migrate the records database and print its schema version", add_arguments, run)
