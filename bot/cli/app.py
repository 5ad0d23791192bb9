"""Command line: index | search | ask | chat | start | serve | swot | remind | cases | bench.

Heavy libraries load inside the commands, so `--help` and `remind` stay fast.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO

import typer
from pydantic import ValidationError

from bot.cli.dutch import install as install_dutch_texts
from bot.cli.dutch import settings_error_message, unexpected_error_message
from bot.cli.output import fail
from bot.errors import UserError
from bot.text import readable

if TYPE_CHECKING:
    from bot.ingest.visibility import Scope
    from bot.knowledge.service import KnowledgeBase
    from bot.models import Answer


install_dutch_texts()
app = typer.Typer(
    help="Samenwerkbot: vragen over intergemeentelijke samenwerking, met bronvermelding.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
log = logging.getLogger("bot")
DEV_SET = Path("../shared/eval/dev.jsonl")
SCORER = Path("../shared/eval/score.py")

JsonOpt = Annotated[bool, typer.Option("--json", help="Uitvoer als JSON.")]
BATCH_LINE_HINT = 'Verwacht per regel: {"id": "…", "question": "…"}.'
BatchOpt = Annotated[Path | None, typer.Option("--batch", help="JSON Lines met {id, question} per regel.")]
LEFT_OUT = (
    "Niet alle bronnen zijn gebruikt: sommige zijn niet zichtbaar voor elke opgegeven organisatie (--team)."
)
TeamOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--team",
        help="Zoek zoals deze organisatie het ziet (Slack-team-id, mag vaker: wat al die teams "
        "mogen zien, zoals in een gedeeld kanaal); 'openbaar': alleen openbare bronnen.",
    ),
]


def _scope(teams: list[str] | None, as_json: bool) -> Scope | None:
    from bot.ingest.visibility import scope_of

    try:
        return scope_of(teams) if teams else None
    except UserError as exc:
        fail(exc.message, exc.exit_code, as_json)


def _kb() -> KnowledgeBase:
    from bot.config import get_settings
    from bot.knowledge.service import KnowledgeBase

    return KnowledgeBase(get_settings())


def _open_batch(path: Path, as_json: bool) -> BinaryIO:
    try:
        return path.open("rb")
    except FileNotFoundError:
        fail(f"Batchbestand {path} bestaat niet. Geef het pad van een JSON Lines-bestand.", 2, as_json)
    except IsADirectoryError:
        fail(f"{path} is een map, geen batchbestand. Geef het pad van een JSON Lines-bestand.", 2, as_json)
    except PermissionError:
        fail(f"Geen leesrechten voor batchbestand {path}. Controleer de rechten.", 2, as_json)
    except OSError as exc:
        fail(f"Kan batchbestand {path} niet lezen: {exc.strerror or exc}.", 2, as_json)
    raise AssertionError("unreachable")


def _read_batch(path: Path) -> Iterator[dict[str, Any]]:
    """Each line as {"id", "question"}, or {"id", "error"} when the line itself is bad."""
    with _open_batch(path, True) as lines:
        for number, raw in enumerate(lines, 1):
            if raw.strip():
                yield _batch_item(raw, number, path.name)


def _batch_item(raw: bytes, number: int, name: str) -> dict[str, Any]:
    where = f"Regel {number} van {name}"
    try:
        item = json.loads(raw.decode("utf-8").lstrip("\ufeff"))
    except UnicodeDecodeError:
        return {"id": number, "error": f"{where} is geen geldige UTF-8. Sla het bestand op als UTF-8."}
    except json.JSONDecodeError:
        return {"id": number, "error": f"{where} is geen JSON. {BATCH_LINE_HINT}"}
    if not isinstance(item, dict):
        return {"id": number, "error": f"{where} is geen JSON-object. {BATCH_LINE_HINT}"}
    ident = item.get("id", number)
    ident = readable(ident) if isinstance(ident, str) else ident
    if not isinstance(item.get("question"), str):
        return {"id": ident, "error": f"{where} heeft geen tekst in het veld 'question'. {BATCH_LINE_HINT}"}
    return {"id": ident, "question": item["question"]}


@app.command()
def index(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(metavar="paden", help="Bestanden of mappen (standaard: knowledge/)."),
    ] = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Alles opnieuw, in een nieuwe collectie.")
    ] = False,
) -> None:
    """Indexeer documenten en casuskennis (alleen wat veranderd is, tenzij --rebuild)."""
    from bot.cli.progress import embedding_progress, print_report

    kb = _kb()
    with embedding_progress() as progress:
        report = kb.index(paths or None, rebuild=rebuild, progress=progress)
    print_report(report, kb.settings.knowledge_dir)
    raise typer.Exit(0 if report.ok else 1)


@app.command()
def search(
    query: Annotated[str | None, typer.Argument(metavar="zoekvraag", help="Zoekvraag.")] = None,
    k: Annotated[int, typer.Option("-k", help="Aantal resultaten.", min=1, max=100)] = 10,
    as_json: JsonOpt = False,
    batch: BatchOpt = None,
    teams: TeamOpt = None,
) -> None:
    """Zoek passages (hybride: betekenis + trefwoorden)."""
    from bot.cli.formatting import passage_json, passage_lines

    scope = _scope(teams, as_json)
    kb = _kb()
    if batch:

        def results(q: str) -> dict[str, Any]:
            return {"results": [passage_json(i, p) for i, p in enumerate(kb.search(q, k, scope), 1)]}

        _run_batch(batch, results, on_error={"results": []})
        return
    try:
        passages = kb.search(query or "", k, scope)
    except UserError as exc:
        fail(exc.message, exc.exit_code, as_json)
    if as_json:
        body = {"query": query, "results": [passage_json(i, p) for i, p in enumerate(passages, 1)]}
        print(json.dumps(body, ensure_ascii=False, indent=2))
    else:
        print("\n".join(passage_lines(passages)) or "Niets gevonden.")


def _run_batch(
    batch: Path, answer: Callable[[str], dict[str, Any]], on_error: dict[str, Any] | None = None
) -> None:
    """One JSON line per input line, in order; a bad line is reported and the rest still run."""
    failed = 0
    for item in _read_batch(batch):
        body = item if "error" in item else _batch_answer(item, answer)
        if "error" in body:
            failed += 1
            body = {"id": body["id"], **(on_error or {}), "error": body["error"]}
        print(json.dumps(body, ensure_ascii=False), flush=True)
    raise typer.Exit(1 if failed else 0)


def _batch_answer(item: dict[str, Any], answer: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    try:
        return {"id": item["id"], **answer(item["question"])}
    except UserError as exc:
        return {"id": item["id"], "error": exc.message}
    except Exception as exc:  # one broken question must not cost the answers to the others
        log.warning("batch question %r failed: %r", item["id"], exc)
        return {"id": item["id"], "error": f"Deze vraag gaf een interne fout ({type(exc).__name__})."}


@app.command()
def ask(
    question: Annotated[str | None, typer.Argument(metavar="vraag", help="Vraag in het Nederlands.")] = None,
    as_json: JsonOpt = False,
    batch: BatchOpt = None,
    earlier: Annotated[
        list[str] | None,
        typer.Option(
            "--eerder",
            help="Een eerdere vraag uit hetzelfde gesprek, voor een vervolgvraag (mag vaker, oudste eerst).",
        ),
    ] = None,
    teams: TeamOpt = None,
) -> None:
    """Stel een vraag; het antwoord komt met genummerde bronnen."""
    from bot.cli.formatting import answer_text

    scope = _scope(teams, as_json)
    kb = _kb()
    history = [(q, "") for q in earlier or []] or None

    def body(answer: Answer) -> dict[str, Any]:  # with --team: also whether sources were left out
        return answer.to_dict() | ({"left_out": answer.left_out} if scope is not None else {})

    if batch:
        _run_batch(batch, lambda q: body(kb.ask(q, history=history, scope=scope)))
        return
    try:
        answer = kb.ask(question or "", history=history, scope=scope)
    except UserError as exc:
        fail(exc.message, exc.exit_code, as_json)
    if as_json:
        print(json.dumps(body(answer), ensure_ascii=False, indent=2))
    else:
        print(answer_text(answer) + (f"\n\n{LEFT_OUT}" if answer.left_out else ""))


@app.command()
def chat() -> None:
    """Chat in de terminal (één vraag per regel als invoer niet van een terminal komt)."""
    from bot.cli.chat import run_chat

    raise typer.Exit(run_chat(_kb()))


@app.command()
def start() -> None:
    """Start Slack als SLACK_BOT_TOKEN is ingesteld, anders de terminalchat (make run)."""
    from bot.config import get_settings

    if get_settings().slack_enabled:
        serve()
    else:
        chat()


@app.command()
def serve(
    http: Annotated[bool, typer.Option("--http", help="HTTP-modus (Events API) i.p.v. Socket Mode.")] = False,
    port: Annotated[int, typer.Option("--port", help="Poort voor HTTP-modus.")] = 3000,
) -> None:
    """Start de Slack-app (Socket Mode met SLACK_APP_TOKEN, of --http)."""
    from bot.slack.server import run_server

    run_server(http=http, port=port)


@app.command()
def bench(
    questions: Annotated[Path, typer.Option(help="Vragenset (JSON Lines).")] = DEV_SET,
    scorer: Annotated[Path, typer.Option(help="score.py van de evaluatieset.")] = SCORER,
) -> None:
    """Meet bouwtijd, snelheid en kwaliteit op de dev-set."""
    from bot.cli.bench import run_bench

    raise typer.Exit(run_bench(questions, scorer))


def _register_subcommands() -> None:
    from bot.cli.cases import cases_app
    from bot.cli.remind import remind_app
    from bot.cli.swot import swot_command

    app.command("swot", help="Snelle SWOT van een samenwerkingsvorm, elk punt met bron.")(swot_command)
    app.add_typer(remind_app, name="remind", help="Herinneringen voor PHO's en monitoring.")
    app.add_typer(cases_app, name="cases", help="Casuskennis uit Slack beoordelen en beheren.")


_register_subcommands()


def _private_data_dir() -> None:
    """Before anything is written: this process creates only private files (see bot.datadir)."""
    from bot.config import get_settings
    from bot.datadir import make_private

    try:
        data_dir = get_settings().bot_data_dir
    except ValidationError:
        data_dir = None  # the command itself reports the bad setting, in Dutch
    make_private(data_dir)


def _dutch_logging() -> None:
    """Warnings reach the user of the CLI, so in Dutch; pypdf's own parse warnings are left out
    because the indexer reports a file it cannot read itself, in Dutch."""
    for level, name in ((logging.WARNING, "Let op"), (logging.ERROR, "Fout"), (logging.CRITICAL, "Fout")):
        logging.addLevelName(level, name)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    logging.getLogger("pypdf").setLevel(logging.ERROR)


def main() -> None:
    _dutch_logging()
    try:
        _private_data_dir()
        app()
    except KeyboardInterrupt:
        print("\nAfgebroken.", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # the last line of defence: a user never gets a traceback
        message, code = failure(exc)
        print(message, file=sys.stderr)
        sys.exit(code)


def failure(exc: Exception) -> tuple[str, int]:
    """The Dutch message and exit code for an error that reached the entry point."""
    if isinstance(exc, UserError):
        return exc.message, exc.exit_code
    if isinstance(exc, ValidationError):  # a setting in the environment or .env has a bad value
        return settings_error_message(exc), 2
    return unexpected_error_message(exc), 1
