"""How well the grader agrees with human grades, next to a naive baseline.

Reads JSON Lines of ``{"question": ID, "answer": TEXT, "grade": 0-4, "kind": K}``,
grades every answer with our grader and with a naive substring matcher, and prints for
both: Spearman rho between score and human grade, pass accuracy (a human pass is grade
>= 3), precision and recall of ``passed``, the false-pass rate on adversarial answers,
and the same per kind; then, for our grader, pass rates by group of kinds next to the
aims of issue 13. Without ``--data`` it reports both shipped sets: the team's
(graded_answers.jsonl) and the blind one, written and graded by someone who had not
seen the hints (graded_answers_blind.jsonl).

    python bench/grading_eval.py [--data PATH ...] [--bank DIR] [--show-errors]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.bank.loader import BankError, load_bank
from bot.bank.models import Bank, Question
from bot.grading import PASS_THRESHOLD, Grader
from bot.grading.normalise import stem

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "tests" / "data" / "graded_answers.jsonl"
DEFAULT_BLIND = ROOT / "tests" / "data" / "graded_answers_blind.jsonl"
DEFAULT_BANK = ROOT / "content" / "flask"
HUMAN_PASS = 3
KINDS = (
    "good",
    "paraphrase",
    "one-gap",
    "partial",
    "half",
    "typos",
    "bullets",
    "misconception",
    "negation",
    "salad",
    "off-topic",
    "copied-prompt",
    "idk",
    "wrong",
    "neighbour",
)
# Answers that must not pass whatever words they contain.
ADVERSARIAL = frozenset(
    ("misconception", "negation", "salad", "off-topic", "copied-prompt", "idk", "wrong", "neighbour")
)
# Groups of kinds and what issue 13 aims for: (label, kinds, pass rate at least, at most).
GROUPS: tuple[tuple[str, frozenset[str], float, float], ...] = (
    ("correct (good, paraphrase, typos, bullets)", frozenset(("good", "paraphrase", "typos", "bullets")), 0.85, 1.0),
    ("correct with one gap", frozenset(("one-gap",)), 0.85, 1.0),
    ("half answers (half, partial)", frozenset(("half", "partial")), 0.0, 0.15),
    ("misconceptions (misconception, wrong)", frozenset(("misconception", "wrong")), 0.0, 0.05),
    ("a neighbouring question's answer", frozenset(("neighbour",)), 0.0, 0.05),
    (
        "salad, negation, copied prompt, off-topic, idk",
        frozenset(("salad", "negation", "copied-prompt", "off-topic", "idk")),
        0.0,
        0.0,
    ),
)

Scorer = Callable[[Question, str], tuple[float, bool]]


@dataclass(frozen=True, slots=True)
class Sample:
    question: Question
    answer: str
    grade: int
    kind: str


@dataclass(frozen=True, slots=True)
class Metrics:
    spearman: float
    accuracy: float
    precision: float
    recall: float
    adversarial_passes: int
    adversarial_total: int


def naive_scorer(question: Question, answer: str) -> tuple[float, bool]:
    """Baseline: a key point counts when one of its hints is a substring of the answer."""
    text = answer.lower()
    if not question.is_open:
        correct = text.strip() == question.correct.lower().strip()
        return (1.0 if correct else 0.0), correct
    total = sum(point.weight for point in question.key_points)
    covered = sum(point.weight for point in question.key_points if any(hint.lower() in text for hint in point.hints))
    score = covered / total if total else 0.0
    return score, score >= PASS_THRESHOLD


_WORD = re.compile(r"[a-z0-9_]+")


def _words(text: str, *, stemmed: bool = False) -> str:
    """The text's words, lower-cased (and stemmed), space-separated and padded, so that
    ``" signed cookie " in _words(answer)`` finds whole words only."""
    words = _WORD.findall(text.lower())
    return " " + " ".join(map(stem, words) if stemmed else words) + " "


def shares_a_hint_phrase(question: Question, answer: str) -> bool:
    """Whether the answer contains one of the question's hints of two or more words, word
    for word after stemming ("signed cookies" shares "signed cookie"). One-word hints are
    left out: they are the subject's own vocabulary ("session", "blueprint"), which no
    correct answer can avoid."""
    text = _words(answer, stemmed=True)
    phrases = (_words(hint, stemmed=True) for point in question.key_points for hint in point.hints)
    return any(phrase in text for phrase in phrases if phrase.count(" ") > 2)


def points_said_in_own_words(question: Question, answer: str) -> int:
    """How many key points the answer states in none of their hints' words, word for word.

    This is issue 13's failure: a correct point said in plain words scores nothing when the
    matcher only knows the hint wording. An answer with such points tests the matcher's
    tolerance; one that quotes a hint for every point does not."""
    text = _words(answer)
    return sum(not any(_words(hint) in text for hint in point.hints) for point in question.key_points)


def in_own_words(sample: Sample) -> bool:
    """A correct answer that needs the grader to credit plain words: grade 4 with a point said
    in none of its hints, or grade 3 with two (one of them may be the gap)."""
    needed = {4: 1, 3: 2}.get(sample.grade)
    return needed is not None and points_said_in_own_words(sample.question, sample.answer) >= needed


def grader_scorer(grader: Grader) -> Scorer:
    def score(question: Question, answer: str) -> tuple[float, bool]:
        grade = grader.grade(question, answer)
        return grade.score, grade.passed

    return score


def ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks, ties sharing the average of the ranks they span."""
    order = sorted(range(len(values)), key=values.__getitem__)
    result = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            result[order[position]] = (start + end) / 2 + 1
        start = end + 1
    return result


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Spearman's rho as the Pearson correlation of average ranks; nan if undefined."""
    if len(xs) < 2:
        return math.nan
    try:
        return statistics.correlation(ranks(xs), ranks(ys))
    except statistics.StatisticsError:  # a constant series
        return math.nan


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else math.nan


