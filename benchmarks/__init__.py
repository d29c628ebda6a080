"""``python -m benchmarks``: the handbook against the floor (a bare PySide6 window, raw SQLite), same run.

Every figure is timed beside its baseline on the same machine in the same run, so a busy machine
moves both; the budget in :mod:`benchmarks.budget` says which figures must stay within which limits.
"""
