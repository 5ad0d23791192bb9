"""`python -m bot swot "ONDERWERP" [--json] [--format text|markdown|json]` (registered in
bot/cli.py). Checks the input, calls the service, turns errors into a Dutch message."""

from __future__ import annotations

import json
import logging
from typing import Annotated

import typer

from bot.cli.output import fail
from bot.errors import UserError
from bot.models import Swot

log = logging.getLogger(__name__)
FORMATS = ("text", "markdown", "json")


def swot_command(
    topic: Annotated[
        str, typer.Argument(metavar="onderwerp", help="Samenwerkingsvorm, bijvoorbeeld 'ambtelijke fusie'.")
    ] = "",
    json_out: Annotated[bool, typer.Option("--json", help="Uitvoer als JSON.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="Uitvoer: text, markdown of json.")] = "text",
) -> None:
    """Maak een SWOT van een samenwerkingsvorm; elk punt met bron."""
    fmt = "json" if json_out else fmt.strip().lower()
    if fmt not in FORMATS:
        fail(f"Onbekend formaat '{fmt}'. Kies text, markdown of json.", 2, as_json=False)
    as_json = fmt == "json"
    try:
        from bot.config import get_settings
        from bot.knowledge.service import KnowledgeBase
        from bot.swot.service import build_swot

        swot = build_swot(topic, KnowledgeBase(get_settings()))
    except UserError as exc:
        fail(exc.message, exc.exit_code, as_json)
    except Exception:  # the user gets a sentence, the log keeps the details
        log.exception("SWOT for %r failed", topic)
        fail(
            "Het maken van de SWOT is mislukt door een onverwachte fout. Probeer het opnieuw; "
            "blijft het misgaan, bouw dan de index opnieuw met: python -m bot index --rebuild",
            1,
            as_json,
        )
    print(_render(swot, fmt))


def _render(swot: Swot, fmt: str) -> str:
    from bot.swot.render import swot_to_markdown, swot_to_text

    if fmt == "json":
        return json.dumps(swot.to_dict(), ensure_ascii=False, indent=2)
    if fmt == "markdown":
        return swot_to_markdown(swot)
    return swot_to_text(swot)
