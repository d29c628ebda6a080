"""``handbook print ID --output FILE.pdf``: blank checklists and the handout to PDF, no window."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from handbook.checklists.spec import checklists_of
from handbook.cli import main
from handbook.db.content_store import open_content
from handbook.disclaimer import DISCLAIMER
from handbook.tabs import TAB_TITLES
from tests.ui.commands.pdf_text import flat, pdf_frames, pdf_pages, pdf_text
from ui.gui_commands import gui_commands


def run_print(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["print", *argv], gui_commands=gui_commands())
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def content(data_dir: Path):  # type: ignore[no-untyped-def]
    store = open_content(data_dir)
    session = store.session()
    yield store.drug(session)
    session.close()
    store.dispose()


@pytest.mark.slow
def test_every_checklist_prints_every_item(
    content,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
    qapp: object,
) -> None:
    checklists = checklists_of(content)
    assert {c.slug for c in checklists} >= {
        "before-treatment",
        "monitoring",
        "discharge",
        "medicines-review",
    }
    for checklist in checklists:
        pdf = tmp_path / f"{checklist.slug}.pdf"
        code, out, err = run_print([checklist.slug, "--output", str(pdf)], capsys)
        assert (code, err) == (0, ""), err
        assert str(pdf) in out
        text = pdf_text(pdf)
        assert flat(checklist.title) in text
        for item in checklist.items:
            assert flat(item.text) in text, f"{checklist.slug}: {item.text!r} missing from the PDF"
        for ref in checklist.sources():
            assert flat(ref.short_name) in text
        frames = pdf_frames(pdf)
        assert f"Content {checklist.content_version}" in frames
        assert "Page 1 of" in frames
        assert flat(checklist.title) in frames
        assert "☐" in text  # empty boxes are real glyphs, not missing-character marks


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("protocol", ["dutcher-2014", "springerplus-2015", "til-2024"])
def test_the_blank_dose_check_is_one_page_with_its_protocol_and_key(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    qapp: object,
    paper: str,
    protocol: str,
) -> None:
    monkeypatch.setenv("HANDBOOK_WARD_CONFIG", str(tmp_path / "none.ini"))
    monkeypatch.setenv("HANDBOOK_PROTOCOL", protocol)
    pdf = tmp_path / "dose.pdf"
    code, out, err = run_print(["dose-check", "--output", str(pdf), "--paper", paper], capsys)
    assert (code, err) == (0, "")
    # One page, with nothing on it smaller than 9 pt (handbook.printout.MIN_BODY_PT).
    assert len(PdfReader(str(pdf)).pages) == 1
    assert "(1 page," in out
    text = pdf_text(pdf)
    for words in ("STOP", "HOLD THIS DOSE", "CALL THE PRESCRIBER", "NO HOLD CRITERION FOUND", "INCOMPLETE"):
        assert words in text
    assert "May give" not in text
    assert "blank form" in text
    assert "published example" in text
    assert "per 8 hours" in text
    assert "renal, hepatic" in text


def test_typed_markup_prints_literally(tmp_path: Path, capsys: pytest.CaptureFixture[str], qapp: object) -> None:
    pdf = tmp_path / "x.pdf"
    long = "Ward " + "very-long-bed-name-" * 15
    code, _, err = run_print(
        ["discharge", "--output", str(pdf), "--patient", "<b>Jane</b> & <i>Doe</i>", "--bed", long], capsys
    )
    assert code == 0, err
    text = pdf_text(pdf)
    assert "<b>Jane</b> & <i>Doe</i>" in text
    assert "&amp;" not in text
    assert text.replace(" ", "").count("very-long-bed-name-") == 15


@pytest.mark.parametrize(("paper", "width_pt"), [("a4", 595), ("letter", 612)])
def test_paper_sizes(
    paper: str, width_pt: int, tmp_path: Path, capsys: pytest.CaptureFixture[str], qapp: object
) -> None:
    pdf = tmp_path / f"{paper}.pdf"
    assert run_print(["monitoring", "--output", str(pdf), "--paper", paper], capsys)[0] == 0
    box = PdfReader(str(pdf)).pages[0].mediabox
    assert round(float(box.width)) == width_pt


@pytest.mark.parametrize(
    ("paper", "patient"),
    [("a4", []), ("letter", []), ("letter", ["--patient", "Jane Example-Longname", "--bed", "12", "--record", "0123"])],
)
def test_teaching_handout_is_for_the_patient_on_at_most_two_pages(
    content,
    paper: str,
    patient: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
    qapp: object,
) -> None:
    pdf = tmp_path / f"teaching-{paper}.pdf"
    assert run_print(["teaching", "--output", str(pdf), "--paper", paper, *patient], capsys)[0] == 0
    pages = pdf_pages(pdf)
    assert 1 <= len(pages) <= 2, f"{len(pages)} pages on {paper}"
    assert "Ward phone number" in flat(pages[0])
    assert "Tell your nurse straight away" in flat(pages[0])
    text = pdf_text(pdf)
    handout = [s for s in content.statements if s.section.startswith("handout.")]
    assert len(handout) > 15
    for statement in handout:
        assert flat(statement.text) in text, statement.text
        assert statement.sources  # sourced in the content...
    everything = flat(" ".join(pages))
    for staff_only in (*{s.short_name for st in handout for s in st.sources}, DISCLAIMER[:40], "Sources"):
        assert flat(staff_only) not in everything  # ...but the patient's page shows no sources or staff notice
    for tab in TAB_TITLES.values():
        assert f"{tab} tab" not in everything
        assert "(Side effects" not in everything
    assert "Ask your nurse" in everything


def test_unknown_id_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], qapp: object) -> None:
    code, out, err = run_print(["no-such-list", "--output", str(tmp_path / "x.pdf")], capsys)
    assert code == 2
    assert err.count("\n") == 1
    assert "unknown checklist 'no-such-list'" in err
    assert "dose-check" in err
    assert out == ""
    assert not (tmp_path / "x.pdf").exists()


def test_unwritable_path_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], qapp: object) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, _, err = run_print(["discharge", "--output", str(blocker / "out.pdf")], capsys)
    assert code == 2
    assert err.count("\n") == 1
    assert "cannot write" in err
    code, _, err = run_print(["discharge", "--output", str(tmp_path)], capsys)
    assert code == 2
    assert err.count("\n") == 1


def test_output_must_be_a_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_print(["discharge", "--output", str(tmp_path / "x.txt")], capsys)
    assert code == 2
    assert ".pdf" in err
