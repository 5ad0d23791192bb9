"""How every CLI command fails: one Dutch sentence on stderr (or {"error": …} as JSON on
stdout with --json) and a non-zero exit code; never a traceback."""

from __future__ import annotations

import json
import sys
from typing import NoReturn

import typer


def fail(message: str, code: int = 2, as_json: bool = False, prefix: str = "") -> NoReturn:
    if as_json:
        print(json.dumps({"error": message}, ensure_ascii=False))
    else:
        print(f"{prefix}{message}", file=sys.stderr)
    raise typer.Exit(code)
