"""Qt-free command-line commands, each in its own module with a ``COMMAND`` (see ``registry``)."""
