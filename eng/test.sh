#!/usr/bin/env bash
# The README's test command: provisions the engine and stand-in images (eng/test-env.sh), then runs
# every test of ContainerStages.sln (unit tests, and end-to-end tests against the real engine) and
# prints one closing line "N passed, N failed, N skipped" counted from the TRX results.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
results="${CONTAINERSTAGES_TEST_RESULTS:-$repo_root/artifacts/test-results}"

"$repo_root/eng/test-env.sh"

rm -rf "$results"
mkdir -p "$results"
status=0
dotnet test "$repo_root/ContainerStages.sln" -c Release \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@" || status=$?

# Per test class: its tests, outcomes and time (from its first test's start to its last test's end, so
# class setup is in it), slowest first; then the closing line, which counts every test of every TRX
# file. A run that executed nothing is a failure.
python3 - "$results" "$status" <<'PY'
import datetime, glob, re, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}

def when(text):
    # TRX times carry 7 fractional digits; fromisoformat takes at most 6.
    match = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(.*)", text)
    return datetime.datetime.fromisoformat(f"{match[1]}.{(match[2] or '0')[:6]}{match[3]}")

passed = failed = skipped = 0
classes = {}
first = last = None
for trx in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    root = ET.parse(trx).getroot()
    counters = root.find("t:ResultSummary/t:Counters", ns)
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0)) + int(counters.get("inconclusive", 0))
    times = root.find("t:Times", ns)
    if times is not None:
        start, finish = when(times.get("start")), when(times.get("finish"))
        first = start if first is None or start < first else first
        last = finish if last is None or finish > last else last
    owner = {}
    for test in root.iterfind("t:TestDefinitions/t:UnitTest", ns):
        method = test.find("t:TestMethod", ns)
        owner[test.get("id")] = method.get("className").split(",")[0] if method is not None else "?"
    for result in root.iterfind("t:Results/t:UnitTestResult", ns):
        name = owner.get(result.get("testId"), "?")
        entry = classes.setdefault(name, {"tests": 0, "passed": 0, "failed": 0, "other": 0, "start": None, "end": None})
        entry["tests"] += 1
        outcome = result.get("outcome")
        entry["passed" if outcome == "Passed" else "failed" if outcome == "Failed" else "other"] += 1
        if result.get("startTime") and result.get("endTime"):
            start, end = when(result.get("startTime")), when(result.get("endTime"))
            entry["start"] = start if entry["start"] is None or start < entry["start"] else entry["start"]
            entry["end"] = end if entry["end"] is None or end > entry["end"] else entry["end"]

def seconds(entry):
    return (entry["end"] - entry["start"]).total_seconds() if entry["start"] and entry["end"] else 0.0

print()
print(f"{'test class':<80} {'tests':>6} {'passed':>6} {'failed':>6} {'time':>9}")
for name, entry in sorted(classes.items(), key=lambda item: -seconds(item[1])):
    print(f"{name:<80} {entry['tests']:>6} {entry['passed']:>6} {entry['failed']:>6} {seconds(entry):>8.1f}s")
if first and last:
    print(f"wall time of the test runs: {(last - first).total_seconds():.0f} s")
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if passed == 0 or failed > 0 or int(sys.argv[2]) != 0 else 0)
PY
