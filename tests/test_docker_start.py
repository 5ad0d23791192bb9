"""The container starts like `make run`: a failing index is reported and the bot serves."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
from pathlib import Path

from bot.config import PROJECT_ROOT


def test_serve_starts_even_when_index_fails(tmp_path: Path) -> None:
    cmd = re.search(r"^CMD (\[.*\])$", (PROJECT_ROOT / "Dockerfile").read_text(), re.M)
    assert cmd, "Dockerfile has no exec-form CMD"
    argv = json.loads(cmd.group(1))
    shim = tmp_path / "python"  # stands in for the image's python: index fails, serve prints
    shim.write_text(
        '#!/bin/sh\n[ "$3" = index ] && { echo "1 bestand niet geindexeerd" >&2; exit 1; }\necho "SERVE $*"\n'
    )
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}", "SERVE_ARGS": "--http --port 3000"}
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert "SERVE -m bot serve --http --port 3000" in done.stdout, done.stderr
    assert "niet alles kon worden" in done.stdout + done.stderr
