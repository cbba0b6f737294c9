# The checker of a question's tests, run inside the sandbox once every case has finished, in a
# process and a box of its own: no code of the candidate's ever runs here. The host prepends
# SETUP and CHECK_SETUP (base64 of UTF-8). stdin is the sandbox's checker input, a JSON array of
# {"name", "input": {"expected"?, "tolerance"?, "check"?}, "output": the case's stdout or null}.
# For each case it prints one JSON line: {"name", "passed", "actual"?, "error"?, "unreadable"?,
# "problem"?}: the answer as JSON text, the candidate's error as their harness reported it, why
# the answer could not be read, or why the check could not decide. The host shows of it only what
# the case's visibility allows (QuestionTestProgram.Read).
#
# The candidate's answer arrives as data (the tagged JSON of question_harness.py) and is rebuilt
# here as plain values, numpy arrays, tuples, sets and dicts: nothing of the candidate's code
# (an overridden __eq__, a patched function) can take part in the comparison.
import json
import math
import sys

ARRAY_TYPES = {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
               "float16", "float32", "float64"}


class Unreadable(Exception):
    pass


class Opaque:
    """A value the candidate's code returned that is not data (an object of its own): equal to nothing."""

    def __init__(self, text):
        self.text = text

    def __eq__(self, other):
        return False

    def __hash__(self):
        return hash(self.text)

    def __repr__(self):
        return self.text


def decode(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [decode(v) for v in value]
    if not isinstance(value, dict) or len(value) == 0:
        raise Unreadable("an unknown value")
    if "$float" in value and value["$float"] in ("nan", "inf", "-inf"):
        return float(value["$float"])
    if isinstance(value.get("$tuple"), list):
        return tuple(decode(v) for v in value["$tuple"])
    if isinstance(value.get("$set"), list):
        return set(decode(v) for v in value["$set"])
    if isinstance(value.get("$dict"), list):
        return {decode(pair[0]): decode(pair[1]) for pair in value["$dict"] if isinstance(pair, list) and len(pair) == 2}
    if isinstance(value.get("$repr"), str):
        return Opaque(value["$repr"])
    if "$ndarray" in value:
        import numpy
        data = decode(value["$ndarray"])
        dtype = value.get("dtype") if value.get("dtype") in ARRAY_TYPES else None
        array = numpy.asarray(data, dtype=dtype)
        shape = value.get("shape")
        if isinstance(shape, list) and all(isinstance(n, int) and n >= 0 for n in shape) and math.prod(shape) == array.size:
            array = array.reshape(shape)
        return array
    raise Unreadable("an unknown value")


def plain(value):
    """numpy arrays and scalars, tuples and dicts as plain JSON-like values, for `expected`."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def close(actual, expected, tolerance):
    if isinstance(expected, bool) or expected is None or isinstance(expected, str):
        return type(actual) is type(expected) and actual == expected
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
    return False


def shown(value):
    try:
        text = json.dumps(plain(value), default=repr)
    except (TypeError, ValueError, RecursionError):
        text = repr(value)
    return text if len(text) <= 2000 else text[:2000] + "..."


def answer(output):
    """The candidate's record: the last line of the case's output, a JSON object."""
    lines = [line for line in (output or "").splitlines() if line.strip()]
    if not lines:
        return None
    try:
        record = json.loads(lines[-1])
    except (ValueError, RecursionError):
        return None
    return record if isinstance(record, dict) else None


def judge(case, scope):
    verdict = {"name": case.get("name"), "passed": False}
    record = answer(case.get("output"))
    if record is None:
        return verdict
    if isinstance(record.get("error"), dict):
        error = record["error"]
        verdict["error"] = {"kind": str(error.get("kind"))[:200],
                            "line": error.get("line") if isinstance(error.get("line"), int) else None,
                            "detail": str(error.get("detail"))[:1000]}
        return verdict
    if "result" not in record:
        verdict["unreadable"] = str(record.get("unreadable", ""))[:200]
        return verdict
    try:
        result = decode(record["result"])
    except (Unreadable, TypeError, ValueError, RecursionError):
        verdict["unreadable"] = "the value could not be rebuilt as data"
        return verdict
    verdict["actual"] = shown(result)
    expected = case.get("input") or {}
    if expected.get("check"):
        try:
            passed = bool(eval(expected["check"], dict(scope, result=result)))
        except Exception as error:
            verdict["problem"] = "check raised " + type(error).__name__
            return verdict
    else:
        passed = close(plain(result), expected.get("expected"), expected.get("tolerance"))
    verdict["passed"] = passed is True
    return verdict


def main():
    cases = json.load(sys.stdin)
    scope = {"__name__": "checker"}
    exec(compile(SETUP, "setup", "exec"), scope)
    exec(compile(CHECK_SETUP, "check_setup", "exec"), scope)
    for case in cases:
        try:
            verdict = judge(case, scope)
        except Exception as error:
            verdict = {"name": case.get("name"), "passed": False, "problem": "checker raised " + type(error).__name__}
        print(json.dumps(verdict), flush=True)


main()
