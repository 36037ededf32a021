"""One attempt: the full transcript with evidence per turn and the model answers.

Spoken answers show their recording under the answer ("▶ recording 4.2 s"): `[` and `]`
pick one, `p` plays it (in a thread worker) and `p` or `s` stops it.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from trainer.safe_text import display
from trainer.tui import render
from trainer.tui.app import DataScreen
from trainer.tui.keys import bindings
from trainer.tui.pair_text import observer_lines
from trainer.tui.widgets import transcript
from trainer.tui.widgets.footer import Footer
from trainer.tui.widgets.notes import notes_content
from trainer.words import answerer, tag_word

if TYPE_CHECKING:
    from trainer.scenario.models import Scenario
    from trainer.speech.playback import Playback, RecordingInfo
    from trainer.store.records import AttemptDetail, AttemptRecord, PairNote

NO_RECORDINGS_TYPED = "This attempt has no recordings: answers were typed."
NO_RECORDINGS_OFF = (
    "This attempt has no recordings: recording was off when it was practised "
    "(turn it on with: trainer config set record_audio true)."
)


@dataclass(slots=True)
class AttemptData:
    detail: AttemptDetail | None
    best: AttemptRecord | None
    recordings: dict[str, RecordingInfo] = field(default_factory=dict)  # turn id → recording
    facts: list[tuple[bool, str]] = field(default_factory=list)  # (uncovered, line)
    facts_tally: str | None = None


@dataclass(slots=True)
class PlayRequest:
    """A recording asked to play; `playback` is set by the worker once the output is open."""

    turn_id: str
    path: str
    stop: threading.Event = field(default_factory=threading.Event)
    playback: Playback | None = None

    def cancel(self) -> None:
        self.stop.set()
        playback = self.playback
        if playback is not None:
            playback.stop()


class PlaybackEnded(Message):
    def __init__(
        self, request: PlayRequest, problem: str | None = None, fix: str | None = None
    ) -> None:
        super().__init__()
        self.request = request
        self.problem = problem
        self.fix = fix


class AttemptScreen(DataScreen[AttemptData]):
    PROBLEM_AT = "#attempt-head"
    BINDINGS: ClassVar[list[BindingType]] = bindings("attempt")
    DEFAULT_CSS = """
    AttemptScreen #transcript > .recording { padding-left: 5; }
    AttemptScreen #transcript > .recording.-selected { background: $boost; }
    """

    def __init__(self, attempt_id: str) -> None:
        super().__init__()
        self.attempt_id = attempt_id
        self.data: AttemptData | None = None
        self.selected = 0  # index into `spoken`
        self.playing: PlayRequest | None = None
        self._tick: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static("Loading the attempt…", id="attempt-head")
        yield VerticalScroll(id="transcript")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#transcript").focus()

    def fetch(self) -> AttemptData:
        from trainer.practice.rules import best_attempt

        app = self.trainer
        assert app.store is not None
        detail = app.store.attempt(self.attempt_id)
        if detail is None:
            return AttemptData(None, None)
        a = detail.attempt
        best = best_attempt(app.store.history(rep=a.rep, scenario_id=a.scenario_id))
        recordings = {}
        if any(t.audio_path for t in detail.turns):
            from trainer.speech.playback import recording_info

            recordings = {t.id: recording_info(t.audio_path) for t in detail.turns if t.audio_path}
        data = AttemptData(detail, best, recordings)
        loaded = app.library.scenarios.get(a.scenario_id) if app.library else None
        if loaded is not None:
            from trainer.drill.debrief import fact_lines, facts_tally
            from trainer.drill.pair import FACTS_NOT_CHECKED, facts_unchecked
            from trainer.drill.replay import attempt_facts

            statuses = attempt_facts(loaded.scenario, detail)
            data.facts, data.facts_tally = fact_lines(statuses), facts_tally(statuses)
            if data.facts_tally is not None and facts_unchecked(detail):
                data.facts, data.facts_tally = [], FACTS_NOT_CHECKED
        return data

    def show(self, data: AttemptData) -> None:
        self.data = data
        head = self.query_one("#attempt-head", Static)
        if data.detail is None:
            head.update("This attempt is no longer in the log.")
            self.run_worker(self._fill([]), exclusive=True, group="transcript")
            return
        attempt = data.detail.attempt
        library = self.trainer.library
        loaded = library.scenarios.get(attempt.scenario_id) if library else None
        extra = ""
        if loaded is None:
            extra = "\nThis scenario is no longer in the library: model answers are not shown."
        elif loaded.sha256 != attempt.scenario_hash:
            extra = "\nThe scenario file has changed since: model answers are today's version."
        if data.best is not None and data.best.id == attempt.id:
            extra += f"\nThis is {self._whose()} best attempt on this scenario."
        pair = data.detail.pair
        observed: list[Content] = []
        if pair is not None:
            scenario = loaded.scenario if loaded is not None else None
            extra += pair_summary(pair, scenario)
            observed = observer_lines(pair, scenario)
            if observed:
                observed.insert(
                    0, Content.styled("\nObservers' ticks beside the partner's\n", "bold")
                )
        head.update(
            Content.assemble(
                transcript.header(attempt),
                (extra, "$text-muted"),
                *observed,
                notes_content(data.detail),
            )
        )
        name = loaded.scenario.persona.label if loaded else "Prospect"
        rep = answerer(attempt.rep, self.trainer.rep)
        widgets = transcript.turn_widgets(
            data.detail, loaded, name, recordings=data.recordings, rep=rep
        )
        if data.facts_tally is not None:
            parts: list[str | tuple[str, str]] = [(data.facts_tally, "bold")]
            for uncovered, line in data.facts:
                parts += ["\n", (display(line), "$success" if uncovered else "$warning")]
            widgets.append(Static(Content.assemble(*parts), id="attempt-facts"))
        self.selected = min(self.selected, max(0, len(self.spoken) - 1))
        self.refresh_bindings()
        self.run_worker(self._fill(widgets), exclusive=True, group="transcript")

    async def _fill(self, widgets: Sequence[Widget]) -> None:
        """The transcript's widgets in place of the last reading's. The old ones must be
        gone before the new mount: they share ids ("attempt-facts", "rec-…"), and the view
        is read again each time it comes back (from help, the palette, Compare)."""
        body = self.query_one("#transcript", VerticalScroll)
        await body.remove_children()
        await body.mount_all(widgets)
        self._draw_recordings()

    # -- recordings ---------------------------------------------------------------------

    @property
    def spoken(self) -> list[str]:
        """Ids of the turns with a recording, in the order answered."""
        data = self.data
        if data is None or data.detail is None:
            return []
        return [t.id for t in data.detail.turns if t.id in data.recordings]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        count = len(self.spoken)
        if action == "play":
            return count > 0
        if action == "no_recordings":
            return count == 0
        if action == "select_recording":
            return count > 1
        return True

    def _draw_recordings(self) -> None:
        data = self.data
        if data is None:
            return
        spoken = self.spoken
        for n, turn_id in enumerate(spoken):
            found = self.query(f"#rec-{turn_id}")
            if not found:
                continue
            line = found.first(Static)
            playing = None
            request = self.playing
            if request is not None and request.turn_id == turn_id:
                playback = request.playback
                length = data.recordings[turn_id].seconds or 0.0
                playing = (playback.position_s if playback else 0.0, length)
            selected = n == self.selected
            line.update(transcript.recording_line(data.recordings[turn_id], selected, playing))
            line.set_class(selected and len(spoken) > 1, "-selected")

    def action_select_recording(self, step: int) -> None:
        spoken = self.spoken
        if not spoken:
            return
        self.selected = (self.selected + step) % len(spoken)
        self._draw_recordings()
        for line in self.query(f"#rec-{spoken[self.selected]}"):
            line.scroll_visible()

    def action_no_recordings(self) -> None:
        data = self.data
        if data is None or data.detail is None:
            return
        kinds = {t.input_kind for t in data.detail.turns}
        typed = not data.detail.turns or kinds == {"typed"}
        self.notify(NO_RECORDINGS_TYPED if typed else NO_RECORDINGS_OFF, timeout=6)

    def action_play(self) -> None:
        """Play the selected recording, or stop the one playing."""
        if self.playing is not None:
            self.action_stop_playing()
            return
        data = self.data
        spoken = self.spoken
        if data is None or not spoken:
            return
        turn_id = spoken[self.selected]
        request = PlayRequest(turn_id, str(data.recordings[turn_id].path))
        self.playing = request
        self._tick = self.set_interval(0.2, self._draw_recordings)
        self._draw_recordings()
        self.run_worker(
            lambda: self._play(request),
            thread=True,
            name="playback",
            group="playback",
            exit_on_error=False,
        )

    def action_stop_playing(self) -> None:
        if self.playing is not None:
            self.playing.cancel()

    def _play(self, request: PlayRequest) -> None:
        """Runs in a thread: open the output, play to the end or until stopped."""
        from trainer.speech.errors import SpeechError
        from trainer.speech.playback import Playback

        try:
            playback = Playback(request.path)
            request.playback = playback
            if not request.stop.is_set():
                playback.run()
        except SpeechError as exc:
            self.post_message(PlaybackEnded(request, exc.problem, exc.fix))
        except Exception as exc:  # an unexpected PortAudio failure: still no traceback
            self.post_message(
                PlaybackEnded(
                    request,
                    f"cannot play the recording ({exc})",
                    "open the recording in any audio player",
                )
            )
        else:
            self.post_message(PlaybackEnded(request))

    def on_playback_ended(self, message: PlaybackEnded) -> None:
        if message.request is not self.playing:
            return
        self.playing = None
        if self._tick is not None:
            self._tick.stop()
            self._tick = None
        self._draw_recordings()
        if message.problem is not None:
            self.notify(
                display(f"{message.problem}\nFix: {message.fix}"),
                title="Cannot play",
                severity="error",
                timeout=15,
                markup=False,
            )

    def on_unmount(self) -> None:
        self.action_stop_playing()

    def action_back(self) -> None:
        self.action_stop_playing()
        self.dismiss(None)

    def action_compare(self) -> None:
        data = self.data
        if data is None or data.detail is None:
            return
        if data.best is None:  # only a call played to its end is a best (practice.rules)
            self.notify(
                f"No best yet on this scenario: {self._whose()} best is a call played to its end.",
                timeout=4,
            )
            return
        if data.best.id == data.detail.attempt.id:
            self.notify(
                f"This is already {self._whose()} best attempt on this scenario.", timeout=4
            )
            return
        from trainer.tui.screens.compare import CompareScreen

        self.action_stop_playing()
        self.app.push_screen(CompareScreen(data.detail.attempt.id, data.best.id, self._whose()))

    def _whose(self) -> str:
        """ "your", or "Alex Kim's" for a manager reading a rep's attempt from Team."""
        from trainer.words import whose

        data = self.data
        if data is None or data.detail is None:
            return "your"
        return whose(data.detail.attempt.rep, self.trainer.rep)


def pair_summary(note: PairNote, scenario: Scenario | None = None) -> str:
    """A pair call's notes under the attempt's header (plain text; shown as text): the
    moves named as the checklist names them."""
    from trainer.drill.pair import branch_place, move_names

    observer = f", observed by {note.observer}" if note.observer else ""
    lines = [
        f"\nPair call: {note.partner} played the prospect{observer}"
        f" ({render.clock_face(note.partner_seconds)} of partner practice)."
    ]
    if note.auto_score is not None:
        lines.append(
            f"Partner's score {render.score_text(note.human_score)}, "
            f"scorer's {render.score_text(note.auto_score)}."
        )
    for turn in note.turns:
        where = branch_place(scenario, turn.branch)
        lines.append(
            f"Answer {turn.seq}: ticked "
            f"{', '.join(move_names(scenario, turn.step_id, turn.ticks)) or 'nothing'}"
            f"{f' → {where}' if where else ''}."
        )
    if note.tags:
        lines.append(
            "Tags: "
            + ", ".join(f"{tag_word(t.kind)} {render.clock_face(t.at_s)}" for t in note.tags)
        )
    if note.comment:
        lines.append(f"Comment: {note.comment}")
    return display("\n".join(lines))
