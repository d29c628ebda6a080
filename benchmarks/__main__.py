"""Entry point: ``python -m benchmarks [--quick]`` from the repository root."""

from benchmarks.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
