"""Prints each failed test of the given .trx files with its message and the first lines of its
stack trace, so a failure in CI can be read from the log alone (the runs themselves are quiet)."""
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}

for path in sys.argv[1:]:
    root = ET.parse(path).getroot()
    for result in root.iterfind(".//t:UnitTestResult", NS):
        if result.get("outcome") not in ("Failed", "Error", "Timeout", "Aborted"):
            continue
        print(f"--- FAILED {result.get('testName')}")
        message = result.findtext(".//t:ErrorInfo/t:Message", default="", namespaces=NS)
        stack = result.findtext(".//t:ErrorInfo/t:StackTrace", default="", namespaces=NS)
        print(message.strip())
        print("\n".join(stack.strip().splitlines()[:12]))
