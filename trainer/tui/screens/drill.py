"""Drill: the conversation, a brief/persona panel, meters, the answer box and instant feedback.

The rules (branching, scoring, retries, logging) are the core's: this screen drives a
`DrillRecorder` and shows what it returns. Store calls run in workers; results come back as
messages.

Voice answers: ctrl+space starts listening (the model loads in a worker the first time and
stays for the session), ctrl+space again stops (or a silence, when the
`voice_stop_after_silence` setting is on); the spoken `Answer` (with word timings) goes
through `submit_answer` exactly as a typed one. The key shows in the footer only when a speech
model and a microphone are there. $TRAINER_VOICE_FROM_WAV (paths joined with the path
separator, one per answer) plays test recordings instead of the microphone.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from trainer.tui import render
from trainer.tui.widgets.answer_box import AnswerBox
from trainer.tui.widgets.voice_strip import VoiceStrip

if TYPE_CHECKING:
    from trainer.drill.recorder import DrillRecorder
    from trainer.drill.session import EndOfCall, ProspectTurn, TurnOutcome
    from trainer.drill.voice import Listening, SpokenTurn, VoiceInput
    from trainer.scenario.library import LoadedScenario
    from trainer.scoring.answer import Answer
    from trainer.settings import Settings
    from trainer.tui.app import TrainerApp


class Started(Message):
    def __init__(self, turn: ProspectTurn) -> None:
        super().__init__()
        self.turn = turn


class Answered(Message):
    def __init__(self, outcome: TurnOutcome, submitted_at: float) -> None:
        super().__init__()
        self.outcome = outcome
        self.submitted_at = submitted_at


class Retried(Message):
    def __init__(self, turn: ProspectTurn) -> None:
        super().__init__()
        self.turn = turn


class Ended(Message):
    """The rep ended the call early."""


class Failed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class VoiceChecked(Message):
    def __init__(self, usable: bool) -> None:
        super().__init__()
        self.usable = usable


class VoiceLoaded(Message):
    def __init__(self, voice: VoiceInput) -> None:
        super().__init__()
        self.voice = voice


class VoiceStarted(Message):
    def __init__(self, listening: Listening) -> None:
        super().__init__()
        self.listening = listening


class VoiceLevel(Message):
    def __init__(self, level: float) -> None:
        super().__init__()
        self.level = level


class VoicePartial(Message):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class VoiceDone(Message):
    """A test recording has played to its end (or the capture stopped itself)."""

    def __init__(self, listening: Listening) -> None:
        super().__init__()
        self.listening = listening


class VoiceHeard(Message):
    def __init__(self, spoken: SpokenTurn) -> None:
        super().__init__()
        self.spoken = spoken


class VoiceFailed(Message):
    def __init__(self, problem: str, fix: str) -> None:
        super().__init__()
        self.problem = problem
        self.fix = fix


WAV_ENV = "TRAINER_VOICE_FROM_WAV"


def _test_wavs() -> list[Path]:
    return [Path(p) for p in os.environ.get(WAV_ENV, "").split(os.pathsep) if p]


class Feedback(Static):
    """The coaching for one answer; shows the model answer on request."""

    def __init__(self, outcome: TurnOutcome, model_answer: str) -> None:
        super().__init__(classes="feedback")
        self.outcome = outcome
        self.model_answer = model_answer
        self.with_model = False

    def on_mount(self) -> None:
        self.border_title = f"Feedback · {render.score_text(self.outcome.result.score)}"
        self.redraw()

    def toggle_model(self) -> None:
        self.with_model = not self.with_model
        self.redraw()

    def redraw(self) -> None:
        self.update(render.feedback(self.outcome.result,
                                    self.model_answer if self.with_model else None))


class DrillScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "hint", "Hint", priority=True, id="drill.hint"),
        Binding("ctrl+o", "model_answer", "Model", priority=True, id="drill.model-answer"),
        Binding("ctrl+r", "retry", "Retry", priority=True, id="drill.retry"),
        Binding("ctrl+b", "toggle_brief", "Brief", priority=True, id="drill.brief"),
        Binding("escape", "end_call", "End call", priority=True, id="drill.end-call"),
        # once the call is over, the same key closes the screen
        Binding("escape", "close", "Close", priority=True, id="drill.end-call"),
        Binding("ctrl+n", "again", "Again", priority=True, id="drill.again"),
        # Push-to-talk: shown only when voice works; otherwise the same key says why not.
        Binding("ctrl+space,ctrl+@", "push_to_talk", "Speak", priority=True, id="drill.speak"),
        Binding("ctrl+space,ctrl+@", "voice_off", show=False, priority=True, id="drill.speak"),
    ]

    def __init__(self, loaded: LoadedScenario) -> None:
        super().__init__()
        self.loaded = loaded
        self.recorder: DrillRecorder | None = None
        self.busy = True  # until the attempt is started
        self.line_shown_at = 0.0
        self.last_feedback_ms: float | None = None  # typed answer → feedback on screen
        self.call_started = False  # the prospect's first line is on screen
        self.early_answer: Answer | None = None  # sent before the call had started
        self.voice_usable = False  # a model and a microphone (or test recordings) are there
        self.voice: VoiceInput | None = None  # loaded on the first ctrl+space, then kept
        self.voice_loading = False
        self.voice_stopping = False
        self.listening: Listening | None = None
        self.line_shown_real = 0.0  # time.monotonic() of the prospect's line (spoken pause)

    @property
    def trainer(self) -> TrainerApp:
        from trainer.tui.app import TrainerApp

        app = self.app
        assert isinstance(app, TrainerApp)
        return app

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        sc = self.loaded.scenario
        with Horizontal(id="drill-head"):
            yield Static(Content.assemble(
                (" Drill ", "bold reverse $accent"), " ", (sc.title, "bold"),
                (f"  {sc.kind.value} · {'★' * sc.difficulty}", "$text-muted")), id="drill-title")
            yield Static("", id="timer")
        with Horizontal(id="drill-body"):
            yield VerticalScroll(id="conversation")
            with Vertical(id="side"):
                yield Static(self._persona(), id="persona")
                yield Static(sc.brief, id="brief")
                yield Static("", id="meters")
        yield AnswerBox(self.trainer.clock.monotonic, id="answer")
        yield VoiceStrip(id="voice")
        yield Footer(compact=True)

    def _persona(self) -> Content:
        p = self.loaded.scenario.persona
        return Content.assemble(
            (p.name, "bold"),
            *(("\n" + x) for x in (p.role, p.company) if x),
            (f"\n{p.style}" if p.style else "", "$text-muted italic"),
        )

    def on_mount(self) -> None:
        self.query_one("#persona").border_title = "Prospect"
        self.query_one("#brief").border_title = "Brief"
        self.query_one("#meters").display = bool(self.loaded.scenario.state)
        self.query_one("#meters").border_title = "How it's going"
        answer = self.query_one(AnswerBox)
        answer.border_title = "Your answer"
        key = self.trainer.key_for
        answer.border_subtitle = (f"{key('answer.send', 'enter')} send · "
                                  f"{key('answer.new-line', 'ctrl+j')} new line")
        answer.focus()  # typing starts at once: keys pressed while the call starts are kept
        self.set_interval(1.0, self._tick)
        self.trainer.active_drill = self
        self.run_worker(self._start, thread=True, name="drill-start", exit_on_error=False)
        self.run_worker(self._check_voice, thread=True, name="voice-check", exit_on_error=False)

    def on_unmount(self) -> None:
        self._cancel_listening()
        self.abandon_now()
        if self.trainer.active_drill is self:
            self.trainer.active_drill = None

    # -- the core, in workers -------------------------------------------------------------

    def _start(self) -> None:
        from trainer.drill.recorder import DrillRecorder

        app = self.trainer
        assert app.store is not None
        seed = app.seed if app.seed is not None else int(time.time())
        try:
            self.recorder = DrillRecorder(self.loaded, app.store, rep=app.rep, seed=seed)
            self.post_message(Started(self.recorder.start()))
        except Exception as exc:
            self.post_message(Failed(str(exc)))

    def submit_answer(self, answer: Answer, audio_path: str | None = None) -> None:
        """Score and log one answer (typed or spoken), then show the feedback."""
        recorder = self.recorder
        if recorder is None or self.busy or recorder.session.current is None:
            return
        self.busy = True
        submitted_at = time.perf_counter()

        def work() -> None:
            try:
                outcome = recorder.answer(answer, audio_path=audio_path)
            except Exception as exc:
                self.post_message(Failed(str(exc)))
                return
            self.post_message(Answered(outcome, submitted_at))

        self.run_worker(work, thread=True, name="drill-answer", exit_on_error=False)

    # -- voice, in workers ------------------------------------------------------------------

    def _check_voice(self) -> None:
        """Cheap checks only (no model load): is there a model and a microphone?"""
        from trainer.speech.api import model_for
        from trainer.speech.errors import SpeechError
        from trainer.speech.sources import MicrophoneSource

        try:
            info = model_for(self.loaded.scenario.language)
            if not _test_wavs():
                MicrophoneSource(self._settings().input_device, info.sample_rate)
        except (SpeechError, OSError):
            self.post_message(VoiceChecked(False))
            return
        self.post_message(VoiceChecked(True))

    def _load_voice(self) -> None:
        from trainer.drill.voice import VoiceInput
        from trainer.speech.errors import SpeechError

        scenario = self.loaded.scenario
        try:
            voice = VoiceInput.from_settings(scenario.language, self.trainer.rep,
                                             phrases=scenario.phrases, wav_files=_test_wavs(),
                                             settings=self._settings())
        except SpeechError as exc:
            self.post_message(VoiceFailed(exc.problem, exc.fix))
            return
        self.post_message(VoiceLoaded(voice))

    def _settings(self) -> Settings:
        """The app's settings (loaded before any drill opens; the defaults otherwise)."""
        from trainer.settings import Settings

        return self.trainer.settings or Settings()

    def _listen(self, voice: VoiceInput, name: str) -> None:
        from trainer.speech.errors import SpeechError

        def partial(text: str) -> None:  # these run on the capture's thread
            self.post_message(VoicePartial(text))

        def level(value: float) -> None:
            self.post_message(VoiceLevel(value))

        try:
            listening = voice.listen(name, on_partial=partial, on_level=level)
        except SpeechError as exc:
            self.post_message(VoiceFailed(exc.problem, exc.fix))
            return
        self.post_message(VoiceStarted(listening))
        listening.done.wait()  # set by a test recording's end or the capture stopping itself
        self.post_message(VoiceDone(listening))

    def _stop_listening(self, listening: Listening, asked_at: float) -> None:
        from trainer.speech.errors import SpeechError

        listening.done.set()  # ends the worker waiting in _listen
        try:
            self.post_message(VoiceHeard(listening.stop(asked_at)))
        except SpeechError as exc:
            self.post_message(VoiceFailed(exc.problem, exc.fix))

    def _cancel_listening(self) -> None:
        listening, self.listening = self.listening, None
        if listening is not None:
            listening.done.set()  # ends the waiting worker
            listening.cancel()
            self.query_one(VoiceStrip).hide()

    # -- voice messages ---------------------------------------------------------------------

    def on_voice_checked(self, message: VoiceChecked) -> None:
        self.voice_usable = message.usable
        self.refresh_bindings()

    def on_voice_loaded(self, message: VoiceLoaded) -> None:
        self.voice = message.voice
        self.voice_loading = False
        self.query_one(VoiceStrip).hide()
        self.action_push_to_talk()

    def on_voice_started(self, message: VoiceStarted) -> None:
        if self.listening is not None or self.busy:  # typed meanwhile, or already listening
            message.listening.done.set()
            message.listening.cancel()
            return
        self.listening = message.listening
        self.query_one(VoiceStrip).listening(message.listening.capture.silence_stop_s)

    def on_voice_level(self, message: VoiceLevel) -> None:
        if self.listening is not None:
            self.query_one(VoiceStrip).set_level(message.level)

    def on_voice_partial(self, message: VoicePartial) -> None:
        if self.listening is not None:
            self.query_one(VoiceStrip).set_partial(message.text)

    def on_voice_done(self, message: VoiceDone) -> None:
        listening = message.listening
        if self.listening is listening and (listening.file_source is not None
                                            or listening.capture.auto_stopped.is_set()):
            self.action_push_to_talk()  # silence after the answer, or a test recording's end

    def on_voice_heard(self, message: VoiceHeard) -> None:
        self.voice_stopping = self.busy = False
        self.query_one(VoiceStrip).hide()
        spoken = message.spoken
        if spoken.answer is None:
            self.notify("Nothing was heard: press ctrl+space and speak, or type your answer.",
                        timeout=5)
            return
        wav = str(spoken.wav_path) if spoken.wav_path is not None else None
        self.submit_answer(spoken.answer, audio_path=wav)

    def on_voice_failed(self, message: VoiceFailed) -> None:
        self.voice_loading = False
        if self.voice_stopping:  # the answer was lost: the rep answers again (or types)
            self.voice_stopping = self.busy = False
        self.listening = None
        self.query_one(VoiceStrip).hide()
        self.notify(f"{message.problem}\nFix: {message.fix}\nYou can type your answer.",
                    title="Voice problem", severity="error", timeout=15)

    # -- messages from the workers --------------------------------------------------------

    def on_started(self, message: Started) -> None:
        self.busy = False
        self.call_started = True
        self._show_prospect(message.turn.line, keep_typed=True)
        self._draw_meters()
        early, self.early_answer = self.early_answer, None
        if early is not None:
            self.submit_answer(early)

    def on_answered(self, message: Answered) -> None:
        outcome = message.outcome
        self.busy = False
        step = self.loaded.scenario.step(outcome.step_id)
        self._say(Static(Content.assemble(("You: ", "bold"),
                                          render.highlight(outcome.answer.text, outcome.result)),
                         classes="rep"))
        self._say(Feedback(outcome, step.model_answer))
        self._draw_meters()
        from trainer.drill.session import EndOfCall

        if isinstance(outcome.next, EndOfCall):
            self._show_end(outcome.next)
        else:
            self._show_prospect(outcome.next.line)
        self.call_after_refresh(self._feedback_shown, message.submitted_at)

    def _feedback_shown(self, submitted_at: float) -> None:
        self.last_feedback_ms = (time.perf_counter() - submitted_at) * 1000

    def on_retried(self, message: Retried) -> None:
        self.busy = False
        for widget in self.query("#conversation .summary"):
            widget.remove()
        answered = list(self.query("#conversation .rep, #conversation .feedback"))
        for widget in answered[-2:]:
            widget.add_class("retried")
        self._say(Static(Content.styled("Retry: answer the same line again. The earlier answer "
                                        "stays in your log but no longer counts.", "$text-muted"),
                         classes="note"))
        self._draw_meters()
        self._show_prospect(message.turn.line)

    def on_ended(self, _: Ended) -> None:
        self.busy = False
        self._show_end(None)

    def on_failed(self, message: Failed) -> None:
        self.busy = False
        self.notify(message.error, title="Drill problem", severity="error", timeout=20)

    # -- showing ---------------------------------------------------------------------------

    def _say(self, widget: Static) -> None:
        conversation = self.query_one("#conversation", VerticalScroll)
        conversation.mount(widget)
        conversation.scroll_end(animate=False)

    def _show_prospect(self, line: str, keep_typed: bool = False) -> None:
        """The prospect's next line; `keep_typed` keeps what the rep typed while the call was
        starting (the pause is then zero: they were already answering)."""
        self.refresh_bindings()
        name = self.loaded.scenario.persona.name
        self._say(Static(Content.assemble((f"{name}: ", "bold $accent"), line), classes="prospect"))
        box = self.query_one(AnswerBox)
        box.disabled = False
        box.read_only = False
        if keep_typed and box.text:
            box.first_key_at = self.trainer.clock.monotonic()
        else:
            box.reset()
        box.focus()
        self.line_shown_at = self.trainer.clock.monotonic()
        self.line_shown_real = time.monotonic()
        self._tick()

    def _show_end(self, end: EndOfCall | None) -> None:
        self.refresh_bindings()
        recorder = self.recorder
        assert recorder is not None
        box = self.query_one(AnswerBox)
        box.reset()
        box.read_only = True
        box.disabled = True
        name = self.loaded.scenario.persona.name
        session = recorder.session
        parts: list[Content | str | tuple[str, str]] = []
        if end is not None and end.line:
            parts += [(f"{name}: ", "bold $accent"), end.line, "\n\n"]
        if end is not None:
            parts += [("Call over: ", "bold"), render.outcome(end.outcome.value)]
        else:
            parts += [("Call ended early", "bold"), " (your answers so far are kept)"]
        score = session.score
        parts += ["   ", ("Score ", "bold"),
                  (render.score_text(score), render.score_style(score)),
                  (f"   {_answers(len(session.counted_turns))}", "$text-muted")]
        if end is not None and end.summary:
            parts += ["\n", end.summary]
        key = self.trainer.key_for
        keys = (f"{key('drill.retry', 'ctrl+r')} retry the last answer · "
                f"{key('drill.again', 'ctrl+n')} drill again · "
                f"{key('drill.end-call', 'escape')} close")
        parts += ["\n", (keys, "$text-muted")]
        summary = Static(Content.assemble(*parts), classes="summary")
        summary.border_title = "Summary"
        self._say(summary)
        self._tick()

    def _draw_meters(self) -> None:
        meters = self.loaded.scenario.state
        if not meters or self.recorder is None:
            return
        state = self.recorder.session.state
        lines = []
        for name, meter in meters.items():
            value = state.get(name, meter.start)
            span = (meter.max - meter.min) or 1.0
            lines.append(Content.assemble(
                (f"{meter.label or name} ", "bold"),
                render.bar((value - meter.min) / span, 10), f" {value:.0f}"))
        self.query_one("#meters", Static).update(Content("\n").join(lines))

    def _tick(self) -> None:
        timer = self.query_one("#timer", Static)
        recorder = self.recorder
        if recorder is None or recorder.session.current is None:
            timer.update("")
            return
        waited = self.trainer.clock.monotonic() - self.line_shown_at
        timer.update(Content.assemble(("since their line ", "$text-muted"),
                                      (render.clock_face(waited), "bold")))

    # -- keys -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that cannot act right now are shown dimmed in the footer."""
        recorder = self.recorder
        session = recorder.session if recorder is not None else None
        available = {
            "hint": session is not None and session.current is not None,
            "retry": session is not None and session.can_retry,
            "model_answer": bool(session is not None and session.turns),
            "again": recorder is not None and recorder.finished,
        }
        if action in ("push_to_talk", "voice_off"):  # False hides the key from the footer
            return self.voice_usable == (action == "push_to_talk")
        if action in ("end_call", "close"):  # esc ends the call, then closes the screen
            over = recorder is not None and recorder.finished
            return over == (action == "close")
        return available.get(action, True) or None

    @on(AnswerBox.Submitted)
    def _typed(self, event: AnswerBox.Submitted) -> None:
        text = event.text.strip()
        if not text:
            self.notify("Type your answer first, then press enter.", timeout=3)
            return
        now = self.trainer.clock.monotonic()
        first = event.box.first_key_at
        from trainer.scoring.answer import Answer

        self._cancel_listening()  # typing wins over a capture left running
        answer = Answer.typed_at(text, first_key_at=first, sent_at=now,
                                 line_shown_at=self.line_shown_at if self.call_started else None)
        if not self.call_started:  # the call is still starting: send it once it has
            self.early_answer = answer
            event.box.read_only = True
            return
        self.submit_answer(answer)

    def action_hint(self) -> None:
        recorder = self.recorder
        if recorder is None or recorder.session.current is None:
            return
        self._say(Static(Content.assemble(("Hint: ", "bold $warning"), recorder.hint()),
                         classes="hint"))

    def action_model_answer(self) -> None:
        shown = list(self.query(Feedback))
        if not shown:
            self.notify("Answer first; the model answer then appears under your feedback.",
                        timeout=4)
            return
        shown[-1].toggle_model()
        self.query_one("#conversation", VerticalScroll).scroll_end(animate=False)

    def action_retry(self) -> None:
        recorder = self.recorder
        if recorder is None or self.busy or not recorder.session.can_retry:
            self.notify("Nothing to retry yet: answer first.", timeout=3)
            return
        self.busy = True

        def work() -> None:
            try:
                self.post_message(Retried(recorder.retry()))
            except Exception as exc:
                self.post_message(Failed(str(exc)))

        self.run_worker(work, thread=True, name="drill-retry", exit_on_error=False)

    def action_end_call(self) -> None:
        recorder = self.recorder
        if recorder is None or recorder.finished:
            self.dismiss(None)
            return
        if self.busy:
            return
        self.busy = True

        def work() -> None:
            try:
                recorder.abandon()
            except Exception as exc:
                self.post_message(Failed(str(exc)))
                return
            self.post_message(Ended())

        self.run_worker(work, thread=True, name="drill-end", exit_on_error=False)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_again(self) -> None:
        recorder = self.recorder
        if recorder is None or not recorder.finished:
            self.notify("Finish or end this call first (esc).", timeout=3)
            return
        app = self.trainer
        self.dismiss(None)
        app.open_drill(self.loaded)

    def action_toggle_brief(self) -> None:
        side = self.query_one("#side")
        side.display = not side.display

    def action_push_to_talk(self) -> None:
        """Start listening (loading the model the first time), or stop and submit."""
        listening = self.listening
        if listening is not None:
            self.listening = None
            self.voice_stopping = self.busy = True
            self.query_one(VoiceStrip).loading_text("Working out what you said…")
            self.run_worker(lambda: self._stop_listening(listening, self.line_shown_real),
                            thread=True, name="voice-stop", exit_on_error=False)
            return
        recorder = self.recorder
        if recorder is None or self.busy or recorder.session.current is None:
            return
        if self.voice_loading:
            return
        if self.voice is None:
            self.voice_loading = True
            self.query_one(VoiceStrip).loading_text("Loading speech model…")
            self.run_worker(self._load_voice, thread=True, name="voice-load", exit_on_error=False)
            return
        voice, name = self.voice, f"{recorder.attempt.id}-{len(recorder.session.turns) + 1}"
        self.run_worker(lambda: self._listen(voice, name), thread=True, name="voice-listen",
                        exit_on_error=False)

    def action_voice_off(self) -> None:
        """ctrl+space when voice cannot work here: say so (typing works as ever)."""
        self.notify("Voice answers need a speech model for this scenario's language and a "
                    "microphone (see `trainer speech check`). Type your answer.", timeout=6)

    def abandon_now(self) -> None:
        """The app is closing mid-call: keep the answers, mark the attempt ended early."""
        recorder = self.recorder
        if recorder is not None and not recorder.finished and self.trainer.store is not None:
            try:
                recorder.abandon()
            except Exception as exc:  # closing anyway: the log marks it unfinished later
                self.log.error(f"could not mark the attempt as ended early: {exc}")


def _answers(count: int) -> str:
    return f"{count} answer" + ("" if count == 1 else "s")
