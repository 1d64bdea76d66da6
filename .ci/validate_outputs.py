#!/usr/bin/env python3
"""Validates ieplint's SARIF and JUnit output for the example plans against
the official schemas (OASIS SARIF 2.1.0 JSON Schema, Ant JUnit XSD).

    python3 .ci/validate_outputs.py SCHEMAS_DIR SARIF_FILE JUNIT_FILE [SETUP_SARIF [JUNIT...]]

SETUP_SARIF, when given, is the SARIF of a run stopped by rule pack
errors: it must match the schema too and carry them as
toolConfigurationNotifications. Further JUnit files (the reports of
`ieplint test`) are checked like JUNIT_FILE.

Uses the jsonschema and xmlschema packages. Where xmlschema cannot be
installed (no network), the JUnit file is checked against the XSD's rules
by hand: the same required attributes, child order and choices.
"""

import json
import re
import sys
import xml.etree.ElementTree as ET

schemas, sarif_path, junit_path = sys.argv[1:4]
problems = []

import jsonschema  # noqa: E402  (reported plainly if missing)

sarif_schema = json.load(open(f"{schemas}/sarif-schema-2.1.0.json"))
validator = jsonschema.validators.validator_for(sarif_schema)(sarif_schema)
sarif = json.load(open(sarif_path))
for e in validator.iter_errors(sarif):
    problems.append(f"SARIF: {e.message} at {'/'.join(map(str, e.path))}")
results = sum(len(run.get("results", [])) for run in sarif["runs"])
if results == 0:
    problems.append("SARIF: no results for the example plans")

if len(sys.argv) > 4:
    setup = json.load(open(sys.argv[4]))
    for e in validator.iter_errors(setup):
        problems.append(f"SARIF (pack errors): {e.message} at {'/'.join(map(str, e.path))}")
    notes = [n for run in setup["runs"] for inv in run.get("invocations", [])
             for n in inv.get("toolConfigurationNotifications", [])]
    if not notes:
        problems.append("SARIF (pack errors): no toolConfigurationNotifications")


def junit_by_hand(path):
    """The constraints of ../shared/schemas/junit.xsd, checked directly."""
    out = []
    root = ET.parse(path).getroot()
    if root.tag != "testsuites":
        return [f"JUnit: root is <{root.tag}>, not <testsuites>"]
    stamp = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$")
    for i, suite in enumerate(root):
        if suite.tag != "testsuite":
            out.append(f"JUnit: <{suite.tag}> inside <testsuites>")
            continue
        for attr in ["package", "id", "name", "timestamp", "hostname", "tests", "failures", "errors", "time"]:
            if attr not in suite.attrib:
                out.append(f"JUnit: testsuite {i} lacks @{attr}")
        if not stamp.match(suite.get("timestamp", "")):
            out.append(f"JUnit: testsuite {i} timestamp {suite.get('timestamp')!r}")
        for attr in ["id", "tests", "failures", "errors"]:
            if not re.match(r"^-?\d+$", suite.get(attr, "")):
                out.append(f"JUnit: testsuite {i} @{attr} is not an int")
        tags = [c.tag for c in suite]
        if not (tags[:1] == ["properties"] and tags[-2:] == ["system-out", "system-err"]
                and all(t == "testcase" for t in tags[1:-2])):
            out.append(f"JUnit: testsuite {i} children out of order: {tags}")
        for case in suite.findall("testcase"):
            for attr in ["name", "classname", "time"]:
                if attr not in case.attrib:
                    out.append(f"JUnit: testcase lacks @{attr}")
            kids = list(case)
            if len(kids) > 1 or any(k.tag not in ("skipped", "error", "failure") for k in kids):
                out.append(f"JUnit: testcase {case.get('name')} has {[k.tag for k in kids]}")
            for k in kids:
                if k.tag in ("error", "failure") and "type" not in k.attrib:
                    out.append(f"JUnit: <{k.tag}> lacks @type")
    return out


junit_paths = [junit_path] + sys.argv[5:]
try:
    import xmlschema

    junit_schema = xmlschema.XMLSchema(f"{schemas}/junit.xsd")
    for path in junit_paths:
        problems += [f"JUnit ({path}): {e}" for e in junit_schema.iter_errors(path)]
    how = "the XSD (xmlschema)"
except ImportError:
    for path in junit_paths:
        problems += [f"({path}) {p}" for p in junit_by_hand(path)]
    how = "the XSD's rules, checked by hand (xmlschema not available)"

for p in problems[:30]:
    print(p)
if problems:
    print(f"invalid output: {len(problems)} problems")
    sys.exit(1)
print(f"SARIF ({results} results) validates against the OASIS schema; "
      f"{len(junit_paths)} JUnit files against {how}")
