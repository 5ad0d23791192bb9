"""`python -m bot cases list|approve|reject|remove` (a Typer sub-app): the review queue of
case knowledge saved from Slack, for the command line. Mounted in bot/cli.py.

`list` needs no model; `approve` and `remove` load the knowledge base to (un)index.
"""

from __future__ import annotations

import getpass
import json
from typing import Annotated, Any

import typer

from bot.errors import UserError

cases_app = typer.Typer(
    help="Casuskennis uit Slack: wachtrij bekijken, goedkeuren, afwijzen, verwijderen.",
    no_args_is_help=True,
    add_completion=False,
)
JsonOpt = Annotated[bool, typer.Option("--json", help="Uitvoer als JSON.")]
NameArg = Annotated[str, typer.Argument(metavar="naam", help="De naam van de casus (zie 'cases list').")]
ByOpt = Annotated[str | None, typer.Option("--door", help="Wie dit doet (standaard: cli:<gebruiker>).")]


def _review(with_kb: bool = False) -> Any:
    from bot.config import get_settings
    from bot.knowledge.cases import CaseReview

    settings = get_settings()
    kb = None
    if with_kb:
        from bot.knowledge.service import KnowledgeBase

        kb = KnowledgeBase(settings)
    return CaseReview(settings, kb)


def _by(by: str | None) -> str:
    return by or f"cli:{getpass.getuser()}"


def _done(data: dict[str, Any], as_json: bool, text: str) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2) if as_json else text)


def _fail(exc: UserError, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps({"error": exc.message}, ensure_ascii=False))
    else:
        typer.echo(f"Fout: {exc.message}", err=True)
    raise typer.Exit(exc.exit_code)


@cases_app.command("list")
def list_cases(as_json: JsonOpt = False) -> None:
    """Wachtende en goedgekeurde casussen, met wie ze bewaarde en goedkeurde."""
    review = _review()
    cases = review.pending() + review.approved()
    if as_json:
        typer.echo(json.dumps({"cases": [c.to_dict() for c in cases]}, ensure_ascii=False, indent=2))
        return
    if not cases:
        typer.echo("Er is nog geen casuskennis uit Slack bewaard.")
        return
    for c in cases:
        approved = f", goedgekeurd door {c.approved_by}" if c.approved_by else ""
        typer.echo(f"[{c.status}] {c.name}: {c.title} (bewaard door {c.saved_by or 'onbekend'}{approved})")


@cases_app.command()
def approve(name: NameArg, by: ByOpt = None, as_json: JsonOpt = False) -> None:
    """Keur een wachtende casus goed: hij wordt geïndexeerd en daarna geciteerd."""
    try:
        case, report = _review(with_kb=True).approve(name, by=_by(by))
    except UserError as exc:
        _fail(exc, as_json)
    _done(case.to_dict(), as_json, f"Goedgekeurd en geïndexeerd: {case.title} ({report.chunks} stukken).")


@cases_app.command()
def reject(name: NameArg, by: ByOpt = None, as_json: JsonOpt = False) -> None:
    """Wijs een wachtende casus af: de tekst wordt weggegooid."""
    try:
        case = _review().reject(name, by=_by(by))
    except UserError as exc:
        _fail(exc, as_json)
    _done(case.to_dict(), as_json, f"Afgewezen en verwijderd: {case.title}.")


@cases_app.command()
def remove(name: NameArg, by: ByOpt = None, as_json: JsonOpt = False) -> None:
    """Haal een goedgekeurde casus uit de kennisbank (bestand en index)."""
    try:
        case = _review(with_kb=True).remove(name, by=_by(by))
    except UserError as exc:
        _fail(exc, as_json)
    _done(case.to_dict(), as_json, f"Verwijderd uit de kennisbank: {case.title}.")
