"""`python -m bot remind add|list|show|ics|feestdag|cancel|pause|resume|preview` (a Typer sub-app).

Mounted in bot/cli.py with `app.add_typer(remind_app, name="remind")`. Imports stay light
(no knowledge base, no models): the service and SQLAlchemy load only for commands that
need the database. Bad input gives a Dutch message and exit code 2, never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

from bot.cli.output import fail
from bot.errors import UserError

if TYPE_CHECKING:
    from jobs.models import Reminder
    from jobs.plan import Plan
    from jobs.reminders import ReminderService


remind_app = typer.Typer(
    help="Herinneringen voor PHO's, monitoringsmomenten en andere afspraken.",
    no_args_is_help=True,
    add_completion=False,
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Uitvoer als JSON.")]
IdArg = Annotated[
    int, typer.Argument(metavar="nummer", help="Het nummer van de herinnering (zie 'remind list').")
]
T = TypeVar("T")


def _fail(message: str, as_json: bool, code: int = 2) -> NoReturn:
    fail(message, code, as_json, prefix="Fout: ")


def _guard(as_json: bool, action: Callable[[], T]) -> T:
    """Run a command body; user errors and an unreachable database become clean exits."""
    try:
        return action()
    except UserError as exc:
        _fail(exc.message, as_json, exc.exit_code)
    except Exception as exc:  # noqa: BLE001 — the CLI must not print a traceback
        from sqlalchemy.exc import SQLAlchemyError

        if isinstance(exc, SQLAlchemyError):
            _fail(
                "De database voor herinneringen is niet bereikbaar. Controleer DATABASE_URL "
                f"of de map BOT_DATA_DIR. ({type(exc).__name__})",
                as_json,
                1,
            )
        raise


def _emit(data: Any, as_json: bool, text: str) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2) if as_json else text)


def _emit_with_plan(label: str, reminder: Reminder, plan: Plan, as_json: bool) -> None:
    lines = [f"{label}: {_line(reminder)}"] + [f"  {line}" for line in _plan_lines(plan)]
    _emit(reminder.to_dict() | {"plan": plan.to_dict()}, as_json, "\n".join(lines))


def _service() -> ReminderService:
    from bot.config import get_settings
    from jobs.reminders import ReminderService

    settings = get_settings()
    return ReminderService(settings.db_url, tz=settings.timezone)


# -- preview ---------------------------------------------------------------------------------


@remind_app.command("preview")
def preview_cmd(
    zin: Annotated[str, typer.Argument(help="Planning in het Nederlands, bv. 'elke vrijdag om 16:00'.")],
    start: Annotated[
        str | None, typer.Option("--start", help="Startmoment, lokale tijd: 2026-11-23T09:00.")
    ] = None,
    count: Annotated[int, typer.Option("--count", help="Aantal momenten (1-100).")] = 5,
    as_json: JsonOpt = False,
) -> None:
    """Laat zien wanneer een planning valt, zonder iets op te slaan."""
    from bot.config import get_settings
    from jobs.plan import preview

    moment = _parse_start(start, as_json)
    if not 1 <= count <= 100:
        _fail(f"--count {count} kan niet: kies een aantal van 1 tot en met 100.", as_json)
    tz = get_settings().timezone  # the same time zone as `add` and the scheduler
    result = _guard(as_json, lambda: preview(zin, moment, count, tz))
    _emit(result, as_json, _preview_text(result))


def _parse_start(value: str | None, as_json: bool) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        _fail(
            f"Ongeldige --start '{value}'. Gebruik lokale tijd als JJJJ-MM-DDTUU:MM, "
            "bijvoorbeeld 2026-11-23T09:00.",
            as_json,
        )


def _preview_text(result: dict[str, Any]) -> str:
    from jobs.notices import preview_moments

    lines = [f"Planning: {result['spec']} ({result['timezone']})"]
    return "\n".join(lines + [f"  {line}" for line in preview_moments(result, sep="  ")])


# -- add / list / show -----------------------------------------------------------------------


@remind_app.command("add")
def add_cmd(
    zin: Annotated[str, typer.Argument(help="Planning, bv. 'elke derde woensdag om 10 uur'.")],
    channel: Annotated[str, typer.Option("--channel", "--kanaal", help="Slack-kanaal-id.")],
    title: Annotated[str, typer.Option("--title", "--titel", help="Titel of onderwerp.")],
    kind: Annotated[str, typer.Option("--kind", "--soort", help="pho | monitoring | algemeen")] = "algemeen",
    link: Annotated[str | None, typer.Option("--link", help="Link naar agenda of stukken.")] = None,
    participants: Annotated[
        str | None, typer.Option("--participants", "--deelnemers", help="Komma-gescheiden.")
    ] = None,
    cooperation: Annotated[
        str | None, typer.Option("--cooperation", "--samenwerking", help="Naam samenwerking.")
    ] = None,
    subject: Annotated[
        str | None, typer.Option("--subject", "--onderwerp", help="Wat wordt geëvalueerd.")
    ] = None,
    agenda_lead: Annotated[
        str | None,
        typer.Option("--agenda-lead", "--agendatermijn", help="PHO: bv. '5 werkdagen'."),
    ] = None,
    user: Annotated[str | None, typer.Option("--user", help="Aangemaakt door (Slack-id).")] = None,
    on_holiday: Annotated[
        str | None,
        typer.Option(
            "--feestdag",
            "--on-holiday",
            help="Valt het op een feestdag of weekend: ervoor | erna | overslaan.",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Maak een herinnering aan."""

    def run() -> Any:
        service = _service()
        reminder = service.add(
            kind=kind,
            title=title,
            channel=channel,
            schedule=zin,
            created_by=user,
            link=link,
            participants=(participants or "").split(","),
            cooperation=cooperation,
            subject=subject,
            agenda_lead=agenda_lead,
            on_holiday=on_holiday,
        )
        return reminder, service.plan(reminder)

    _emit_with_plan("Aangemaakt", *_guard(as_json, run), as_json)


