# One test case of a question, run inside the sandbox in the candidate's process. The host
# prepends SETUP and SOLUTION (base64 of UTF-8, so no character of the candidate's code can break
# this file) and sends only the case's call on stdin: {"call": "..."}.
#
# This process never holds the expected value, the check, the case's name or whether it is
# hidden: those go to question_checker.py, a process of its own that runs after every case has
# finished (docs/adr/0007-sandbox.md). Whatever the candidate's code does here (print a fake
# verdict, exit early, patch this file's functions) it can only change its own answer.
#
# The last line printed is one JSON object: {"result": <value>}, {"error": {kind, line, detail}}
# when the candidate's code raised, or {"unreadable": "why"} when the value cannot be sent.
# Values are tagged JSON so that the checker can rebuild them as plain data: {"$float": "nan"},
# {"$tuple": [...]}, {"$set": [...]}, {"$dict": [[key, value], ...]},
# {"$ndarray": [...], "dtype": "float64", "shape": [...]}, {"$repr": "..."} for anything else.
import contextlib
import io
import json
import math
import sys
import traceback

MAX_DEPTH = 64
MAX_RECORD_CHARS = 48 * 1024


def encode(value, depth=0):
    if depth > MAX_DEPTH:
        raise ValueError(f"the result is nested more than {MAX_DEPTH} levels deep")
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        value = float(value)
        return value if math.isfinite(value) else {"$float": repr(value)}
    if type(value).__module__ == "numpy" and hasattr(value, "tolist"):
        if hasattr(value, "shape") and hasattr(value, "dtype") and getattr(value, "ndim", 0) > 0:
            return {"$ndarray": encode(value.tolist(), depth + 1), "dtype": str(value.dtype), "shape": list(value.shape)}
        return encode(value.tolist(), depth + 1)
    if isinstance(value, list):
        return [encode(v, depth + 1) for v in value]
    if isinstance(value, tuple):
        return {"$tuple": [encode(v, depth + 1) for v in value]}
    if isinstance(value, (set, frozenset)):
        return {"$set": [encode(v, depth + 1) for v in value]}
    if isinstance(value, dict):
        return {"$dict": [[encode(k, depth + 1), encode(v, depth + 1)] for k, v in value.items()]}
    return {"$repr": repr(value)[:2000]}


def where(error):
    """The line of the candidate's own code where the error happened, if any."""
    if isinstance(error, SyntaxError) and error.filename == "solution" and error.lineno:
        return error.lineno
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == "solution"]
    return frames[-1].lineno if frames else None


def main():
    call = json.load(sys.stdin)["call"]
    scope = {"__name__": "solution"}
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(SETUP, "setup", "exec"), scope)
            exec(compile(SOLUTION, "solution", "exec"), scope)
            result = eval(call, scope)
    except Exception as error:
        try:
            detail = str(error)[:1000]
        except Exception:
            detail = ""
        record = json.dumps({"error": {"kind": type(error).__name__, "line": where(error), "detail": detail}})
    else:
        try:
            record = json.dumps({"result": encode(result)}, allow_nan=False)
        except Exception as error:
            record = json.dumps({"unreadable": str(error)[:200]})
        if len(record) > MAX_RECORD_CHARS:
            record = json.dumps({"unreadable": f"the result is larger than {MAX_RECORD_CHARS // 1024} KB as JSON"})
    sys.stdout.write("\n" + record + "\n")
    sys.stdout.flush()


main()
