"""``handbook protocols``: the institution protocols the per-dose check can use, and the ward's active one."""

from __future__ import annotations

import argparse
import json
import sys

from handbook.commands.base import EXIT_FAILED, EXIT_OK, Env, SimpleCommand, UsageError
from handbook.givehold.catalog import ProtocolError, all_protocols
from handbook.ward_settings import load_ward_settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print {active, active_origin, protocols: [...]} as JSON")


def run(args: argparse.Namespace, env: Env) -> int:
    settings = load_ward_settings()
    active = settings.protocol_id
    try:
        protocols = all_protocols()
    except ProtocolError as error:
        raise UsageError(str(error)) from None
    known = {p.id for p in protocols}
    if args.json:
        rows = [
            {
                "id": p.id,
                "title": p.title,
                "short_name": p.short_name,
                "status": p.status.value,
                "approved_by": p.approved_by,
                "approved_on": p.approved_on.isoformat() if p.approved_on else None,
                "sources": list(p.sources),
                "active": p.id == active,
            }
            for p in protocols
        ]
        data = {"active": active, "active_origin": settings.protocol.origin, "active_known": active in known}
        print(json.dumps({**data, "protocols": rows}, ensure_ascii=False, indent=2))
    else:
        width = max(len(p.id) for p in protocols)
        for p in protocols:
            mark = "*" if p.id == active else " "
            print(f"{mark} {p.id:<{width}}  {p.title} [{p.status_words}]")
        print(f"* active: {active} (from {settings.protocol.origin})")
        if active not in known:
            print(f"handbook protocols: the active protocol {active!r} is not known", file=sys.stderr)
    return EXIT_OK if active in known else EXIT_FAILED


COMMAND = SimpleCommand(
    "protocols", "list the give/hold protocols (ids, titles, status) and the active one", add_arguments, run
)