@remind_app.command("list")
def list_cmd(
    all_: Annotated[bool, typer.Option("--all", "--alle", help="Ook gestopte en afgeronde.")] = False,
    user: Annotated[str | None, typer.Option("--user", help="Alleen van deze gebruiker.")] = None,
    channel: Annotated[str | None, typer.Option("--channel", "--kanaal")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Toon de herinneringen."""
    reminders = _guard(
        as_json,
        lambda: _service().list(created_by=user, channel=channel, include_inactive=all_),
    )
    text = "\n".join(_line(r) for r in reminders) or (
        'Geen herinneringen. Maak er een met: python -m bot remind add "elke vrijdag om 16:00" '
        '--channel C0123ABCD --title "Weekafsluiting"'
    )
    _emit([r.to_dict() for r in reminders], as_json, text)


@remind_app.command("show")
def show_cmd(reminder_id: IdArg, as_json: JsonOpt = False) -> None:
    """Toon één herinnering met alle gegevens en de verzonden en wachtende berichten."""

    def run() -> tuple[Any, list[Any], Any]:
        service = _service()
        reminder = service.get(reminder_id)
        return reminder, service.deliveries(reminder_id), service.plan(reminder)

    reminder, deliveries, plan = _guard(as_json, run)
    data = {
        **reminder.to_dict(),
        "deliveries": [d.to_dict(reminder.schedule.tz) for d in deliveries],
    }
    _emit(data, as_json, "\n".join(_show_lines(reminder, data, plan)))


def _show_lines(reminder: Any, data: dict[str, Any], plan: Any) -> list[str]:
    fields = [
        ("Soort", data["kind"]),
        ("Kanaal", data["channel"]),
        ("Planning", data["spec"]),
        ("Zoals getypt", data["phrase"]),
        ("Status", data["status"]),
        ("Aangemaakt door", data["created_by"]),
        ("Link", data["link"]),
        ("Deelnemers", ", ".join(data["participants"])),
        ("Samenwerking", data["cooperation"]),
        ("Onderwerp", data["subject"]),
        ("Agendapunten", data["agenda_lead"]),
    ]
    lines = [f"#{reminder.id} {reminder.title}"] + [f"  {label}: {value}" for label, value in fields if value]
    lines += ["  Komende data:"] + [f"    {line}" for line in _plan_lines(plan)]
    deadline = reminder.agenda_deadline(reminder.next_occurrence) if reminder.next_occurrence else None
    if deadline:
        from jobs.calendar_nl import format_moment

        lines.append(f"  Eerstvolgende deadline agendapunten: {format_moment(deadline)}")
    lines.append("  Berichten:" if data["deliveries"] else "  Berichten: nog geen")
    for d in data["deliveries"]:
        late = " (later verstuurd)" if d["late"] else ""
        lines.append(f"    {d['kind']} voor {d['occurrence']}: {d['status']}{late}")
    return lines


def _plan_lines(plan: Any) -> list[str]:
    from jobs.plan import moment_lines

    return moment_lines(plan.to_dict(), sep="  ")


@remind_app.command("feestdag")
def holiday_cmd(
    reminder_id: IdArg,
    keuze: Annotated[str, typer.Argument(help="ervoor | erna | overslaan | houden")],
    as_json: JsonOpt = False,
) -> None:
    """Kies wat er gebeurt als een overleg op een feestdag of in het weekend valt."""

    def run() -> tuple[Any, Any]:
        service = _service()
        reminder = service.set_holiday_policy(reminder_id, keuze.strip().lower())
        return reminder, service.plan(reminder)

    _emit_with_plan("Aangepast", *_guard(as_json, run), as_json)


@remind_app.command("ics")
def ics_cmd(
    reminder_id: IdArg,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Bestand; leeg: naar het scherm.")
    ] = None,
) -> None:
    """Exporteer een herinnering als agenda-bestand (.ics) voor Outlook, Google of Apple."""
    from jobs.ics import reminder_ics

    def run() -> bytes:
        service = _service()
        return reminder_ics(service.get(reminder_id), service.now())

    data = _guard(False, run)
    if output is None:
        typer.echo(data.decode("utf-8"), nl=False)
        return
    try:
        with open(output, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        _fail(f"Kan '{output}' niet schrijven ({exc.strerror}). Kies een andere map.", False)
    typer.echo(f"Agenda-bestand geschreven: {output}")


# -- cancel / pause / resume -------------------------------------------------------------------


def _change(reminder_id: int, as_json: bool, verb: str, done: str) -> None:
    reminder = _guard(as_json, lambda: getattr(_service(), verb)(reminder_id))
    _emit(reminder.to_dict(), as_json, f"{done}: {_line(reminder)}")


@remind_app.command("cancel")
def cancel_cmd(reminder_id: IdArg, as_json: JsonOpt = False) -> None:
    """Stop een herinnering definitief."""
    _change(reminder_id, as_json, "cancel", "Gestopt")


@remind_app.command("pause")
def pause_cmd(reminder_id: IdArg, as_json: JsonOpt = False) -> None:
    """Pauzeer een herinnering (hervat met 'resume')."""
    _change(reminder_id, as_json, "pause", "Gepauzeerd")


@remind_app.command("resume")
def resume_cmd(reminder_id: IdArg, as_json: JsonOpt = False) -> None:
    """Hervat een gepauzeerde herinnering vanaf het eerstvolgende moment."""
    _change(reminder_id, as_json, "resume", "Hervat")


def _line(reminder: Any) -> str:
    from jobs.notices import reminder_line

    return reminder_line(reminder, slack=False)


if __name__ == "__main__":
    remind_app()
