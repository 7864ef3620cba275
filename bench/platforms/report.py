#!/usr/bin/env python3
"""Writes bench/platforms/results.md and results.json from the samples and stamped logs that
bench/platforms/run.sh leaves in its work folder (every log line carries the seconds since the
publish started, so each publish splits into its host part, each platform's image build, each push
and the index)."""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
from pathlib import Path

STAMP = re.compile(r"^\s*(?P<t>[0-9]+\.[0-9]+) (?P<text>.*)$")
STEP = re.compile(r"CSTG1008: #(?P<id>[0-9]+) \[(?P<label>[^\]]+)\]")
DONE = re.compile(r"CSTG1008: #(?P<id>[0-9]+) DONE (?P<s>[0-9.]+)s")
PUSHED = re.compile(r"CSTG1029: Pushed \S+?:(?P<tag>[^:\s]+): ")


def stamped(path: Path) -> list[tuple[float, str]]:
    lines = []
    for line in path.read_text(errors="replace").splitlines():
        if m := STAMP.match(line):
            lines.append((float(m["t"]), m["text"]))
    return lines


def profile(path: Path, wall_ms: int) -> dict:
    """Seconds of each phase of one publish, read from the arrival times of its log lines."""
    lines = stamped(path)
    phases: dict[str, float] = {}
    builds = [i for i, (_, text) in enumerate(lines) if "CSTG1006: Building stage" in text]
    if builds:
        phases["host (restore, compile, publish, Dockerfile)"] = lines[builds[0]][0]
    arch_order = ["amd64", "arm64"]
    for n, start in enumerate(builds):
        arch = arch_order[n] if n < len(arch_order) else f"platform{n}"
        end = next((i for i in range(start, len(lines)) if "CSTG1010:" in lines[i][1]), None)
        if end is None:
            continue
        phases[f"image build {arch}"] = lines[end][0] - lines[start][0]
        # The steps' own times, summed by stage (the word before the step number in BuildKit's label).
        labels, by_stage = {}, {}
        for _, text in lines[start:end + 1]:
            if m := STEP.search(text):
                labels[m["id"]] = m["label"]
            elif m := DONE.search(text):
                label = labels.get(m["id"], "?")
                stage = label.split()[0] if len(label.split()) > 1 else "(shared base steps)"
                by_stage[stage] = by_stage.get(stage, 0.0) + float(m["s"])
        for stage, seconds in by_stage.items():
            phases[f"  {arch} steps: {stage}"] = seconds
    push_start = None
    last_push_end = None
    for t, text in lines:
        if "CSTG1027: Pushing" in text:
            push_start = t
        elif (m := PUSHED.search(text)) and push_start is not None:
            arch = "arm64" if m["tag"].endswith("-arm64") else "amd64"
            phases[f"push {arch}"] = t - push_start
            last_push_end = t
        elif "CSTG1125:" in text and last_push_end is not None:
            phases["index put"] = t - last_push_end
    elapsed = next((t for t, text in lines if text.strip().startswith("Time Elapsed")), None)
    if elapsed is not None:
        phases["after MSBuild (process exit)"] = wall_ms / 1000 - elapsed
    return phases


def phase_order(key: str) -> tuple:
    """Host first, then each platform's build with its steps, the pushes, the index, the exit."""
    k = key.strip()
    for n, prefix in enumerate(("host", "image build amd64", "amd64 steps", "image build arm64", "arm64 steps",
                                "push amd64", "push arm64", "index put", "after MSBuild")):
        if k.startswith(prefix):
            return (n, k)
    return (99, k)


