"""Command-line commands that need Qt, each in its own module with a ``COMMAND`` (see ui.gui_commands)."""
