"""The handbook makes no network connection at all: every socket use is caught by an audit hook."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from handbook.tabs import Tab

ROOT = Path(__file__).resolve().parent.parent

PROBE = textwrap.dedent("""
    import os, sys
    events = []
    def hook(event, args):
        if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.bind",
                     "urllib.Request", "http.client.connect"):
            events.append((event, repr(args)[:200]))
    sys.addaudithook(hook)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import ui.screenshot
    ui.screenshot.VARIANTS = ui.screenshot.VARIANTS[:1]  # one theme shows every tab; the others add time, not code
    from ui.launcher import main
    code = main(sys.argv[1:])
    qt_network = [m for m in sys.modules if m.startswith("PySide6.QtNetwork")]
    if events or qt_network:
        print("NETWORK:", events, qt_network)
        sys.exit(99)
    sys.exit(code)
""")


@pytest.mark.parametrize(
    "argv", [["check"], ["search", "fever"], pytest.param(["--screenshot", "{tmp}"], marks=pytest.mark.slow)]
)
def test_no_socket_is_ever_opened(argv: list[str], tmp_path: Path, data_dir: Path) -> None:
    shots = tmp_path / "shots"
    args = [a.replace("{tmp}", str(shots)) for a in argv]
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=ROOT, capture_output=True, text=True, check=False, timeout=180
    )
    assert result.returncode == 0, result.stdout + result.stderr
    if "--screenshot" in argv:
        # The window really ran: every tab and the search were drawn, in the one variant.
        assert len(list(shots.glob("*.png"))) == len(Tab) + 1


def test_the_probe_does_catch_a_connection(tmp_path: Path) -> None:
    """Guard against a probe that cannot fail."""
    code = PROBE.replace(
        "from ui.launcher import main\ncode = main(sys.argv[1:])",
        "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9), timeout=0.2)\n"
        "except OSError:\n    pass\ncode = 0",
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 99, result.stdout + result.stderr
