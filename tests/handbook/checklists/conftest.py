"""Checklists built directly, so the logic is tested without the content files."""

from __future__ import annotations

import pytest

from handbook.checklists.spec import Basis, ChecklistSpec, ItemSpec, SectionSpec, Threshold
from handbook.sources import SourceRef

LABEL = SourceRef("label-current", "US label 2024", "Proleukin US prescribing information")
DUTCHER = SourceRef("dutcher-2014", "Dutcher 2014", "Dutcher et al. JITC 2014")

SBP = Threshold("systolic-bp", "Systolic BP", "mmHg", "<", 90)
HR_BAND = Threshold("heart-rate", "Heart rate", "/min", ">", 100, upper=130)


def make_before_dose() -> ChecklistSpec:
    label = SectionSpec(
        "label",
        "US label",
        "Label",
        (
            ItemSpec(
                "sbp-low",
                "Systolic BP below 90 mmHg",
                Basis.label,
                "withhold",
                "Fall in SBP to <90 mmHg",
                SBP,
                (LABEL,),
                (LABEL,),
            ),
            ItemSpec(
                "vt",
                "Sustained ventricular tachycardia",
                Basis.label,
                "discontinue",
                "Sustained VT (≥5 beats)",
                None,
                (LABEL,),
                (LABEL,),
            ),
        ),
    )
    practice = SectionSpec(
        "practice",
        "Institutional hold parameters",
        "Published practice",
        (
            ItemSpec(
                "hr-relative",
                "Heart rate 100 to 130",
                Basis.practice,
                "hold",
                "Sinus HR 100–130",
                HR_BAND,
                (DUTCHER,),
                (DUTCHER,),
            ),
            ItemSpec(
                "crackles-half",
                "Crackles half way up",
                Basis.practice,
                "stop",
                "Crackles ½ of the way up",
                None,
                (DUTCHER,),
                (DUTCHER,),
            ),
            ItemSpec(
                "rr-high",
                "Respiratory rate over 30",
                Basis.practice,
                "notify",
                "RR > 30",
                Threshold("rr", "Respiratory rate", "/min", ">", 30),
                (DUTCHER,),
                (DUTCHER,),
            ),
        ),
    )
    return ChecklistSpec(
        "before-dose",
        "Before each dose",
        "Tick an item when the criterion is present.",
        (label, practice),
        content_version="1.0",
        drug_name="Proleukin (aldesleukin)",
    )


def make_discharge() -> ChecklistSpec:
    section = SectionSpec(
        "teach",
        "Teaching",
        "Published practice",
        (
            ItemSpec("weight", "Explain <b>weight gain</b> & swelling", sources=(DUTCHER,)),
            ItemSpec("report", "Tell the patient what to report", sources=(LABEL,)),
        ),
    )
    return ChecklistSpec("discharge", "Discharge", "Tick each item when done.", (section,), content_version="1.0")


@pytest.fixture
def before_dose() -> ChecklistSpec:
    return make_before_dose()


@pytest.fixture
def discharge() -> ChecklistSpec:
    return make_discharge()
