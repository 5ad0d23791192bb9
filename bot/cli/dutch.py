"""Typer's own texts in Dutch: usage errors, help panels, the --help option.

Typer (with its vendored Click) has no translation hook: its messages are f-strings and
module constants. `install()` swaps those few texts and the error printer once, at import
of the CLI, so every command and sub-app (remind, swot) speaks Dutch.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from typer import core as typer_core
from typer import rich_utils

from bot.os_messages import file_error_message, os_cause

HELP_TEXT = "Toon deze hulp en stop."
_PANEL_TEXTS = {
    "ARGUMENTS_PANEL_TITLE": "Argumenten",
    "OPTIONS_PANEL_TITLE": "Opties",
    "COMMANDS_PANEL_TITLE": "Commando's",
    "ERRORS_PANEL_TITLE": "Fout",
    "ABORTED_TEXT": "Afgebroken.",
    "DEFAULT_STRING": "[standaard: {}]",
    "ENVVAR_STRING": "[omgevingsvariabele: {}]",
    "REQUIRED_LONG_STRING": "[verplicht]",
    "DEPRECATED_STRING": "(verouderd) ",
}
_USAGE_WORDS = (
    ("Usage: ", "Gebruik: "),
    ("[OPTIONS]", "[OPTIES]"),
    ("COMMAND [ARGS]...", "COMMANDO [ARGUMENTEN]..."),
)
# Value errors come from pydantic (Typer validates with it); the common ones in Dutch.
_VALUE_MESSAGES = (
    (r"Input should be a valid integer.*", "verwacht een geheel getal"),
    (r"Input should be a valid number.*", "verwacht een getal"),
    (r"Input should be a valid boolean.*", "verwacht ja/nee (true/false)"),
    (r"Input should be greater than or equal to (\S+)", r"moet minstens \1 zijn"),
    (r"Input should be less than or equal to (\S+)", r"mag hoogstens \1 zijn"),
    (r"Input should be greater than (\S+)", r"moet groter zijn dan \1"),
    (r"Input should be less than (\S+)", r"moet kleiner zijn dan \1"),
    (r"'?(.+?)'? is not one of (.+)\.?", r"'\1' is geen van \2"),
    (r"Path '(.+)' does not exist\.", r"pad '\1' bestaat niet"),
    (r"(?:File|Directory|Path) '(.+)' is a directory\.", r"'\1' is een map"),
    (r"(?:File|Directory|Path) '(.+)' is a file\.", r"'\1' is een bestand"),
    (r"(?:File|Directory|Path) '(.+)' is not readable\.", r"'\1' is niet leesbaar"),
    (r"Value (.+) is not a valid (.+)\.", r"waarde \1 is geen geldige \2"),
)
_USAGE_MESSAGES = (
    (r"No such option: (\S+) \(Possible options: (.+)\)", r"Onbekende optie: \1 (bedoel je: \2?)"),
    (r"No such option: (\S+)", r"Onbekende optie: \1"),
    (r"No such command '(.+?)'\. Did you mean (.+)\?", r"Onbekend commando '\1' (bedoel je \2?)"),
    (r"No such command '(.+)'\.", r"Onbekend commando '\1'"),
    (r"Missing command\.", "Er ontbreekt een commando"),
    (r"Missing argument '(.+?)'\..*", r"Argument '\1' ontbreekt"),
    (r"Missing option '(.+?)'\..*", r"Optie '\1' ontbreekt"),
    (r"Missing parameter.*", "Er ontbreekt een waarde"),
    (r"Option '(.+)' requires an argument\.", r"Optie '\1' heeft een waarde nodig"),
    (r"Option '(.+)' requires (\d+) arguments\.", r"Optie '\1' heeft \2 waarden nodig"),
    (r"Option '(.+)' does not take a value\.", r"Optie '\1' neemt geen waarde"),
    (r"Got unexpected extra argument\(s\) \((.+)\)", r"Onverwacht extra argument: \1"),
    (r"Invalid value for (.+?): (.+)", None),
    (r"Invalid value: (.+)", None),
)


def dutch_message(message: str) -> str:
    """The Dutch version of one of Typer's usage-error messages (unknown ones pass as is)."""
    for pattern, replacement in _USAGE_MESSAGES:
        match = re.fullmatch(pattern, message, flags=re.DOTALL)
        if not match:
            continue
        if replacement is not None:
            return match.expand(replacement) + "."
        *hint, value = match.groups()
        where = f" voor {hint[0]}" if hint else ""
        return f"Ongeldige waarde{where}: {_dutch_value(value)}."
    return message


def _dutch_value(message: str) -> str:
    for pattern, replacement in _VALUE_MESSAGES:
        match = re.fullmatch(pattern, message.strip(), flags=re.DOTALL)
        if match:
            return match.expand(replacement)
    return message.rstrip(".")


def dutch_usage(text: str) -> str:
    for english, dutch in _USAGE_WORDS:
        text = text.replace(english, dutch)
    return text


def print_usage_error(error: Any) -> None:
    """Replaces Typer's boxed English error: usage, a hint and the Dutch message, on stderr."""
    if error.__class__.__name__ == "NoArgsIsHelpError":
        return  # the help page is already shown
    ctx = getattr(error, "ctx", None)
    lines = []
    if ctx is not None:
        lines.append(dutch_usage(ctx.get_usage()))
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(f"Zie '{ctx.command_path} {ctx.help_option_names[0]}' voor hulp.")
    lines.append(f"Fout: {dutch_message(error.format_message())}")
    print("\n".join(lines), file=sys.stderr)


def install() -> None:
    for name, text in _PANEL_TEXTS.items():
        setattr(rich_utils, name, text)
    rich_utils.rich_format_error = print_usage_error
    _install_usage_prefix()
    _install_help_text()


def _install_usage_prefix() -> None:
    command = typer_core.TyperCommand.__mro__[1]  # the vendored click Command
    if getattr(command.get_usage, "_dutch", False):
        return
    english = command.get_usage

    def get_usage(self: Any, ctx: Any) -> str:
        return dutch_usage(english(self, ctx))

    get_usage._dutch = True  # type: ignore[attr-defined]
    command.get_usage = get_usage


def _install_help_text() -> None:
    command = typer_core.TyperCommand.__mro__[1]
    if getattr(command.get_help_option, "_dutch", False):
        return
    english = command.get_help_option

    def get_help_option(self: Any, ctx: Any) -> Any:
        option = english(self, ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option

    get_help_option._dutch = True  # type: ignore[attr-defined]
    command.get_help_option = get_help_option


def settings_error_message(error: Any) -> str:
    """pydantic's ValidationError for Settings: which variable, and what to do."""
    problems = [
        f"{'.'.join(str(p) for p in e['loc']).upper()} ({_dutch_value(e['msg'])})" for e in error.errors()
    ]
    return (
        f"Ongeldige instelling: {', '.join(problems)}. "
        "Pas de omgevingsvariabele of het .env-bestand aan (zie README, Configuratie)."
    )


def unexpected_error_message(error: BaseException) -> str:
    if os_cause(error) is not None:
        return file_error_message(error)
    return (
        f"Er ging iets onverwachts mis ({type(error).__name__}: {error}). "
        "Probeer het opnieuw; blijft het gebeuren, meld het dan met deze melding bij de beheerder."
    )
