#!/usr/bin/env python3
"""Writes bank folders crafted to exhaust `rapport bank validate` (bench/README.md, "Bank limits").

usage: bench/bank/crafted.py OUT   (then: rapport bank validate OUT/NAME for each folder)
"""
import pathlib
import shutil
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = pathlib.Path(sys.argv[1])
SOFTMAX = "questions/numerically-stable-softmax.md"


def bank(name, edit=None, extra=None):
    folder = OUT / name
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(ROOT / "bank", folder)
    if edit:
        path = folder / SOFTMAX
        path.write_text(edit(path.read_text()))
    if extra:
        (folder / "questions" / "crafted.md").write_text(extra)


def repeat(unit, length):
    return (unit * (length // len(unit) + 1))[:length]


def question(prompt, examples="", notes="", solution="The usual one."):
    head = (ROOT / "bank" / SOFTMAX).read_text().split("\n---\n", 1)[0]
    head = head.replace("id: numerically-stable-softmax", "id: crafted")
    body = f"\n---\n\n# Prompt\n\n{prompt}\n"
    if examples:
        body += f"\n# Examples\n\n{examples}\n"
    body += f"\n# Reference solution\n\n{solution}\n\n```python\nx = 1\n```\n"
    if notes:
        body += f"\n# Interviewer notes\n\n{notes}\n"
    return head + body


# The starter bank as it is: the yardstick.
bank("starter")

# Nine levels of ten aliases in one test's expected value: 10^9 scalars from 7 KB.
levels = ["        l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
levels += [f"        l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, 10)]
bank("alias-bomb", edit=lambda t: t.replace("      expected: [[0.5, 0.5]]\n", "      expected:\n" + "\n".join(levels) + "\n", 1))

# The prompt: 200 KB of "[a](".
bank("prompt-200k", extra=question(repeat("[a](", 200_000)))

# At the limits, accepted: each rendered section 10,000 characters of one of the worst patterns found.
for name, unit in [("stars", "*a"), ("trailing-stars", "a*"), ("star-bracket", "*]"), ("links", "[a]("), ("strike", "~~a")]:
    block = repeat(unit, 10_000)
    bank(f"limit-{name}", extra=question(block, block, block))

# The whole body at its 64,000-character limit, mostly link reference definitions (quadratic in Markdig's block pass).
bank("limit-body", extra=question("Do it.", solution=repeat("[a]: b\n", 63_000)))