def run(*cmd: str) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def machine(commit: str, version: str) -> dict:
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("model name")), "unknown")
    mem = next(int(l.split()[1]) for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal"))
    os_name = next((l.split("=", 1)[1].strip('"') for l in Path("/etc/os-release").read_text().splitlines() if l.startswith("PRETTY_NAME=")), platform.system())
    return {
        "os": os_name, "nproc": os.cpu_count(), "cpu_model": cpu, "memory_gib": round(mem / 1024 / 1024, 1),
        "dotnet_sdk": run("dotnet", "--version"),
        "docker": run("/usr/bin/docker", "version", "--format", "{{.Server.Version}} API {{.Server.APIVersion}}"),
        "commit": commit, "package_version": version,
    }


def sec(ms: float) -> str:
    return f"{ms / 1000:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    for name in ("work", "out", "runs", "load-start", "load-end", "started", "finished", "commit", "version"):
        parser.add_argument(f"--{name}", required=True)
    args = parser.parse_args()
    work, out = Path(args.work), Path(args.out)
    samples = [json.loads(l) for l in (work / "samples.jsonl").read_text().splitlines() if l.strip()]
    for s in samples:
        s["profile_s"] = {k: round(v, 2) for k, v in profile(work / s["log"], s["wall_ms"]).items()}
    info = machine(args.commit, args.version)

    rows, profile_rows, summary = [], [], {}
    scenarios = [("cold", "cold"), ("edit", "one-line edit")]
    for scenario, title in scenarios:
        timed = [s for s in samples if s["scenario"] == scenario]
        if not timed:
            continue
        wall = {c: [s["wall_ms"] for s in timed if s["contender"] == c] for c in ("one", "two")}
        per_run = []
        for r in sorted({s["run"] for s in timed}):
            one = [s["wall_ms"] for s in timed if s["run"] == r and s["contender"] == "one"]
            two = [s["wall_ms"] for s in timed if s["run"] == r and s["contender"] == "two"]
            if one and two:
                per_run.append(two[0] / one[0])
        m1, m2 = statistics.median(wall["one"]), statistics.median(wall["two"])
        loads = [s["load1_before"] for s in timed]
        summary[scenario] = {"one_ms": wall["one"], "two_ms": wall["two"], "ratio_of_medians": round(m2 / m1, 3),
                             "ratio_per_run": [round(p, 3) for p in per_run], "load1_before": loads}
        rows.append(f"| {title} | {sec(m1)} [{sec(min(wall['one']))}–{sec(max(wall['one']))}] | "
                    f"{sec(m2)} [{sec(min(wall['two']))}–{sec(max(wall['two']))}] | **{m2 / m1:.2f}** | "
                    f"{', '.join(f'{p:.2f}' for p in per_run)} | {statistics.median(loads):.1f} [{min(loads):.1f}–{max(loads):.1f}] |")
        keys = []
        for s in timed:
            for k in s["profile_s"]:
                if k not in keys:
                    keys.append(k)
        for k in sorted(keys, key=phase_order):
            cells = []
            for c in ("one", "two"):
                values = [s["profile_s"][k] for s in timed if s["contender"] == c and k in s["profile_s"]]
                cells.append(f"{statistics.median(values):.1f}" if values else "–")
            profile_rows.append(f"| {title} | {k.strip() if not k.startswith('  ') else '&nbsp;&nbsp;' + k.strip()} | {cells[0]} | {cells[1]} |")

    sizes = sorted({line.split("ContainerStages: built ", 1)[1] for s in samples for line in s["built"]})
    sizes = sorted({re.sub(r"app:\S+?(-(amd64|arm64))?(?= )", lambda m: "app:N" + (m.group(1) or ""), x) for x in sizes})
    all_loads = [s["load1_before"] for s in samples if s["scenario"] != "warmup"]
    sample_rows = "\n".join(
        f"| {s['scenario']} | {s['run']} | {s['position']} | {s['contender']} | {sec(s['wall_ms'])} | {s['load1_before']:.2f} |"
        for s in samples)

    (out / "results.json").write_text(json.dumps({
        "machine": info, "runs": int(args.runs), "started_utc": args.started, "finished_utc": args.finished,
        "load_at_start": args.load_start, "load_at_end": args.load_end, "summary": summary, "samples": samples,
    }, indent=2) + "\n")
    (out / "results.md").write_text(f"""# Two platforms against one: results

Written by `bench/platforms/run.sh --runs {args.runs}` ({args.started}–{args.finished} UTC), package packed from
{info['commit']} ({info['package_version']}); the method is in [README.md](README.md), every sample in `results.json`.
Machine: {info['os']}, {info['nproc']} CPUs ({info['cpu_model']}), {info['memory_gib']} GiB; .NET SDK
{info['dotnet_sdk']}; Docker {info['docker']}. **The machine was busy with other work**: the 1-minute load
before a timed publish was {statistics.median(all_loads):.1f} median [{min(all_loads):.1f}–{max(all_loads):.1f}]
on 2 CPUs (at the start {args.load_start}, at the end {args.load_end}), so the absolute times are
inflated and noisy; the ratios come from pairs measured back to back.

Wall seconds of `dotnet publish`, median [min–max] of {args.runs} runs; two / one is the ratio of the medians,
then each run's own ratio:

| scenario | one platform (linux-x64) | two platforms (linux-x64;linux-arm64) | two / one | per run | 1-min load before |
|---|---|---|---|---|---|
{chr(10).join(rows)}

Images (the logs' `ContainerStages: built` lines): {'; '.join(sizes)}.

## Where the time goes

Median seconds of each phase, from the arrival times of the log lines; the indented rows are BuildKit's
own step times (`CSTG1008: #n DONE`) summed by stage, which overlap where steps run in parallel:

| scenario | phase | one platform | two platforms |
|---|---|---|---|
{chr(10).join(profile_rows)}

## Every sample

| scenario | run | position in the run | contender | wall s | 1-min load before |
|---|---|---|---|---|---|
{sample_rows}
""")
    print(f"platforms-bench: wrote {out / 'results.md'} and {out / 'results.json'}")


if __name__ == "__main__":
    main()