def metrics(samples: Sequence[Sample], results: Sequence[tuple[float, bool]]) -> Metrics:
    human_pass = [s.grade >= HUMAN_PASS for s in samples]
    passed = [r[1] for r in results]
    true_pass = sum(p and h for p, h in zip(passed, human_pass, strict=True))
    adversarial = [i for i, s in enumerate(samples) if s.kind in ADVERSARIAL]
    return Metrics(
        spearman=spearman([r[0] for r in results], [float(s.grade) for s in samples]),
        accuracy=_ratio(sum(p == h for p, h in zip(passed, human_pass, strict=True)), len(samples)),
        precision=_ratio(true_pass, sum(passed)),
        recall=_ratio(true_pass, sum(human_pass)),
        adversarial_passes=sum(passed[i] for i in adversarial),
        adversarial_total=len(adversarial),
    )


def load_samples(path: Path, bank: Bank) -> tuple[list[Sample], list[str]]:
    """The samples of ``path`` and a description of every line that was skipped."""
    samples: list[Sample] = []
    skipped: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            skipped.append(f"line {number}: invalid JSON ({error.msg})")
            continue
        if not isinstance(data, dict):
            skipped.append(f"line {number}: not an object")
            continue
        question = bank.question(str(data.get("question")))
        answer, grade, kind = data.get("answer"), data.get("grade"), data.get("kind")
        if question is None:
            skipped.append(f"line {number}: unknown question {data.get('question')!r}")
        elif not isinstance(answer, str) or not isinstance(grade, int) or not 0 <= grade <= 4:
            skipped.append(f"line {number}: needs a string answer and a grade 0-4")
        else:
            samples.append(Sample(question, answer, grade, str(kind or "unknown")))
    return samples, skipped


def _percent(value: float) -> str:
    return "  n/a" if math.isnan(value) else f"{100 * value:5.1f}%"


def _number(value: float) -> str:
    return "  n/a" if math.isnan(value) else f"{value:6.3f}"


def report(samples: Sequence[Sample], results: dict[str, list[tuple[float, bool]]]) -> str:
    names = list(results)
    overall = {name: metrics(samples, results[name]) for name in names}
    lines = [f"{'':28}" + "".join(f"{name:>12}" for name in names)]
    rows: list[tuple[str, Callable[[Metrics], str]]] = [
        ("Spearman rho", lambda m: _number(m.spearman)),
        ("pass accuracy", lambda m: _percent(m.accuracy)),
        ("pass precision", lambda m: _percent(m.precision)),
        ("pass recall", lambda m: _percent(m.recall)),
        ("false passes, adversarial", lambda m: f"{m.adversarial_passes}/{m.adversarial_total}"),
        (
            "false-pass rate, adversarial",
            lambda m: _percent(_ratio(m.adversarial_passes, m.adversarial_total)),
        ),
    ]
    for label, show in rows:
        lines.append(f"{label:28}" + "".join(f"{show(overall[name]):>12}" for name in names))
    lines.append("")
    header = f"{'kind':14}{'n':>4}{'human':>7}"
    for name in names:
        header += f"{name + ' score':>14}{name + ' pass':>12}"
    lines.append(header)
    present = [k for k in KINDS if any(s.kind == k for s in samples)]
    present += sorted({s.kind for s in samples} - set(KINDS))
    for kind in present:
        picked = [i for i, s in enumerate(samples) if s.kind == kind]
        row = f"{kind:14}{len(picked):4d}{statistics.fmean(samples[i].grade for i in picked):7.2f}"
        for name in names:
            mean = statistics.fmean(results[name][i][0] for i in picked)
            passes = sum(results[name][i][1] for i in picked)
            row += f"{mean:14.2f}{f'{passes}/{len(picked)}':>12}"
        lines.append(row)
    return "\n".join(lines)


