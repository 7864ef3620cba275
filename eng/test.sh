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

# The closing line counts every test of every TRX file; a run that executed nothing is a failure.
python3 - "$results" "$status" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for trx in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    counters = ET.parse(trx).getroot().find("t:ResultSummary/t:Counters", ns)
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0)) + int(counters.get("inconclusive", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if passed == 0 or failed > 0 or int(sys.argv[2]) != 0 else 0)
PY
