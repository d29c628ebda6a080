"""The first view, read with the standard library alone, so the window is painted before the ORM loads.

When the content database is built, the first tab's HTML and what the window's frame shows (drug names,
the boxed warning in short, the sources for citation tooltips, the course diagram's figures) are written
into it as one JSON row. A start reads that row with ``sqlite3``; SQLAlchemy, jinja, pydantic and YAML
are imported only after the window is on screen. Nothing here may import them.

The build key covers everything the stored rows are made from (the content files, the templates, the code
that builds and renders them, the app version), so a changed input rebuilds the database and the stored
first view can never be older than what the app would render now.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import closing
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from handbook import __version__
from handbook.content.files import fingerprint
from handbook.paths import content_db_path, templates_dir
from handbook.tabs import Tab

TABLE = "first_view"
FIRST_TAB = Tab.indications  # the tab whose content is stored ready to show

_PACKAGE = Path(__file__).resolve().parent.parent
# The code that decides what the content database holds, besides the content files and the templates.
BUILD_CODE = (
    "content/schema.py",
    "content/loader.py",
    "db/content_models.py",
    "db/build.py",
    "db/exact_decimal.py",
    "decimal_text.py",
    "content/exact.py",
    "db/search_index.py",
    "db/prerender.py",
    "db/first_view.py",
    "render.py",
    "labels.py",
    # the per-dose check, compiled into the database when it is built
    "givehold/compiled.py",
    "givehold/stored.py",
    "givehold/catalog.py",
    "givehold/protocol.py",
    "givehold/form.py",
    "givehold/label.py",
    "givehold/inputs.py",
)


def code_fingerprint(package: Path = _PACKAGE, templates: Path | None = None) -> str:
    """A hash of the build code and every template: an edit to any of them rebuilds the database."""
    templates = templates or templates_dir()
    digest = hashlib.sha256()
    files = [package / name for name in BUILD_CODE]
    files += sorted(path for path in templates.rglob("*") if path.is_file())
    for path in files:
        digest.update(path.name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return digest.hexdigest()


def build_key(content_root: Path | None = None) -> str:
    """What the stored database must match: the content files, the build code and templates, the app version."""
    return f"{__version__}:{fingerprint(content_root)}:{code_fingerprint()}"


def stored_key(path: Path) -> str | None:
    """The build key of the database at ``path``, or None when it is missing, damaged or locked."""
    if not path.is_file():
        return None
    try:
        with closing(_connect_read_only(path)) as con:
            row = con.execute("SELECT value FROM meta WHERE key = 'build_key'").fetchone()
            if row is None or con.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                return None
            return str(row[0])
    except sqlite3.Error:
        return None


@dataclass(frozen=True)
class SourceLine:
    """A source as a citation tooltip and the About list show it."""

    id: str
    short_name: str
    kind_label: str
    citation: str


@dataclass(frozen=True)
class CourseCycle:
    number: int
    first_day: int
    last_day: int
    max_doses: int


@dataclass(frozen=True)
class CourseRegimen:
    """The regimen the first tab's course diagram draws."""

    name: str
    basis: str
    interval_hours: str  # the exact decimal text the content database holds, e.g. "8"
    cycles: tuple[CourseCycle, ...]

    def value(self, name: str) -> Decimal | None:
        """As ``Regimen.value`` answers it for the one number the first tab draws with."""
        return Decimal(self.interval_hours) if name == "interval_hours" else None


@dataclass(frozen=True)
class FirstView:
    """What the window shows before the ORM is loaded."""

    tab: str
    drug_slug: str
    brand_name: str
    generic_name: str
    boxed_warning_title: str
    boxed_short_text: str
    boxed_short_sources: str  # the short names, comma-separated
    regimen_name: str
    regimen_basis: str
    interval_hours: str  # exact decimal text (JSON has no decimal type; a JSON number would come back a float)
    cycles: tuple[CourseCycle, ...]
    html: str  # the first tab's content, rendered by its screen template at build time
    sources: tuple[SourceLine, ...]
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.drug_slug

    @property
    def regimens(self) -> tuple[CourseRegimen, ...]:
        """As ``Drug.regimens`` gives them to the first tab (only the first regimen is stored)."""
        return (CourseRegimen(self.regimen_name, self.regimen_basis, self.interval_hours, self.cycles),)

    def to_json(self) -> str:
        data = asdict(self)
        data.pop("meta")  # read from the meta table, where it already is
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str, meta: dict[str, str]) -> FirstView:
        data: dict[str, Any] = json.loads(text)
        data["cycles"] = tuple(CourseCycle(**cycle) for cycle in data["cycles"])
        data["sources"] = tuple(SourceLine(**source) for source in data["sources"])
        return cls(**data, meta=meta)


def read_first_view(data_dir: Path, content_root: Path | None = None) -> FirstView | None:
    """The stored first view when the content database in ``data_dir`` is current, else None.

    None means the slow path: open (and rebuild) the database with the ORM first.
    """
    path = content_db_path(data_dir)
    if stored_key(path) != build_key(content_root):
        return None
    try:
        with closing(_connect_read_only(path)) as con:
            row = con.execute(f"SELECT data FROM {TABLE} WHERE tab = ? ORDER BY drug LIMIT 1", (FIRST_TAB.value,))
            found = row.fetchone()
            meta = {str(key): str(value) for key, value in con.execute("SELECT key, value FROM meta")}
    except sqlite3.Error:
        return None
    if found is None:
        return None
    try:
        return FirstView.from_json(str(found[0]), meta)
    except (ValueError, TypeError, KeyError):
        return None


def _connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
