#!/usr/bin/env python3
"""test-summary.py TESTLOG.json... -- print meson results as 'N passed, N failed, N skipped'.

Reads meson's meson-logs/testlog.json files (one JSON object per line) and
prints a line per failed test, then the closing line CI reads.  Exit status:
0 when nothing failed, 1 otherwise (also when no test ran at all).
"""
import json
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        with open(path) as f:
            lines = f.readlines()
    except OSError as e:
        print(f"test-summary: {path}: {e.strerror}", file=sys.stderr)
        failed += 1
        continue
    for line in lines:
        if not line.strip():
            continue
        t = json.loads(line)
        res = t.get("result")
        if res in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif res == "SKIP":
            skipped += 1
            print(f"SKIP {t.get('name')}")
        else:
            failed += 1
            print(f"FAIL {t.get('name')} ({res})")
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(0 if failed == 0 and passed > 0 else 1)
