"""Grading throughput: answers per second for our grader and the naive baseline.

Answers of about 100 words are built from the bank itself (model answers, cut or
padded, mixed with another question's text), so they hit rubric words as real answers
do. Each figure is the median of several timed runs, in CPU time of one core. Then the
slowest grading of 4,000-character answers built to find slow paths, per shape.

    python bench/grading_speed.py [--bank DIR] [--answers N] [--runs N]
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from grading_eval import naive_scorer  # bench/ is on sys.path when run as a script

from bot.bank.loader import BankError, load_bank
from bot.bank.models import Question
from bot.grading import Grader

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BANK = ROOT / "content" / "flask"
WORDS_PER_ANSWER = 100


def make_answers(questions: Sequence[Question], count: int, seed: int = 7) -> list[tuple[Question, str]]:
    """``count`` (question, ~100-word answer) pairs, reproducible for a given seed."""
    rng = random.Random(seed)
    open_questions = [q for q in questions if q.is_open]
    pairs = []
    for _ in range(count):
        question = rng.choice(open_questions)
        other = rng.choice(open_questions)
        words = question.answer.split()
        start = rng.randrange(max(1, len(words) - WORDS_PER_ANSWER // 2))
        own = words[start : start + rng.randint(40, 90)]
        filler = other.answer.split()[: WORDS_PER_ANSWER - len(own)]
        pairs.append((question, " ".join(own + filler)))
    return pairs


def answers_per_second(
    grade: Callable[[Question, str], object], pairs: Sequence[tuple[Question, str]], runs: int
) -> float:
    # CPU time of this process, not wall time: the figure is per core and does not
    # drop when other work shares the machine.
    timings = []
    for _ in range(runs):
        start = time.process_time()
        for question, answer in pairs:
            grade(question, answer)
        timings.append(time.process_time() - start)
    return len(pairs) / statistics.median(timings)


def adversarial_answers(question: Question, size: int = 4000) -> dict[str, str]:
    """Answers of ``size`` characters built to find slow paths: repeated negations and
    conditions, one clause with no punctuation, hints over and over, made-up words, code."""
    rng = random.Random(question.id)
    hints = " ".join(hint for point in question.key_points for hint in point.hints)
    made_up = " ".join("".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=12)) for _ in range(size // 13))
    shapes = {
        "no no no": "no " * size,
        "not <hint> ...": " ".join(f"not {hint}" for point in question.key_points for hint in point.hints) * size,
        "if if if": "if " * size,
        "one clause": (" ".join(question.answer.replace(".", " ").split()) + " ") * size,
        "hints repeated": (hints + " ") * size,
        "made-up words": made_up,
        "one giant word": "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=size)),
        "code": "`" + "app.config['SECRET_KEY'] = url_for('x') " * size,
    }
    return {name: text[:size] for name, text in shapes.items()}


def slowest_adversarial(grader: Grader, questions: Sequence[Question]) -> dict[str, tuple[float, str]]:
    """For each shape, the slowest grading over every open question (best of 3 runs each,
    in wall time: what the event loop would wait)."""
    slowest: dict[str, tuple[float, str]] = {}
    for question in (q for q in questions if q.is_open):
        for name, answer in adversarial_answers(question).items():
            best = math.inf
            for _ in range(3):
                start = time.perf_counter()
                grader.grade(question, answer)
                best = min(best, time.perf_counter() - start)
            if best > slowest.get(name, (0.0, ""))[0]:
                slowest[name] = (best, question.id)
    return slowest


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bank", type=Path, default=DEFAULT_BANK, help="question bank folder")
    parser.add_argument("--answers", type=int, default=2000, help="answers per run")
    parser.add_argument("--runs", type=int, default=5, help="timed runs (the median is shown)")
    args = parser.parse_args(argv)
    try:
        bank = load_bank(args.bank)
    except BankError as error:
        print(f"cannot load the bank {args.bank}:", *error.problems, sep="\n  ", file=sys.stderr)
        return 2
    start = time.perf_counter()
    grader = Grader(bank)
    compile_seconds = time.perf_counter() - start
    pairs = make_answers(list(bank), args.answers)
    words = statistics.fmean(len(answer.split()) for _, answer in pairs)
    # One untimed pass warms the stem and typo caches, as a running bot's would be.
    answers_per_second(grader.grade, pairs[:200], 1)
    ours = answers_per_second(grader.grade, pairs, args.runs)
    naive = answers_per_second(naive_scorer, pairs, args.runs)
    print(
        f"{len(bank)} questions compiled in {compile_seconds:.2f} s; "
        f"{len(pairs)} answers of {words:.0f} words on average, median of {args.runs} runs"
    )
    print(f"ours   {ours:10,.0f} answers/s")
    print(f"naive  {naive:10,.0f} answers/s")
    print("slowest 4,000-character adversarial answer over every open question:")
    for name, (seconds, question_id) in slowest_adversarial(grader, list(bank)).items():
        print(f"  {name:16} {1000 * seconds:6.1f} ms  ({question_id})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
