"""The command line: one Typer app (app.py) with knowledge, swot, remind, chat and bench."""


def main() -> None:
    """Entry point of the `samenwerkbot` script; imports the app only when it runs."""
    from bot.cli.app import main as run

    run()
