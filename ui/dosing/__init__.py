"""Widgets of the Dosing tab's calculator."""
