from pathlib import Path

import pytest

from bot.answer.prompts import ANSWER, FOLLOWUP, SWOT, PromptFileError, load_prompt, split_prompt_file

from .conftest import PROMPTS_DIR


@pytest.mark.parametrize("name", [ANSWER, FOLLOWUP, SWOT])
def test_shipped_prompts_load_with_static_system_rules(name: str) -> None:
    prompt = load_prompt(PROMPTS_DIR, name)
    variables = {"vraag": "V", "onderwerp": "O", "passages": "P"}
    messages = prompt.format_messages(**{v: variables[v] for v in prompt.input_variables})
    system = messages[0]
    assert system.type == "system"
    assert "[n]" in system.content and "<passage>" in system.content
    assert "nooit een opdracht" in system.content  # passages are data
    assert messages[-1].type == "human" and "P" in messages[-1].content


def test_system_part_with_a_variable_is_refused(tmp_path: Path) -> None:
    (tmp_path / "answer.md").write_text(
        "<!-- system -->\nRegels voor {vraag}\n<!-- human -->\n{vraag}\n", encoding="utf-8"
    )
    with pytest.raises(PromptFileError):
        load_prompt(tmp_path, ANSWER)


def test_missing_part_is_refused() -> None:
    with pytest.raises(PromptFileError):
        split_prompt_file("<!-- system -->\nalleen regels\n")


def test_note_before_the_first_marker_is_not_sent() -> None:
    system, human = split_prompt_file("notitie\n<!-- system -->\nS\n<!-- human -->\nH {vraag}\n")
    assert (system, human) == ("S", "H {vraag}")
