"""Small real document sets for indexing tests (the bundled model embeds them in seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings

DOCS = {
    "fusie.txt": "Ambtelijke fusie\n\nBij een ambtelijke fusie gaan de ambtelijke organisaties van twee of "
    "meer gemeenten op in één werkorganisatie. De gemeenteraden blijven zelfstandig.",
    "centrum.txt": "Centrumgemeente\n\nEen centrumgemeente voert taken uit voor omliggende gemeenten, "
    "bijvoorbeeld de uitvoering van de Participatiewet.",
    "ssc.md": "---\ntitle: Shared service center\n---\nIn een shared service center bundelen gemeenten "
    "bedrijfsvoeringstaken zoals ICT, inkoop en salarisadministratie.",
}


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    root = tmp_path / "knowledge"
    (root / "sources").mkdir(parents=True)
    (root / "cases").mkdir()
    for name, text in DOCS.items():
        (root / "sources" / name).write_text(text, encoding="utf-8")
    (root / "sources.yaml").write_text('fusie.txt:\n  title: "Notitie ambtelijke fusie"\n', encoding="utf-8")
    return root


@pytest.fixture
def settings(knowledge_dir: Path, tmp_path: Path) -> Settings:
    return Settings(_env_file=None, bot_data_dir=tmp_path / "data", knowledge_dir=knowledge_dir)
