# One test case of a question, run inside the sandbox. The host prepends SETUP and SOLUTION
# (base64 of UTF-8, so no character of the candidate's code can break this file) and sends the
# case as JSON on stdin: {"call", "expected"?, "tolerance"?, "check"?, "visible"}.
# It prints exactly one line: "passed", "actual: <value as JSON>" or "error: <what went wrong>".
# The candidate's own prints are kept out of that line.
import contextlib
import io
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
    if isinstance(error, SyntaxError) and error.filename == "solution" and error.lineno:
        return f" on line {error.lineno}"
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == "solution"]
    return f" on line {frames[-1].lineno}" if frames else ""


def main():
    case = json.load(sys.stdin)
    scope = {"__name__": "solution"}
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(SETUP, "setup", "exec"), scope)
            exec(compile(SOLUTION, "solution", "exec"), scope)
            result = eval(case["call"], scope)
            scope["result"] = result
            if case.get("check"):
                passed = bool(eval(case["check"], scope))
            else:
                passed = close(plain(result), case.get("expected"), case.get("tolerance"))
    except Exception as error:
        # A hidden case's error message could echo its input: its kind and line only.
        detail = f": {error}" if case.get("visible") and str(error) else ""
        print(f"error: {type(error).__name__}{where(error)}{detail}")
        return
    print("passed" if passed else "actual: " + shown(result))


main()
