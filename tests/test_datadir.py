"""The data dir is private: what the bot writes there is 0700 (folders) and 0600 (files),
a looser data dir gets a Dutch warning at start, and the feedback salt is kept out of the
database (FEEDBACK_SALT or a 0600 file beside it)."""

from __future__ import annotations

import hashlib
import hmac
import stat
from pathlib import Path

from sqlalchemy import insert, select

from bot.config import Settings
from bot.datadir import SALT_FILE, feedback_salt
from tests.test_cli import run_bot


def modes(data_dir: Path) -> dict[str, int]:
    return {
        str(p.relative_to(data_dir.parent)): stat.S_IMODE(p.stat().st_mode)
        for p in [data_dir, *data_dir.rglob("*")]
    }


def test_what_the_bot_writes_is_private(tmp_path: Path) -> None:
    data = tmp_path / "nieuw" / "data"
    done = run_bot(
        "remind", "add", "morgen om 10:00", "--channel", "C0KANAAL1", "--title", "Modes", data_dir=data
    )
    assert done.returncode == 0, done.stderr
    found = modes(data)
    assert any(name.endswith(".sqlite3") for name in found)
    loose = {name: oct(mode) for name, mode in found.items() if mode & 0o077}
    assert loose == {}
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert "niet privé" not in done.stderr


def test_a_loose_data_dir_is_warned_about_in_dutch(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o755)
    (data / "oud.sqlite3").write_text("x")
    (data / "oud.sqlite3").chmod(0o644)
    done = run_bot("cases", "list", data_dir=data)
    assert done.returncode == 0
    assert "niet privé" in done.stderr and f"chmod -R go-rwx {data}" in done.stderr


def test_the_feedback_salt_lives_outside_the_database(tmp_path: Path) -> None:
    from bot.slack.deps import Deps
    from bot.slack.storage.tables import meta_table

    data = tmp_path / "data"
    settings = Settings(_env_file=None, bot_data_dir=data)
    deps = Deps.create(settings, kb=None)
    hashed = deps.feedback.hash_user("U0AMBTNR01")
    salt_file = data / SALT_FILE
    assert stat.S_IMODE(salt_file.stat().st_mode) == 0o600
    expected = hmac.new(bytes.fromhex(salt_file.read_text().strip()), b"U0AMBTNR01", hashlib.sha256)
    assert hashed == expected.hexdigest()
    with deps.feedback.engine.connect() as conn:
        assert conn.execute(select(meta_table)).all() == []
    assert feedback_salt(None, data) == feedback_salt(None, data)  # made once, then read back


def test_an_older_salt_in_the_database_moves_out_and_keeps_hashes(tmp_path: Path) -> None:
    from bot.slack.deps import Deps
    from bot.slack.storage.tables import connect, meta_table

    data = tmp_path / "data"
    settings = Settings(_env_file=None, bot_data_dir=data)
    old = "ab" * 32
    with connect(settings.db_url).begin() as conn:
        conn.execute(insert(meta_table).values(key="feedback_salt", value=old))
    deps = Deps.create(settings, kb=None)
    expected = hmac.new(bytes.fromhex(old), b"U0AMBTNR01", hashlib.sha256).hexdigest()
    assert deps.feedback.hash_user("U0AMBTNR01") == expected
    assert (data / SALT_FILE).read_text().strip() == old
    with deps.feedback.engine.connect() as conn:
        assert conn.execute(select(meta_table)).all() == []


def test_a_configured_salt_needs_no_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert feedback_salt("geheim-zout", data) == b"geheim-zout"
    assert not (data / SALT_FILE).exists()
