#!/usr/bin/env bash
# The BuildKit session's cost, side by side: all-cached publishes of one console app, alternating a
# build that holds a session (a ContainerStagesSecret item makes it open one) and one without.
# Prints wall ms and CPU ms of dotnet publish and the BuildContainerStagesImage task's ms.
#
# Usage: bench/session/run.sh <ContainerStages version in <project>/feed> <project folder> [pairs]
# The project needs App/App.csproj with a PackageReference to ContainerStages and:
#   <ItemGroup Condition="'$(BenchSecret)' == 'true'"><ContainerStagesSecret Include="bench" EnvironmentVariable="HOME" /></ItemGroup>
set -euo pipefail
project="$2"
pairs="${3:-8}"
cd "$project"
run() {
  local session=$1 start end task cpu
  start=$(date +%s%N)
  /usr/bin/time -f '%U %S' -o /tmp/containerstages-session-bench.time \
    dotnet publish App/App.csproj -p:ContainerStages=true -p:BenchSecret="$session" \
      -p:ContainerBaseImage=containerstages-standin/runtime:10.0 -p:ContainerStagesSdkImage=containerstages-standin/sdk:10.0 \
      -p:ContainerRepository=containerstages-test-bench/session -nodeReuse:false -clp:PerformanceSummary -v:m > /tmp/containerstages-session-bench.log 2>&1
  end=$(date +%s%N)
  task=$(grep -E '^\s+[0-9]+ ms\s+BuildContainerStagesImage' /tmp/containerstages-session-bench.log | awk '{print $1}')
  cpu=$(awk '{printf "%d", ($1 + $2) * 1000}' /tmp/containerstages-session-bench.time)
  echo "session=$session wall=$(( (end - start) / 1000000 )) cpu=$cpu task=$task"
}
run true; run false   # warm-up: the first pair fills the caches
for _ in $(seq "$pairs"); do run true; run false; done
