#!/usr/bin/env python3
"""Validates ieplint's SARIF and JUnit output for the example plans against
the official schemas (OASIS SARIF 2.1.0 JSON Schema, Ant JUnit XSD).

    python3 .ci/validate_outputs.py SCHEMAS_DIR SARIF_FILE JUNIT_FILE
"""

import json
import sys

import jsonschema
import xmlschema

schemas, sarif_path, junit_path = sys.argv[1:4]

sarif_schema = json.load(open(f"{schemas}/sarif-schema-2.1.0.json"))
validator = jsonschema.validators.validator_for(sarif_schema)(sarif_schema)
sarif = json.load(open(sarif_path))
errors = list(validator.iter_errors(sarif))
for e in errors[:20]:
    print(f"SARIF: {e.message} at {'/'.join(map(str, e.path))}")
results = sum(len(run.get("results", [])) for run in sarif["runs"])

junit_schema = xmlschema.XMLSchema(f"{schemas}/junit.xsd")
junit_errors = list(junit_schema.iter_errors(junit_path))
for e in junit_errors[:20]:
    print(f"JUnit: {e}")

if errors or junit_errors or results == 0:
    print(f"invalid output: {len(errors)} SARIF errors, {len(junit_errors)} JUnit errors, {results} SARIF results")
    sys.exit(1)
print(f"SARIF ({results} results) and JUnit output validate against the official schemas")
