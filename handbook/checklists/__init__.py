"""Warning checklists: what a nurse works through on screen and on paper.

Qt-free: the give/hold evaluation, value parsing, saved progress and the print context live here,
so the command line and the tests can use them without a window.
"""
