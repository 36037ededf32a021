"""A scenario author is told when a scenario cannot work as written: a model answer that
fails its own step, a folder with nothing in it, a scenario with nothing to test."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from trainer.cli import main

# Two examples and one path (from the QA pass): the path shows too little, and the model
# answer of the opener asks permission but gives no reason, so it scores 50 and hangs up.
OPENER = """\
id: ex/opener
version: 1
title: Cold call opener
kind: cold_call
difficulty: 2
persona: {name: Sam Lee, role: IT Manager, company: Acme}
brief: You call Sam cold about backup software.
steps:
  - id: open
    prospect: "Hello, Sam speaking."
    rubric:
      - use: permission-opener
      - use: reason-for-call
    model_answer: "Hi Sam, it's Alex from Backly. Do you have thirty seconds?"
    examples:
      - answer: "Hi Sam, I'm calling because restores are slow. Got a minute?"
        expect: {score_at_least: 70, goto: pitch}
      - answer: "the the the"
        expect: {score_at_most: 20, goto: hung-up}
    next:
      - when: {score_at_least: 60}
        goto: pitch
      - goto: hung-up
  - id: pitch
    prospect: "OK, go on."
    rubric:
      - use: value-for-buyer
    model_answer: "We cut restore times in half for teams like yours, so you lose no day."
    next:
      - goto: booked
endings:
  booked: {outcome: win, prospect: "Sure.", summary: Booked.}
  hung-up: {outcome: loss, prospect: "Bye.", summary: Lost.}
paths:
  - name: good
    answers:
      - "Hi Sam, I'm calling because restores are slow. Got a minute?"
      - "We cut restore times in half for teams like yours, so you lose no day."
    ending: booked
"""


TECHNIQUE = """\
techniques:
  - name: mention-case-study
    description: Backs a claim with a short, real customer example.
    phrases: ["a customer of ours", "one of our clients", "case study"]
"""


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, "utf-8")
    return path


def test_test_scenarios_counts_what_held_and_names_coverage_problems_apart(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path / "ex", "opener.yaml", OPENER)
    code, out, err = _run("test-scenarios", str(path))
    assert code == 1
    assert out.count(": paths: ") == 3  # the path coverage problems, each on its own line
    assert err == (
        "2 examples, 1 path and 2 model answers in 1 scenario: 4 as expected, 1 mismatch,"
        " 3 path coverage problems.\n"
    )


def test_a_model_answer_that_fails_its_own_step_is_reported_where_it_is_written(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path / "ex", "opener.yaml", OPENER)
    _, out, _ = _run("test-scenarios", str(path))
    [line] = [x for x in out.splitlines() if "].model_answer:" in x]
    assert line == (
        f"{path}:14:19: steps[0].model_answer: the model answer scores 50, below the 70 of a"
        " good answer; a call of model answers ends here at 'hung-up' (a loss) (passed:"
        " permission-opener; missed: reason-for-call); reword the model answer or the rubric"
    )


def test_a_good_model_answer_passes(tmp_path: Path) -> None:
    fixed = OPENER.replace(
        'model_answer: "Hi Sam, it\'s Alex from Backly. Do you have thirty seconds?"',
        'model_answer: "Hi Sam, I\'m calling because restores are slow. Got a minute?"',
    )
    path = _write(tmp_path / "ex", "opener.yaml", fixed)
    _, out, err = _run("test-scenarios", str(path))
    assert "].model_answer:" not in out
    assert "5 as expected, 0 mismatches, 3 path coverage problems." in err


def test_test_scenarios_with_nothing_to_test_says_so_and_fails(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = _run("test-scenarios", str(empty))
    assert code == 1
    assert out == (
        f"{empty}:1:1: no scenario files in this folder (a scenario file's name ends in .yaml"
        " or .yml); is it the right folder?\n"
    )
    assert err == "Nothing tested: 1 file error.\n"
    only_techniques = tmp_path / "mine"
    _write(only_techniques / "techniques", "team.yaml", TECHNIQUE)
    code, out, err = _run("test-scenarios", str(only_techniques))
    assert (code, out) == (1, "")
    assert err == (
        f"trainer: no scenario to test in {only_techniques}; name scenario files or folders"
        " that hold them\n"
    )


def test_validate_of_a_folder_without_scenario_files_says_so_and_fails(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = _run("validate", str(empty))
    assert code == 1
    assert out.endswith(
        "no scenario files in this folder (a scenario file's name ends in .yaml"
        " or .yml); is it the right folder?\n"
    )
    assert err == "Checked 0 files: 1 error.\n"
    upper = tmp_path / "upper"
    _write(upper, "x.YAML", OPENER)
    code, out, _ = _run("validate", str(upper))
    assert code == 1
    assert out == (
        f"{upper}:1:1: no scenario files in this folder (a scenario file's name ends in .yaml"
        " or .yml); rename x.YAML to end in lowercase .yaml\n"
    )


def test_phrases_that_match_nearly_every_answer_are_refused(tmp_path: Path) -> None:
    vague = OPENER.replace(
        "      - use: reason-for-call\n",
        '      - use: reason-for-call\n        more_phrases: ["the", "you"]\n'
        '      - id: no-e\n        avoid: ["e"]\n',
    )
    path = _write(tmp_path / "ex", "opener.yaml", vague)
    code, out, _ = _run("validate", str(path))
    assert code == 1
    assert out.splitlines() == [
        f"{path}:14:24: steps[0].rubric[1].more_phrases[0]: phrase 'the' is a word nearly"
        " every answer holds, so this criterion would pass nearly every answer; write the"
        ' words that show the move (e.g. "fair point")',
        f"{path}:14:31: steps[0].rubric[1].more_phrases[1]: phrase 'you' is a word nearly"
        " every answer holds, so this criterion would pass nearly every answer; write the"
        ' words that show the move (e.g. "fair point")',
        f"{path}:16:17: steps[0].rubric[2].avoid[0]: phrase 'e' is a single letter, which no"
        " answer says as a word, so it can never match; write the words to look for",
    ]


def test_a_technique_phrase_that_matches_nearly_every_answer_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    path = _write(folder / "techniques", "team.yaml", TECHNIQUE.replace('"case study"', '"a"'))
    code, out, _ = _run("validate", str(folder))
    assert code == 1
    assert out.startswith(
        f"{path}:4:59: techniques[0].phrases[2]: phrase 'a' is a word nearly every"
    )


def test_a_scenario_without_examples_or_paths_is_named(tmp_path: Path) -> None:
    head, rest = OPENER.split("    examples:\n")
    bare = head + rest.split("expect: {score_at_most: 20, goto: hung-up}\n")[1]
    bare = bare.split("paths:")[0]
    path = _write(tmp_path / "ex", "opener.yaml", bare)
    _, out, _ = _run("test-scenarios", str(path))
    assert (
        f"{path}:9:3: warning: ex/opener has no examples and no paths, so only its model"
        " answers were tested; add a good and a poor `examples` answer to each step"
    ) in out
