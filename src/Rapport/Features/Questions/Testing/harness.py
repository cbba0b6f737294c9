"""Runs a question's test cases against a solution and prints one JSON line per case.

Input on stdin: {"solution": str, "setup": str, "cases": [{"name", "call", "expected"?, "tolerance"?, "check"?}]}.
Each case evaluates `call` with the solution's names in scope; it passes when the result equals
`expected` (numbers within `tolerance`, default 1e-9 relative) or when `check` is true with the
result bound to `result`. Output: {"name", "passed", "actual", "error"} per case.
"""
import json
import math
import sys
import traceback


def plain(value):
    """numpy arrays and scalars, tuples and sets as plain JSON-like values."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def close(actual, expected, tolerance):
    if isinstance(expected, bool) or expected is None or isinstance(expected, str):
        return actual == expected
    if isinstance(expected, (int, float)):
        if not isinstance(actual, (int, float)) or isinstance(actual, bool):
            return False
        if tolerance is None:
            return math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-12)
        return abs(actual - expected) <= tolerance
    if isinstance(expected, list):
        return isinstance(actual, list) and len(actual) == len(expected) and all(
            close(a, e, tolerance) for a, e in zip(actual, expected))
    if isinstance(expected, dict):
        return isinstance(actual, dict) and actual.keys() == expected.keys() and all(
            close(actual[k], expected[k], tolerance) for k in expected)
    return actual == expected


def shown(value):
    text = json.dumps(plain(value), default=repr)
    return text if len(text) <= 2000 else text[:2000] + "..."


def where(error):
    """The line of the candidate's own code where the error happened, if any."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == "solution"]
    return f" (line {frames[-1].lineno})" if frames else ""


def main():
    spec = json.load(sys.stdin)
    scope = {"__name__": "solution"}
    try:
        exec(compile(spec.get("setup", ""), "setup", "exec"), scope)
        exec(compile(spec["solution"], "solution", "exec"), scope)
    except Exception as error:  # the whole solution failed to load: every case fails the same way
        message = f"{type(error).__name__}: {error}{where(error)}"
        for case in spec["cases"]:
            print(json.dumps({"name": case["name"], "passed": False, "actual": None, "error": message}))
        return

    for case in spec["cases"]:
        try:
            result = eval(case["call"], scope)
            scope["result"] = result
            if case.get("check"):
                passed = bool(eval(case["check"], scope))
            else:
                passed = close(plain(result), case.get("expected"), case.get("tolerance"))
            print(json.dumps({"name": case["name"], "passed": passed, "actual": shown(result), "error": None}))
        except Exception as error:
            print(json.dumps({"name": case["name"], "passed": False, "actual": None,
                              "error": f"{type(error).__name__}: {error}{where(error)}"}))


if __name__ == "__main__":
    main()
