"""The course record in the window: the course list, the schedule with what happened, and the dialogs."""
