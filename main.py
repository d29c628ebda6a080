"""Start the Proleukin nursing handbook: ``python main.py`` does what the ``handbook`` command does."""

from ui.launcher import main

if __name__ == "__main__":
    raise SystemExit(main())