def group_report(samples: Sequence[Sample], results: Sequence[tuple[float, bool]]) -> str:
    """Our pass rate per group of kinds, with issue 13's aim for it."""
    lines = [f"{'group':50}{'passes':>10}{'rate':>8}  aim"]
    for label, kinds, at_least, at_most in GROUPS:
        picked = [i for i, s in enumerate(samples) if s.kind in kinds]
        if not picked:
            continue
        passes = sum(results[i][1] for i in picked)
        rate = passes / len(picked)
        aim = f">= {at_least:.0%}" if at_least else f"<= {at_most:.0%}"
        met = "ok" if at_least <= rate <= at_most else "MISSED"
        lines.append(f"{label:50}{f'{passes}/{len(picked)}':>10}{_percent(rate):>8}  {aim} {met}")
    return "\n".join(lines)


def _subset_report(
    label: str, picked: Sequence[int], samples: Sequence[Sample], results: Sequence[tuple[float, bool]]
) -> str:
    passes = sum(results[i][1] for i in picked)
    return (
        f"{label}: {len(picked)} of {len(samples)} ({_percent(_ratio(len(picked), len(samples))).strip()} of the set); "
        f"ours passes {passes}/{len(picked)} ({_percent(_ratio(passes, len(picked))).strip()})"
    )


def own_words_report(samples: Sequence[Sample], results: Sequence[tuple[float, bool]]) -> str:
    """How many correct answers need plain words credited, and how ours does on them."""
    picked = [i for i, sample in enumerate(samples) if in_own_words(sample)]
    return _subset_report("correct answers with a key point in none of its hints' words", picked, samples, results)


def hint_free_report(samples: Sequence[Sample], results: Sequence[tuple[float, bool]]) -> str:
    """How many correct answers share no hint phrase at all, and how ours does on them."""
    picked = [
        i
        for i, sample in enumerate(samples)
        if sample.grade >= HUMAN_PASS and not shares_a_hint_phrase(sample.question, sample.answer)
    ]
    return _subset_report("correct answers sharing no hint phrase", picked, samples, results)


def disagreements(samples: Sequence[Sample], results: Sequence[tuple[float, bool]]) -> str:
    lines = []
    for sample, (score, passed) in zip(samples, results, strict=True):
        if passed != (sample.grade >= HUMAN_PASS):
            answer = " ".join(sample.answer.split())[:160]
            lines.append(f"{sample.kind:13} human {sample.grade} score {score:.2f} {sample.question.id}: {answer}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        action="append",
        help="graded answers (JSON Lines); repeat for several (default: both sets)",
    )
    parser.add_argument("--bank", type=Path, default=DEFAULT_BANK, help="question bank folder")
    parser.add_argument("--show-errors", action="store_true", help="list answers whose pass disagrees")
    args = parser.parse_args(argv)
    try:
        bank = load_bank(args.bank)
    except BankError as error:
        print(f"cannot load the bank {args.bank}:", *error.problems, sep="\n  ", file=sys.stderr)
        return 2
    paths: list[Path] = args.data or [path for path in (DEFAULT_DATA, DEFAULT_BLIND) if path.is_file()]
    missing = [path for path in paths if not path.is_file()]
    if missing or not paths:
        print(f"no such data file: {', '.join(map(str, missing)) or DEFAULT_DATA}", file=sys.stderr)
        return 2
    grader = Grader(bank)
    for number, path in enumerate(paths):
        if number:
            print("\n" + "=" * 78 + "\n")
        if not _evaluate(path, bank, args.bank, grader, show_errors=args.show_errors):
            return 2
    return 0


def _evaluate(path: Path, bank: Bank, bank_dir: Path, grader: Grader, *, show_errors: bool) -> bool:
    samples, skipped = load_samples(path, bank)
    for problem in skipped:
        print(f"skipped {problem}", file=sys.stderr)
    if not samples:
        print(f"no gradable samples in {path}", file=sys.stderr)
        return False
    results = {
        "ours": [grader_scorer(grader)(s.question, s.answer) for s in samples],
        "naive": [naive_scorer(s.question, s.answer) for s in samples],
    }
    print(
        f"{len(samples)} graded answers from {path} ({len(skipped)} skipped), "
        f"bank {bank_dir} ({len(bank)} questions), pass at {PASS_THRESHOLD}"
    )
    print(report(samples, results))
    print()
    print(group_report(samples, results["ours"]))
    print(hint_free_report(samples, results["ours"]))
    print(own_words_report(samples, results["ours"]))
    if show_errors:
        print("\nours disagrees with the human pass on:")
        print(disagreements(samples, results["ours"]) or "  nothing")
    return True


if __name__ == "__main__":
    sys.exit(main())
