"""Operating-system errors in Dutch, naming the real cause (rights, a full disk, a file
where a folder should be) so the user knows what to fix."""

from __future__ import annotations

import errno

_CAUSES = {
    errno.ENOTDIR: "een deel van het pad is een bestand, geen map",
    errno.EEXIST: "er staat al een bestand met die naam",
    errno.EACCES: "geen schrijf- of leesrechten",
    errno.EPERM: "geen toestemming",
    errno.EROFS: "het bestandssysteem is alleen-lezen",
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "de schijfquotum is op",
    errno.ENOENT: "het bestand of de map bestaat niet",
    errno.EISDIR: "dit is een map, geen bestand",
    errno.ECONNREFUSED: "de server weigert de verbinding (draait hij?)",
}


def os_cause(error: BaseException) -> str | None:
    """The Dutch cause of an OSError (or of the OSError that caused this error), if known."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno in _CAUSES:
            return _CAUSES[seen.errno]
        text = str(seen).lower()
        if "readonly database" in text or "read-only" in text or "permission denied" in text:
            return _CAUSES[errno.EACCES]
        if "disk is full" in text or "no space left" in text:
            return _CAUSES[errno.ENOSPC]
        if "not a directory" in text:
            return _CAUSES[errno.ENOTDIR]
        seen = seen.__cause__ or seen.__context__
    return None


def file_error_message(error: BaseException) -> str:
    filename = getattr(error, "filename", None)
    where = f" ({filename})" if filename else ""
    cause = os_cause(error) or getattr(error, "strerror", None) or type(error).__name__
    return (
        f"Fout bij het lezen of schrijven van een bestand{where}: {cause}. Controleer het pad en de rechten."
    )
