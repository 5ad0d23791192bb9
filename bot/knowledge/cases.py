"""Case knowledge saved from Slack, with a review queue: an editor's case is indexed at
once; anyone else's waits in a queue folder the indexer never reads, until an editor
approves it. Every saved case records who saved it and who approved it (front matter).

Folders in the data dir:
    cases/            approved, indexed and cited ("goedgekeurd")
    cases-wachtrij/   waiting for an editor ("wacht"): never searchable
    cases-concept/    from a DM or private channel, waiting for the saver's confirmation

Knows nothing of Slack: the Slack edge and the CLI both call it.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml

from bot.config import Settings
from bot.errors import UserError
from bot.ingest.metadata import split_front_matter

if TYPE_CHECKING:
    from bot.knowledge.indexer import IndexReport
    from bot.knowledge.service import KnowledgeBase

log = logging.getLogger(__name__)
Status = Literal["wacht", "goedgekeurd"]
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,150}")
DRAFT_HOURS = 24  # an unconfirmed draft older than this is thrown away


class CaseError(UserError):
    """A case that cannot be saved, approved or found (Dutch message, exit code 2)."""


@dataclass(frozen=True)
class CaseFile:
    name: str  # file name, "slack-<channel>-<ts>.md"
    title: str
    text: str  # Markdown with YAML front matter


@dataclass(frozen=True)
class SavedCase:
    name: str
    title: str
    status: Status
    saved_by: str | None
    saved_at: str | None
    approved_by: str | None
    channel: str | None
    chars: int
    excerpt: str

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


class CaseReview:
    def __init__(self, settings: Settings, kb: KnowledgeBase) -> None:
        self.settings = settings
        self.kb = kb
        self.approved_dir = settings.cases_data_dir
        self.queue_dir = settings.bot_data_dir / "cases-wachtrij"
        self.draft_dir = settings.bot_data_dir / "cases-concept"

    def is_editor(self, user: str | None) -> bool:
        s = self.settings
        return bool(user) and (user in s.knowledge_editors or user in s.admin_users)

    # -- saving ----------------------------------------------------------------------------

    def check_size(self, chars: int) -> None:
        limit = self.settings.max_case_chars
        if chars > limit:
            raise CaseError(
                f"Dit bericht is met zijn thread te lang om als casus te bewaren ({_dutch(chars)} "
                f"tekens, maximaal {_dutch(limit)}). Bewaar een korter bericht, of vraag een "
                "beheerder het als document aan de kennisbank toe te voegen."
            )

    def submit(
        self, case: CaseFile, saved_by: str, *, external: bool = False
    ) -> tuple[SavedCase, Any | None]:
        """An editor's case is approved and indexed now (report returned); anyone else's
        goes to the queue (report None). `external`: the saver belongs to another
        organisation (Slack Connect): never an editor here, whatever the settings say."""
        self.check_size(len(case.text))
        stamped = _stamp(case.text, opgeslagen_door=saved_by, opgeslagen_op=_now())
        if self.is_editor(saved_by) and not external:
            path = write_case_file(self.approved_dir, case.name, _stamp(stamped, goedgekeurd_door=saved_by))
            return self._read(path, "goedgekeurd"), self._index(path)
        path = write_case_file(self.queue_dir, case.name, stamped)
        log.info("casus %s wacht op goedkeuring", case.name)
        return self._read(path, "wacht"), None

    def draft(self, case: CaseFile, key: str) -> None:
        """Keep a case from a private conversation until its saver confirms (or not)."""
        self.check_size(len(case.text))
        self._sweep_drafts()
        write_case_file(self.draft_dir, _checked(key), case.text, meta_name=case.name)

    def confirm(self, key: str, saved_by: str, *, external: bool = False) -> tuple[SavedCase, Any | None]:
        path = self.draft_dir / f"{_checked(key)}.md"
        if not key.endswith(f"-{saved_by}") or not path.exists():  # only the saver confirms
            raise CaseError(
                "Dit concept is niet meer bewaard (te oud, of al afgehandeld). Kies in het "
                "berichtmenu (⋮) opnieuw *Bewaar als casuskennis*."
            )
        text = path.read_text(encoding="utf-8")
        front, _ = split_front_matter(text)
        name = _checked(str(front.get("bestandsnaam") or key))
        case = CaseFile(name, str(front.get("title") or name), _stamp(text, bestandsnaam=None))
        result = self.submit(case, saved_by, external=external)
        path.unlink(missing_ok=True)
        return result

    def wait_for_draft(self, key: str, seconds: float) -> None:
        path, deadline = self.draft_dir / f"{_checked(key)}.md", time.monotonic() + seconds
        while not path.exists() and time.monotonic() < deadline:
            time.sleep(0.1)

    def drop_draft(self, key: str) -> None:
        (self.draft_dir / f"{_checked(key)}.md").unlink(missing_ok=True)

    # -- reviewing -------------------------------------------------------------------------

    def pending(self) -> list[SavedCase]:
        return [self._read(p, "wacht") for p in _files(self.queue_dir)]

    def approved(self) -> list[SavedCase]:
        return [self._read(p, "goedgekeurd") for p in _files(self.approved_dir)]

    def approve(self, name: str, by: str) -> tuple[SavedCase, Any]:
        source = self.queue_dir / f"{_checked(name)}.md"
        if not source.exists():
            raise CaseError(_not_waiting(name))
        text = _stamp(source.read_text(encoding="utf-8"), goedgekeurd_door=by, goedgekeurd_op=_now())
        path = write_case_file(self.approved_dir, source.name, text)
        source.unlink()
        report = self._index(path)
        log.info("casus %s goedgekeurd door %s", name, by)
        return self._read(path, "goedgekeurd"), report

    def reject(self, name: str, by: str) -> SavedCase:
        source = self.queue_dir / f"{_checked(name)}.md"
        if not source.exists():
            raise CaseError(_not_waiting(name))
        case = self._read(source, "wacht")
        source.unlink()  # rejected text is not kept: it may be private
        log.info("casus %s afgewezen door %s", name, by)
        return case

    def remove(self, name: str, by: str) -> SavedCase:
        path = self.approved_dir / f"{_checked(name)}.md"
        if not path.exists():
            raise CaseError(
                f"Er is geen goedgekeurde casus '{name}'. Bekijk ze met 'python -m bot cases list'."
            )
        case = self._read(path, "goedgekeurd")
        path.unlink()
        self.kb.index()  # a full incremental pass drops what is gone
        log.info("casus %s verwijderd door %s", name, by)
        return case

    # -- helpers ---------------------------------------------------------------------------

    def _index(self, path: Path) -> IndexReport:
        report = self.kb.add_case(path)
        if report.errors:
            raise RuntimeError("; ".join(report.errors))
        return report

    def _read(self, path: Path, status: Status) -> SavedCase:
        front, body = split_front_matter(path.read_text(encoding="utf-8"))
        excerpt = " ".join(body.replace("## Bericht", "").split())[:300]
        return SavedCase(
            name=path.stem,
            title=str(front.get("title") or path.stem),
            status=status,
            saved_by=_opt(front.get("opgeslagen_door")),
            saved_at=_opt(front.get("opgeslagen_op")),
            approved_by=_opt(front.get("goedgekeurd_door")),
            channel=_opt(front.get("kanaal")),
            chars=len(body),
            excerpt=excerpt,
        )

    def _sweep_drafts(self) -> None:
        cutoff = time.time() - DRAFT_HOURS * 3600
        for path in _files(self.draft_dir):
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)


def _checked(name: str) -> str:
    """A case name from a button or the command line: never a path."""
    name = name.removesuffix(".md")
    if not _NAME.fullmatch(name):
        raise CaseError(f"'{name[:80]}' is geen geldige casusnaam. Bekijk ze met 'python -m bot cases list'.")
    return name


def _not_waiting(name: str) -> str:
    return (
        f"Casus '{name[:80]}' wacht niet (meer) op goedkeuring: al goedgekeurd, afgewezen of "
        "onbekend. Bekijk de wachtrij met 'python -m bot cases list'."
    )


def _stamp(text: str, **fields: str | None) -> str:
    """The case with these front-matter fields set (None removes one)."""
    front, body = split_front_matter(text)
    for key, value in fields.items():
        if value is None:
            front.pop(key, None)
        else:
            front[key] = value
    dumped = yaml.safe_dump(front, allow_unicode=True, sort_keys=False).strip()
    return f"---\n{dumped}\n---\n{body}"


def write_case_file(directory: Path, name: str, text: str, meta_name: str | None = None) -> Path:
    if meta_name:
        text = _stamp(text, bestandsnaam=meta_name.removesuffix(".md"))
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{_checked(name)}.md"
    # A unique hidden temp name: two saves of one message never share it, and the indexer
    # (which skips dot-files) never sees a half-written or left-over file.
    fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return path


def _files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.md")) if directory.is_dir() else []


def _opt(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _dutch(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _now() -> str:
    return datetime.now().strftime("%Y-%m-%d %H:%M")
