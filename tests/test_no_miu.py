"""ISMP lists the "million international units" abbreviation as error-prone: it appears nowhere in the app."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ABBREVIATION = "M" + "IU"  # spelled apart so this file does not match itself
WORD = re.compile(ABBREVIATION)


def test_no_miu_in_code_content_templates_or_docs() -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    hits = []
    for name in tracked:
        path = ROOT / name
        if path.suffix in {".png", ".pdf", ".ico"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        hits += [f"{name}:{text.count(chr(10), 0, m.start()) + 1}" for m in WORD.finditer(text)]
    assert hits == []
