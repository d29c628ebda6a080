"""The clinical disclaimer, shown in Help › About, the README and on printouts."""

DISCLAIMER = (
    "This handbook is an aid for trained staff, not a substitute for clinical judgement, the current "
    "prescribing information or your institution's protocols and orders. Check every dose and every "
    "give/hold decision against the current US prescribing information and local protocol. Published "
    "practice criteria shown here are examples from the literature: institutions differ. Content can "
    "be out of date; the content version and review date are shown in the status bar."
)
