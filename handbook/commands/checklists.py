"""``handbook checklists``: the checklist ids and titles, for ``handbook print ID``."""

from __future__ import annotations

import argparse
import json

from handbook.checklists.printing import TEACHING_ID, TEACHING_TITLE
from handbook.checklists.spec import checklists_of
from handbook.commands.base import EXIT_OK, Env, SimpleCommand
from handbook.givehold.record import DOSE_CHECK_SLUG, DOSE_CHECK_TITLE


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print a JSON array of {id, title, items, gives_result}")


def run(args: argparse.Namespace, env: Env) -> int:
    store = env.content()
    with store.session() as session:
        checklists = checklists_of(store.drug(session))
    if args.json:
        rows = [{"id": DOSE_CHECK_SLUG, "title": DOSE_CHECK_TITLE, "items": 12, "gives_result": True}]
        rows += [
            {"id": c.slug, "title": c.title, "items": len(c.items), "gives_result": c.gives_a_result}
            for c in checklists
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    width = max([len(c.slug) for c in checklists] + [len(TEACHING_ID), len(DOSE_CHECK_SLUG)])
    print(f"{DOSE_CHECK_SLUG:<{width}}  {DOSE_CHECK_TITLE} (the per-dose check; 'handbook give-hold' evaluates it)")
    for checklist in checklists:
        print(f"{checklist.slug:<{width}}  {checklist.title} ({len(checklist.items)} items)")
    print(f"{TEACHING_ID:<{width}}  {TEACHING_TITLE} (print only)")
    return EXIT_OK


COMMAND = SimpleCommand(
    "checklists", "list the checklists (ids and titles) that 'handbook print' can print", add_arguments, run
)
