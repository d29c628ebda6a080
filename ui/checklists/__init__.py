"""The Checklists panel of the Warnings & checklists tab, and its printouts."""
