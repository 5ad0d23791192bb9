"""Rich progress bar and summary for indexing (terminal edge)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from bot.ingest.loaders import SUPPORTED
from bot.knowledge.indexer import IndexReport

console = Console(stderr=True)


@contextmanager
def embedding_progress() -> Iterator[Callable[[int, int], None]]:
    with Progress(
        TextColumn("Indexeren (documenten)"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("nog"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("embed", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def print_report(report: IndexReport, knowledge_dir: Path) -> None:
    for error in report.errors:
        console.print(f"[red]Fout:[/red] {error}", highlight=False)
    console.print(
        f"Index {'opnieuw gebouwd' if report.rebuilt else 'bijgewerkt'}: "
        f"{report.documents} documenten, {report.chunks} stukken, {report.skipped} ongewijzigd overgeslagen, "
        f"{report.removed} verwijderd, {len(report.errors)} fouten, {report.repairs} reparaties "
        f"(woorddelen samengevoegd), {report.tables} SWOT-tabellen, {report.seconds:.1f} s.",
        highlight=False,
    )
    if report.errors:
        console.print(
            "Los de fouten hierboven op en draai `python -m bot index` opnieuw; de rest is wel geïndexeerd."
        )
    elif report.documents + report.skipped == 0:
        console.print(
            "Er staan geen documenten in de kennisbank. Zet bronnen "
            f"({', '.join(s.lstrip('.') for s in SUPPORTED)}) in {knowledge_dir / 'sources'} "
            "en draai `python -m bot index` opnieuw.",
            highlight=False,
            soft_wrap=True,  # a folded path cannot be copied
        )
