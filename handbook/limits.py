"""How much text a nurse can type into each kind of field: one place, read by the stored data (which clips)
and by the input widgets (which stop typing at the same length)."""

from __future__ import annotations

# A note, or a name on a checklist, longer than this is a paste accident, not a note.
MAX_NOTE = 4000
# A typed reading ("86", "86,5"): anything longer is not a number a nurse types.
MAX_READING = 32
# Patient name, record number and bed on a checklist.
MAX_PATIENT_FIELD = 200
# A nurse's name on the dose double check.
MAX_NURSE_NAME = 60
