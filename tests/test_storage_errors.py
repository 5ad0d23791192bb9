"""When the index cannot be opened the message names the real cause: a read-only data dir,
or a ChromaDB server that does not answer (not a generic hint about CHROMA_HOST)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from tests.test_cli_bad_input import run_main


def test_read_only_data_dir_says_so(indexed_data_dir: Path, tmp_path: Path) -> None:
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not available")
    data = tmp_path / "alleen-lezen"
    shutil.copytree(indexed_data_dir, data)
    script = (
        f"mount --bind {data} {data} && mount -o remount,bind,ro {data} || exit 99\n"
        f"exec {sys.executable} -m bot search 'ambtelijke fusie' -k 1"
    )
    env = {**os.environ, "BOT_ENV_FILE": "", "PYTHONPATH": str(PROJECT_ROOT), "BOT_DATA_DIR": str(data)}
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", script],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode == 99 or "unshare:" in done.stderr:
        pytest.skip("no private mount namespace here to make a read-only folder")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "alleen-lezen" in done.stderr and "CHROMA_HOST" not in done.stderr


def test_unreachable_chroma_server_is_named(capsys, monkeypatch) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("CHROMA_PORT", str(port))
    code, _, err = run_main(["search", "ambtelijke fusie"], capsys, monkeypatch)
    assert code == 2 and f"127.0.0.1:{port} niet bereiken" in err
