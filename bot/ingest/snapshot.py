"""Read a source file once, within limits, so the index stores what was really parsed.

The bytes that are parsed are the bytes that are hashed; after parsing the file is checked
again, so a file replaced meanwhile is reported (and indexed next time) instead of being
stored with its old text under a hash that says it is current. Size limits keep one huge
or hostile file (a 50 MB text, a DOCX that inflates to gigabytes) from stalling a build.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from bot.errors import LoaderError
from bot.ingest.loaders import LoadedDocument, load

MB = 1024 * 1024


@dataclass(frozen=True)
class FileLimits:
    max_bytes: int = 20 * MB  # one source file on disk
    max_chars: int = 2_000_000  # text after extraction
    max_unpacked_bytes: int = 100 * MB  # a DOCX (zip) once unpacked


def read_document(path: Path, limits: FileLimits) -> tuple[LoadedDocument, bytes]:
    """The parsed document and the exact bytes it was parsed from."""
    raw = _read_bytes(path, limits)
    if path.suffix.lower() == ".docx":
        _check_unpacked_size(path, raw, limits)
    document = load(path, raw)
    if len(document.text) > limits.max_chars:
        raise LoaderError(
            f"{path.name}: het document levert {len(document.text):,} tekens tekst op; het maximum is "
            f"{limits.max_chars:,}. Splits het in delen of verhoog MAX_DOCUMENT_CHARS.".replace(",", ".")
        )
    if not _unchanged(path, raw):
        raise LoaderError(_changed(path))
    return document, raw


def read_recorded(
    path: Path, limits: FileLimits, recorded_hash: str, pipeline_version: str
) -> LoadedDocument:
    """Parse only the bytes whose hash was recorded: a file replaced since is reported and
    left for the next run."""
    document, raw = read_document(path, limits)
    if content_hash(raw, pipeline_version) != recorded_hash:
        raise LoaderError(_changed(path))
    return document


def content_hash(raw: bytes, pipeline_version: str) -> str:
    return hashlib.sha256(raw + pipeline_version.encode()).hexdigest()[:16]


def file_hash(path: Path, pipeline_version: str) -> str:
    """`content_hash` of a file, read in blocks so a large file is never held whole."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(MB):
            digest.update(block)
    digest.update(pipeline_version.encode())
    return digest.hexdigest()[:16]


def _changed(path: Path) -> str:
    return (
        f"{path.name}: het bestand veranderde terwijl het werd ingelezen; het is nu overgeslagen. "
        "Draai `python -m bot index` opnieuw als het klaar is met schrijven."
    )


def _read_bytes(path: Path, limits: FileLimits) -> bytes:
    if path.stat().st_size > limits.max_bytes:
        raise LoaderError(_too_big(path, path.stat().st_size, limits))
    with path.open("rb") as handle:
        raw = handle.read(limits.max_bytes + 1)  # it may grow while we read
    if len(raw) > limits.max_bytes:
        raise LoaderError(_too_big(path, len(raw), limits))
    return raw


def _too_big(path: Path, size: int, limits: FileLimits) -> str:
    return (
        f"{path.name}: het bestand is {size / MB:.1f} MB; het maximum is {limits.max_bytes / MB:g} MB. "
        "Splits het in delen of verhoog MAX_FILE_MB."
    )


def _check_unpacked_size(path: Path, raw: bytes, limits: FileLimits) -> None:
    """Zip readers stop at each member's declared size, so the declared total bounds the work."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise LoaderError(
            f"{path.name}: dit is geen geldig DOCX-bestand (beschadigd zip-archief). "
            "Sla het opnieuw op in Word."
        ) from exc
    if unpacked > limits.max_unpacked_bytes:
        raise LoaderError(
            f"{path.name}: het DOCX-bestand pakt uit tot {unpacked / MB:.0f} MB; het maximum is "
            f"{limits.max_unpacked_bytes / MB:g} MB. Verwijder grote afbeeldingen of sla het op als PDF."
        )


def _unchanged(path: Path, raw: bytes) -> bool:
    try:
        with path.open("rb") as handle:
            now = handle.read(len(raw) + 1)
    except OSError:
        return False
    return now == raw
