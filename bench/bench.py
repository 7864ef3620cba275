#!/usr/bin/env python3
"""Measures ContainerStages against the .NET SDK's -t:PublishContainer and a naive single-stage
Dockerfile, side by side, on generated sample apps. Started by bench/run.sh, which provides the
engine, the local registry and the freshly packed package; see bench/README.md for the method.

Every number is the wall time of the one command a user would type, measured from here, so the
tools are compared on what people wait for. The logs of ContainerStages' own publishes are also
parsed for the profile: MSBuild's -clp:PerformanceSummary task times, the BuildKit step lines the
package logs as 'CSTG1008: #n DONE x.ys', and the arrival time of each line.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Callable

STANDIN = "containerstages-standin"
DOCKER = "/usr/bin/docker"  # Debian's CLI: DOCKER_BUILDKIT=1 works without buildx.
COMMAND_TIMEOUT_S = 20 * 60
# The same console logging for every dotnet command, so no tool pays for more output than another.
MSBUILD_LOG_ARGS = ["-tl:off", "-v:n", "-clp:PerformanceSummary", "-nologo"]

SCENARIOS = {
    "cold": "cold publish (fresh clone, build cache empty for the app)",
    "edit": "warm publish after a one-line source edit",
    "noop": "no-op republish",
    "projedit": "publish after a project-file edit (Version bump)",
}

# Columns of the comparison, in table order. 'cs-direct' and 'plain' are measured in the
# ContainerStages folder as evidence for the profile (no host compile / no image at all).
TOOLS = {
    "cs": "ContainerStages (`dotnet publish -p:ContainerStages=true`)",
    "sdk": "SDK (`dotnet publish -t:PublishContainer`)",
    "naive": "naive single-stage Dockerfile (`docker build`)",
    "multistage": "ContainerStages' generated Dockerfile via `docker build` (engine only)",
    "cs-direct": "ContainerStages without host build (`dotnet publish -p:ContainerStages=true -p:ContainerStagesHostBuild=false`)",
    "plain": "plain `dotnet publish` (no image)",
}


# The contenders, in the order the first run takes them (later runs rotate it).
TOOLS = ("cs", "sdk", "naive", "multistage")


def log(message: str) -> None:
    print(f"bench: {message}", flush=True)


# ----------------------------------------------------------------------------------------------
# Sample apps
# ----------------------------------------------------------------------------------------------

@dataclasses.dataclass
class App:
    key: str
    title: str
    project: str  # the containerized project, relative to the app root
    base: str  # stand-in runtime base: aspnet | runtime-deps
    edit_file: str  # holds the line with BENCH_EDIT that the source edit changes
    extra_props: list[str]  # properties every host-side publish of this app gets
    naive_run: str  # the naive Dockerfile's RUN line
    naive_entrypoint: str
    check: str  # how to check the image works: http | console
    expect: str  # text the running image must answer with
    framework_dependent: bool
    write_sources: Callable[["AppWriter"], None]


class AppWriter:
    """Writes one variant of an app: with ContainerStages referenced (and its local feed) or without."""

    def __init__(self, root: Path, with_containerstages: bool, package_version: str):
        self.root = root
        self.cs = with_containerstages
        self.version = package_version

    def write(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    def package_reference(self, with_version: bool = True) -> str:
        if not self.cs:
            return ""
        version = f' Version="{self.version}"' if with_version else ""
        return f'    <PackageReference Include="ContainerStages"{version} />\n'


def common_files(w: AppWriter, repo: Path) -> None:
    # Like the integration tests' TestProjectRoot: own global.json, empty Directory.Build.* so the
    # repository's files never leak in; the token line is what makes a 'cold' copy unique.
    shutil.copy(repo / "global.json", w.root / "global.json")
    w.write("Directory.Build.props", "<Project>\n  <!-- bench-cold-token: template -->\n</Project>\n")
    w.write("Directory.Build.targets", "<Project />\n")
    if w.cs:
        # The feed sits inside the root, so the restore inside the container finds it too. No <clear/>:
        # public packages come from this machine's NuGet sources, as in the tests.
        w.write("NuGet.config", """<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="containerstages-local" value="feed" />
  </packageSources>
</configuration>
""")


def write_webapi(w: AppWriter) -> None:
    w.write("src/Hello.Api/Hello.Api.csproj", f"""<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <Version>1.0.0</Version>
  </PropertyGroup>
  <ItemGroup>
{w.package_reference()}  </ItemGroup>
</Project>
""")
    w.write("src/Hello.Api/Program.cs", """var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/", () => "Hello from the bench, edit 0"); // BENCH_EDIT
app.MapGet("/health", () => Results.Ok());
app.Run();
""")


def write_solution(w: AppWriter) -> None:
    cs_version = f'    <PackageVersion Include="ContainerStages" Version="{w.version}" />\n' if w.cs else ""
    w.write("Directory.Packages.props", f"""<Project>
  <PropertyGroup>
    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageVersion Include="Newtonsoft.Json" Version="13.0.3" />
    <PackageVersion Include="MSTest" Version="4.5.2" />
{cs_version}  </ItemGroup>
</Project>
""")
    w.write("Shop.slnx", """<Solution>
  <Folder Name="/src/">
    <Project Path="src/Shop.Api/Shop.Api.csproj" />
    <Project Path="src/Shop.Core/Shop.Core.csproj" />
    <Project Path="src/Shop.Data/Shop.Data.csproj" />
  </Folder>
  <Folder Name="/tests/">
    <Project Path="tests/Shop.Tests/Shop.Tests.csproj" />
  </Folder>
</Solution>
""")
    w.write("src/Shop.Core/Shop.Core.csproj", """<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Newtonsoft.Json" />
  </ItemGroup>
</Project>
""")
    w.write("src/Shop.Core/Catalog.cs", """namespace Shop.Core;

public sealed record Item(string Name, decimal Price);

public static class Catalog
{
    public const string Banner = "Hello from the shop, edit 0"; // BENCH_EDIT

    public static string AsJson(IEnumerable<Item> items) =>
        Newtonsoft.Json.JsonConvert.SerializeObject(new { banner = Banner, items });
}
""")
    w.write("src/Shop.Core/Usings.cs", "global using System.Collections.Generic;\nglobal using System.Linq;\n")
    w.write("src/Shop.Data/Shop.Data.csproj", """<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="../Shop.Core/Shop.Core.csproj" />
  </ItemGroup>
</Project>
""")
    w.write("src/Shop.Data/Repository.cs", """using Shop.Core;

namespace Shop.Data;

public sealed class Repository
{
    private readonly List<Item> _items = [new("teapot", 42m), new("kettle", 17.5m)];

    public IReadOnlyList<Item> All() => _items;

    public Item? Find(string name) => _items.FirstOrDefault(i => i.Name == name);
}
""")
    w.write("src/Shop.Api/Shop.Api.csproj", f"""<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <Version>1.0.0</Version>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="../Shop.Core/Shop.Core.csproj" />
    <ProjectReference Include="../Shop.Data/Shop.Data.csproj" />
  </ItemGroup>
  <ItemGroup>
{w.package_reference(with_version=False)}  </ItemGroup>
</Project>
""")
    w.write("src/Shop.Api/Program.cs", """using Shop.Core;
using Shop.Data;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton<Repository>();
var app = builder.Build();
app.MapGet("/", (Repository repository) => Results.Text(Catalog.AsJson(repository.All()), "application/json"));
app.MapGet("/items/{name}", (string name, Repository repository) =>
    repository.Find(name) is { } item ? Results.Ok(item) : Results.NotFound());
app.Run();
""")
    # The test project is part of the repository (and of the build context) but never containerized.
    w.write("tests/Shop.Tests/Shop.Tests.csproj", """<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <IsPackable>false</IsPackable>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="MSTest" />
    <ProjectReference Include="../../src/Shop.Core/Shop.Core.csproj" />
  </ItemGroup>
</Project>
""")
    w.write("tests/Shop.Tests/CatalogTests.cs", """using Shop.Core;

namespace Shop.Tests;

[TestClass]
public sealed class CatalogTests
{
    [TestMethod]
    public void Serializes_items() =>
        StringAssert.Contains(Catalog.AsJson([new Item("teapot", 42m)]), "teapot");
}
""")


def write_console(w: AppWriter) -> None:
    w.write("src/Greeter/Greeter.csproj", f"""<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <Version>1.0.0</Version>
  </PropertyGroup>
  <ItemGroup>
{w.package_reference()}  </ItemGroup>
</Project>
""")
    w.write("src/Greeter/Program.cs", """const string Greeting = "Hello from Greeter, edit 0"; // BENCH_EDIT
Console.WriteLine($"{Greeting} ({System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription})");
""")


APPS = {
    "webapi": App(
        key="webapi", title="framework-dependent web API (1 project)",
        project="src/Hello.Api/Hello.Api.csproj", base="aspnet", edit_file="src/Hello.Api/Program.cs",
        extra_props=[], naive_run="dotnet publish src/Hello.Api/Hello.Api.csproj -o /app",
        naive_entrypoint='["dotnet", "Hello.Api.dll"]', check="http", expect="Hello from the bench",
        framework_dependent=True, write_sources=write_webapi),
    "solution": App(
        key="solution", title="web + 2 libraries (CPM, Newtonsoft.Json) + MSTest project",
        project="src/Shop.Api/Shop.Api.csproj", base="aspnet", edit_file="src/Shop.Core/Catalog.cs",
        extra_props=[], naive_run="dotnet publish src/Shop.Api/Shop.Api.csproj -o /app",
        naive_entrypoint='["dotnet", "Shop.Api.dll"]', check="http", expect="teapot",
        framework_dependent=True, write_sources=write_solution),
    "console-sc": App(
        key="console-sc", title="self-contained console app (linux-x64, runtime-deps base)",
        project="src/Greeter/Greeter.csproj", base="runtime-deps", edit_file="src/Greeter/Program.cs",
        extra_props=["-p:SelfContained=true", "-p:RuntimeIdentifier=linux-x64"],
        naive_run="dotnet publish src/Greeter/Greeter.csproj -r linux-x64 --self-contained -o /app",
        naive_entrypoint='["/app/Greeter"]', check="console", expect="Hello from Greeter",
        framework_dependent=False, write_sources=write_console),
}

NOT_MEASURED = [
    ("AOT console app", "not timed here: the SDK's publish of it needs clang on the host; bench/shapes/run.sh "
                        "measures its image (sdk-aot stand-in)"),
    ("Node/TypeScript service", "not timed here (no SDK equivalent): bench/node/run.sh compares it with a single-stage build"),
]


def merge_build_publish(text: str, extra: str = "", env: str = "") -> str:
    """The build stage runs `dotnet publish` (compile and publish in one process) and the publish stage
    keeps only its FROM/ARG lines: one MSBuild start, evaluation and up-to-date check instead of two."""
    # A RUN on one line, or with its options on a first line ending in a backslash.
    build = re.search(r"(RUN (?:[^\n]*\\\n\s+)?)dotnet build (\S+)([^\n]*)\n", text)
    publish = re.search(r"RUN (?:[^\n]*\\\n\s+)?dotnet publish [^\n]*--no-build[^\n]*\n", text)
    if not build or not publish or publish.start() < build.end():
        raise ValueError("no 'dotnet build' step followed by a 'dotnet publish --no-build' step")
    text = text[:publish.start()] + text[publish.end():]
    step = (f"{build.group(1)}{env + ' ' if env else ''}dotnet publish {build.group(2)}{build.group(3)}"
            f"{' ' + extra if extra else ''} -o /app/publish\n")
    return text[:build.start()] + step + text[build.end():]


def merge_without_restore(text: str) -> str:
    if re.search(r"dotnet build [^\n]*--no-restore", text):
        raise ValueError("the generated build step already has --no-restore")
    return merge_build_publish(text, "--no-restore")


def build_output_cache(text: str, extra: str = "", cache: str = "bench") -> str:
    """The one-step build stage with each project's obj/Release and bin/Release in a BuildKit cache
    mount: MSBuild finds the last build's outputs and skips what did not change (an unchanged
    library is not compiled again). restore's files in obj/ stay the layer's: only the configuration
    folder is mounted."""
    build = re.search(r"RUN (dotnet publish [^\n]*-o /app/publish)\n", text)
    if not build:
        raise ValueError("no one-step 'dotnet publish -o /app/publish' build step")
    folders = re.findall(r'COPY \["[^"]+\.(?:cs|fs|vb)proj", "([^"]*)"\]', text)
    if not folders:
        raise ValueError("no project COPY lines in the restore stage")
    mounts = []
    for folder in folders:
        key = re.sub(r"[^A-Za-z0-9]+", "-", folder).strip("-") or "root"
        for kind in ("obj", "bin"):
            mounts.append(f"--mount=type=cache,id={cache}-{kind}-{key},target=/src/{folder}{kind}/Release,sharing=locked")
    step = "RUN " + " \\\n    ".join(mounts) + " \\\n    " + build.group(1) + (" " + extra if extra else "") + "\n"
    return text[:build.start()] + step + text[build.end():]


DOCKERFILE_VARIANTS: dict[str, Callable[[str], str]] = {
    "generated": lambda text: text,
    "build-output-cache": build_output_cache,
    "build-output-cache-one-msbuild-node": lambda text: build_output_cache(text, "-m:1", cache="bench-m1"),
    "one-publish-step": merge_build_publish,
    "one-publish-step-no-restore": merge_without_restore,
    "one-publish-step-no-compiler-server": lambda text: merge_build_publish(text, "-p:UseSharedCompilation=false"),
    "one-publish-step-one-msbuild-node": lambda text: merge_build_publish(text, "-m:1"),
    "one-publish-step-tiered-pgo-off": lambda text: merge_build_publish(text, env="DOTNET_TieredPGO=0"),
}
# Not a Dockerfile variant: the SDK's way (compile on the host once, then put the host's publish
# output on the base image), built through BuildKit. Timed as host publish + docker build.
HOST_OUTPUT = "host-publish-then-copy"


# ----------------------------------------------------------------------------------------------
# Running commands
# ----------------------------------------------------------------------------------------------

@dataclasses.dataclass
class Result:
    rc: int
    wall_s: float
    lines: list[tuple[float, str]]  # (seconds since start, line)
    log_path: Path

    @property
    def ok(self) -> bool:
        return self.rc == 0

    @property
    def text(self) -> str:
        return "\n".join(line for _, line in self.lines)


def run(cmd: list[str], cwd: Path, env: dict[str, str], log_path: Path, timeout: float = COMMAND_TIMEOUT_S) -> Result:
    """Runs one command, timing it and stamping each output line with its arrival time. The log goes
    outside the app folder: a file written into the build context would change it."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    lines: list[tuple[float, str]] = []
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)

    def reader() -> None:
        assert proc.stdout is not None
        for raw in proc.stdout:
            lines.append((time.monotonic() - start, raw.decode("utf-8", "replace").rstrip("\n")))

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    try:
        rc = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # our own process group only
        rc = proc.wait()
        lines.append((time.monotonic() - start, f"bench: killed after {timeout:.0f} s"))
    wall = time.monotonic() - start
    # A lingering child (a reused MSBuild node, the compiler server) may keep the pipe open; the
    # command itself has ended, so do not wait for it.
    thread.join(timeout=2)
    with open(log_path, "w") as f:
        f.write(f"$ (cd {cwd} && {' '.join(cmd)})\n")
        for t, line in list(lines):
            f.write(f"[{t:8.3f}] {line}\n")
        f.write(f"bench: exit code {rc}, wall {wall:.3f} s\n")
    return Result(rc, wall, list(lines), log_path)


def docker(*args: str, check: bool = True, timeout: float = 300) -> str:
    p = subprocess.run([DOCKER, *args], capture_output=True, text=True, timeout=timeout)
    if check and p.returncode != 0:
        raise RuntimeError(f"docker {' '.join(args)} failed: {p.stderr.strip()}")
    return p.stdout.strip()


def load1() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


# ----------------------------------------------------------------------------------------------
# Parsing the logs
# ----------------------------------------------------------------------------------------------

STEP_NAME = re.compile(r"#(\d+) \[([^\]]+)\] (.*)$")
STEP_DONE = re.compile(r"#(\d+) DONE ([0-9.]+)s")
STEP_CACHED = re.compile(r"#(\d+) CACHED")
# "kept": a publish with nothing changed keeps the image the last one built (CSTG1126).
BUILT = re.compile(r"ContainerStages: (?:built|kept) (\S+) from stage '([^']+)'(?:, nothing changed)?: [0-9.]+ MB \(([0-9,]+) bytes\)")
CACHED_SUMMARY = re.compile(r"CSTG1010: (\d+) of (\d+) build steps were cached")
CONTEXT_SENT = re.compile(r"CSTG1007: Sent the build context (.+): (\d+) files, (\d+) bytes")
PERF_LINE = re.compile(r"^\s*(\d+) ms\s+(\S+)\s+(\d+) calls")


def perf_summary(text: str) -> dict[str, dict[str, int]]:
    """MSBuild's -clp:PerformanceSummary: {'targets': {name: ms}, 'tasks': {name: ms}} summed over projects."""
    section = None
    out: dict[str, dict[str, int]] = {"targets": {}, "tasks": {}}
    for line in text.splitlines():
        if "Target Performance Summary:" in line:
            section = "targets"
        elif "Task Performance Summary:" in line:
            section = "tasks"
        elif "Project Performance Summary:" in line:
            section = None
        elif section and (m := PERF_LINE.match(line)):
            out[section][m.group(2)] = out[section].get(m.group(2), 0) + int(m.group(1))
    return out


def build_steps(lines: list[tuple[float, str]], prefix: str = "") -> dict:
    """BuildKit's plain progress (the docker CLI's, or the package's CSTG1008 lines): the steps that ran,
    their durations, which were cached, and when the first and last step line arrived."""
    names: dict[str, str] = {}
    done: dict[str, float] = {}
    cached: set[str] = set()
    first = last = None
    for t, line in lines:
        if prefix and prefix not in line:
            continue
        body = line.split(prefix, 1)[1].strip() if prefix else line.strip()
        if not body.startswith("#"):
            continue
        if (m := STEP_NAME.match(body)) and m.group(1) not in names:
            names[m.group(1)] = f"[{m.group(2)}] {m.group(3)}"
        elif m := STEP_DONE.match(body):
            done[m.group(1)] = float(m.group(2))
        elif m := STEP_CACHED.match(body):
            cached.add(m.group(1))
        else:
            continue
        first = t if first is None else first
        last = t
    steps = []
    for number, name in sorted(names.items(), key=lambda kv: int(kv[0])):
        internal = name.startswith("[internal]") or "FROM " in name or " load " in name
        if internal:
            continue
        steps.append({"n": int(number), "name": short_step(name), "cached": number in cached,
                      "seconds": None if number in cached else done.get(number)})
    return {"steps": steps, "first_line_s": first, "last_line_s": last,
            "cached": sum(1 for s in steps if s["cached"]), "total": len(steps)}


def short_step(name: str) -> str:
    """'[build 2/2] RUN --mount=... dotnet build src/x.csproj -c Release ...' -> '[build 2/2] RUN dotnet build'."""
    name = re.sub(r"--mount=\S+\s*", "", name)
    m = re.match(r"(\[[^\]]+\]) (RUN|COPY|WORKDIR|USER|EXPOSE|ENTRYPOINT)\s+(.*)", name)
    if not m:
        return name[:60]
    label, instruction, rest = m.groups()
    if instruction == "RUN":
        words = rest.split()
        rest = " ".join(words[:2]) if words[:1] == ["dotnet"] else rest[:40]
    return f"{label} {instruction} {rest[:50]}"


def metrics_for(tool: str, result: Result) -> dict:
    text = result.text
    m: dict = {}
    if tool in ("cs", "cs-direct", "sdk", "plain"):
        perf = perf_summary(text)
        tasks, targets = perf["tasks"], perf["targets"]
        m["core_compile_ms"] = targets.get("CoreCompile", 0)
        m["restore_ms"] = tasks.get("RestoreTask", 0)
        if tool in ("cs", "cs-direct"):
            # Target times are exclusive, so the package's share is the sum of its targets: writing the
            # settings, reading the saved plan, generating (skipped when up to date) and the image build.
            package = sum(ms for name, ms in targets.items() if "ContainerStages" in name)
            img = tasks.get("BuildContainerStagesImage", 0)
            m["package_targets_ms"] = package
            m["plan_targets_ms"] = package - targets.get("_ContainerStagesBuildImage", img)
            m["generate_task_ms"] = tasks.get("GenerateContainerStagesDockerfile", 0)
            m["build_image_task_ms"] = img
            m["host_ms"] = round(result.wall_s * 1000 - package)
            steps = build_steps(result.lines, prefix="CSTG1008:")
            m.update(steps)
            if steps["first_line_s"] is not None:
                engine_ms = (steps["last_line_s"] - steps["first_line_s"]) * 1000
                m["engine_window_ms"] = round(engine_ms)
                # Everything in the build task that is not the engine reporting steps: connecting,
                # streaming the context, waiting for the first status, inspecting the image, logging.
                m["build_task_outside_engine_ms"] = round(img - engine_ms)
            if b := BUILT.search(text):
                m["image"] = b.group(1)
                m["image_bytes"] = int(b.group(3).replace(",", ""))
            if c := CONTEXT_SENT.search(text):
                m["context_files"], m["context_bytes"] = int(c.group(2)), int(c.group(3))
        if tool == "sdk":
            m["create_image_ms"] = tasks.get("CreateNewImage", 0)
            m["host_build_ms"] = round(result.wall_s * 1000 - m["create_image_ms"])
    else:
        m.update(build_steps(result.lines))
    return m


# ----------------------------------------------------------------------------------------------
# The benchmark
# ----------------------------------------------------------------------------------------------

class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.repo = Path(args.repo)
        self.work = Path(args.work)
        self.results_dir = self.repo / "bench" / "results"
        self.failure_logs = self.results_dir / "logs"
        self.samples: list[dict] = []
        self.failures: list[dict] = []
        self.checks: dict[str, dict[str, str]] = {}
        self.sizes: dict[str, dict] = {}
        self.profile: dict[str, dict] = {}
        self.image_refs: set[str] = set()
        self.image_ids: set[str] = set()
        self.counter = 0
        self.quiet: dict = {}
        self.prefix = f"containerstages-bench-{args.session}"
        self.source = source_state(self.repo)  # read now: the checkout may change while we measure
        # A private, persistent NuGet folder: no download twice across runs, and nothing of this
        # benchmark in the machine's own cache. The package version is unique per run anyway.
        self.nuget = Path(os.environ.get("CONTAINERSTAGES_BENCH_CACHE", "/var/cache/containerstages-bench")) / "nuget-packages"
        shutil.rmtree(self.nuget / "containerstages", ignore_errors=True)
        self.nuget.mkdir(parents=True, exist_ok=True)
        # The SDK's container content store (base image layers) lives under XDG_CACHE_HOME/dotnet:
        # private to the benchmark, filled once by the priming publish like a pulled base image.
        self.sdk_cache = self.work / "sdk-xdg-cache"
        # MSBuild reads environment variables as properties, so the machine's environment is part of the
        # setup: MSBUILD* (e.g. MSBUILDDISABLENODEREUSE=1 on CI-like machines) is dropped so MSBuild runs
        # with its defaults; UseSharedCompilation=false (no Roslyn compiler server on the host) is kept as
        # the machine has it unless --developer-defaults asks for a developer box's defaults.
        dropped = ("MSBUILD", "DOCKER_HOST") + (("UseSharedCompilation",) if args.developer_defaults else ())
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
        self.build_env = {
            "compiler_server": "off (UseSharedCompilation=false in the environment)"
            if self.env.get("UseSharedCompilation", "").lower() == "false" else "on",
            "msbuild_node_reuse": "on",
            "msbuild_server": "off" if self.env.get("DOTNET_CLI_USE_MSBUILD_SERVER", "0") in ("0", "false") else "on",
        }
        self.env.update({
            "NUGET_PACKAGES": str(self.nuget),
            "DOTNET_CLI_TELEMETRY_OPTOUT": "1",
            "DOTNET_NOLOGO": "1",
            "DOTNET_SKIP_FIRST_TIME_EXPERIENCE": "1",
        })
        self.sdk_env = dict(self.env, DOTNET_CONTAINER_INSECURE_REGISTRIES=args.registry, XDG_CACHE_HOME=str(self.sdk_cache))
        self.docker_env = dict(self.env, DOCKER_BUILDKIT="1")

    # --- folders -------------------------------------------------------------------------------

    def template(self, app: App, variant: str) -> Path:
        """variant: cs (references ContainerStages), plain (does not), naive (plain + Dockerfile)."""
        path = self.work / "templates" / app.key / variant
        if path.exists():
            return path
        w = AppWriter(path, with_containerstages=variant in ("cs", "multistage"), package_version=self.args.package_version)
        path.mkdir(parents=True)
        common_files(w, self.repo)
        if w.cs:
            (path / "feed").mkdir()
            shutil.copy(self.args.package, path / "feed")
        app.write_sources(w)
        if variant == "naive":
            # What people write first: everything in, publish, run. No .dockerignore, no cache mount.
            w.write("Dockerfile", f"""FROM {STANDIN}/sdk:10.0
WORKDIR /src
COPY . .
RUN {app.naive_run}
WORKDIR /app
ENTRYPOINT {app.naive_entrypoint}
""")
        return path

    def fresh_folder(self, app: App, tool: str, run_index: int) -> Path:
        """A fresh clone: no bin/, no obj/, and a token no build cache has seen, so every build step
        after FROM misses (the token is in Directory.Build.props, which every tool's first COPY reads)."""
        variant = {"cs": "cs", "sdk": "plain", "naive": "naive", "multistage": "multistage"}[tool]
        folder = self.work / "runs" / app.key / f"{tool}-{run_index}"
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(self.template(app, variant), folder)
        token = uuid.uuid4().hex
        props = folder / "Directory.Build.props"
        props.write_text(props.read_text().replace("bench-cold-token: template", f"bench-cold-token: {token}"))
        return folder

    def next_counter(self) -> int:
        self.counter += 1
        return self.counter

    def edit_source(self, app: App, folder: Path) -> None:
        # Unique across runs of the benchmark too: the engine's build cache outlives a run, and an
        # output seen before would let the image's last COPY come from the cache.
        path = folder / app.edit_file
        n = f"{self.args.session}-{self.next_counter()}"
        text = "\n".join(re.sub(r"edit [0-9-]+", f"edit {n}", line) if "BENCH_EDIT" in line else line
                         for line in path.read_text().split("\n"))
        path.write_text(text)

    def edit_project(self, app: App, folder: Path) -> None:
        path = folder / app.project
        n = self.next_counter()
        path.write_text(re.sub(r"<Version>1\.0\.\d+</Version>", f"<Version>1.0.{n}</Version>", path.read_text()))

    # --- commands ------------------------------------------------------------------------------

    def repository(self, app: App) -> str:
        return f"{self.prefix}/{app.key}"

    def command(self, app: App, tool: str, extra: list[str] | None = None) -> tuple[list[str], dict[str, str]]:
        repo = self.repository(app)
        extra = extra or []
        if tool == "cs":
            return (["dotnet", "publish", app.project, "-p:ContainerStages=true",
                     f"-p:ContainerBaseImage={STANDIN}/{app.base}:10.0", f"-p:ContainerStagesSdkImage={STANDIN}/sdk:10.0",
                     f"-p:ContainerRepository={repo}", "-p:ContainerImageTag=cs", *app.extra_props, *MSBUILD_LOG_ARGS, *extra],
                    self.env)
        if tool == "cs-direct":
            # The documented switch: restore on the host, compile and publish only in the image's build stage.
            return (["dotnet", "publish", app.project, "-p:ContainerStages=true", "-p:ContainerStagesHostBuild=false",
                     f"-p:ContainerBaseImage={STANDIN}/{app.base}:10.0", f"-p:ContainerStagesSdkImage={STANDIN}/sdk:10.0",
                     f"-p:ContainerRepository={repo}", "-p:ContainerImageTag=cs-direct", *app.extra_props, *MSBUILD_LOG_ARGS, *extra],
                    self.env)
        if tool == "plain":
            return (["dotnet", "publish", app.project, *app.extra_props, *MSBUILD_LOG_ARGS, *extra], self.env)
        if tool == "sdk":
            return (["dotnet", "publish", app.project, "-t:PublishContainer",
                     f"-p:ContainerBaseImage={self.args.registry}/{STANDIN}/{app.base}:10.0",
                     f"-p:ContainerRepository={repo}", "-p:ContainerImageTag=sdk", *app.extra_props, *MSBUILD_LOG_ARGS, *extra],
                    self.sdk_env)
        if tool == "naive":
            return ([DOCKER, "build", "--progress=plain", "-t", f"{repo}:naive", "."], self.docker_env)
        if tool == "multistage":
            dockerfile = str(Path(app.project).parent / "Dockerfile")
            return ([DOCKER, "build", "--progress=plain", "--target", "runtime", "-f", dockerfile, "-t", f"{repo}:multistage", "."],
                    self.docker_env)
        raise ValueError(tool)

    def image_ref(self, app: App, tool: str) -> str:
        return f"{self.repository(app)}:{tool}"

    def execute(self, app: App, tool: str, scenario: str, folder: Path, run_index: int, extra: list[str] | None = None,
                label: str | None = None) -> Result:
        cmd, env = self.command(app, tool, extra)
        name = label or f"r{run_index}-{app.key}-{tool}-{scenario}"
        result = run(cmd, folder, env, self.work / "logs" / f"{name}.log")
        if result.ok and tool not in ("plain",):
            ref = self.image_ref(app, tool)
            self.image_refs.add(ref)
            image_id = docker("image", "inspect", "-f", "{{.Id}}", ref, check=False)
            if image_id:
                self.image_ids.add(image_id)
        return result

    def record(self, app: App, tool: str, scenario: str, run_index: int, result: Result, load: float) -> dict:
        sample = {"app": app.key, "tool": tool, "scenario": scenario, "run": run_index, "ok": result.ok,
                  "wall_s": round(result.wall_s, 3), "load1_before": load}
        if result.ok:
            sample.update(metrics_for(tool, result))
        self.samples.append(sample)
        status = f"{result.wall_s:6.2f} s" if result.ok else f"FAILED (exit {result.rc})"
        extra = ""
        if result.ok and tool in ("cs", "cs-direct") and "host_ms" in sample:
            extra = (f"  [host {sample['host_ms'] / 1000:.1f} s, image task {sample['build_image_task_ms'] / 1000:.1f} s, "
                     f"cached {sample.get('cached', '?')}/{sample.get('total', '?')}]")
        log(f"run {run_index}: {app.key:<10} {tool:<10} {scenario:<8} {status}  (load {load:.2f}){extra}")
        if not result.ok:
            self.failure_logs.mkdir(parents=True, exist_ok=True)
            kept = self.failure_logs / result.log_path.name
            shutil.copy(result.log_path, kept)
            self.failures.append({"app": app.key, "tool": tool, "scenario": scenario, "run": run_index,
                                  "log": str(kept.relative_to(self.repo))})
            log(f"  log kept: {kept.relative_to(self.repo)}")
            for _, line in result.lines[-15:]:
                print(f"    | {line}")
        return sample

    # --- scenario sequences ----------------------------------------------------------------------

    def sequence(self, app: App, tool: str, run_index: int) -> None:
        """cold -> edit -> no-op -> project edit in one fresh folder; a failure aborts the rest of
        this sequence (the later scenarios depend on the state the failed one should have left)."""
        folder = self.fresh_folder(app, tool, run_index)
        steps: list[tuple[str, str, Callable[[], None] | None]] = [("cold", tool, None), ("edit", tool, lambda: self.edit_source(app, folder)),
                                                                  ("noop", tool, None), ("projedit", tool, lambda: self.edit_project(app, folder))]
        if tool == "cs":
            # Evidence for the profile, in the same folder and after the timed sequence (a source edit built
            # only in the container leaves the host's output behind, which the next host build would pay
            # for): a plain publish with nothing to do, and the package's own target without the host
            # build (edit, then no-op). The in-container edit is a warm one: an untimed in-container build of
            # this folder's state comes first, as the last publish of a team that builds this way would have
            # been (without it the edit also paid for the restore that the project-file edit left to redo).
            steps += [("noop", "plain", None), ("warmup", "cs-direct", None), ("edit", "cs-direct", lambda: self.edit_source(app, folder)),
                      ("noop", "cs-direct", None)]
        for scenario, variant, prepare in steps:
            if prepare:
                prepare()
            load = load1()
            result = self.execute(app, variant, scenario, folder, run_index)
            if scenario == "warmup" and result.ok:
                continue
            self.record(app, variant, scenario, run_index, result, load)
            if not result.ok:
                log(f"  {app.key}/{tool}: sequence aborted at {variant} {scenario}")
                return
            if scenario == "cold" and run_index == 1:
                self.check_image(app, tool)
                self.record_size(app, tool, folder, result)

    def prime(self, app: App) -> None:
        """Untimed: fills what 'cold' keeps warm (NuGet folders, the SDK's base-image layer store,
        JIT-warm compiler server) and produces the Dockerfile the multistage tool builds."""
        folder = self.work / "prime" / app.key / "cs"
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(self.template(app, "cs"), folder)
        result = self.execute(app, "cs", "prime", folder, 0, label=f"prime-{app.key}-cs")
        if not result.ok:
            self.record(app, "cs", "prime", 0, result, load1())
            raise RuntimeError(f"priming {app.key} with ContainerStages failed; see {result.log_path}")
        multistage = self.work / "templates" / app.key / "multistage"
        if not multistage.exists():
            shutil.copytree(self.template(app, "cs"), multistage)
            dockerfile = Path(app.project).parent / "Dockerfile"
            shutil.copy(folder / dockerfile, multistage / dockerfile)
            shutil.copy(folder / ".dockerignore", multistage / ".dockerignore")
        folder = self.work / "prime" / app.key / "sdk"
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(self.template(app, "plain"), folder)
        result = self.execute(app, "sdk", "prime", folder, 0, label=f"prime-{app.key}-sdk")
        if not result.ok:
            self.record(app, "sdk", "prime", 0, result, load1())
            raise RuntimeError(f"priming {app.key} with the SDK failed; see {result.log_path}")
        # The SDK variant's publish folder is the reference 'published output' for the size table.
        self.sizes.setdefault(app.key, {})["output_bytes"] = publish_dir_bytes(folder, app)

    # --- image checks and sizes ---------------------------------------------------------------------

    def check_image(self, app: App, tool: str) -> None:
        ref = self.image_ref(app, tool)
        try:
            ok, detail = (http_check if app.check == "http" else console_check)(ref, app.expect)
        except Exception as e:  # a check must never abort the benchmark
            ok, detail = False, str(e)
        self.checks.setdefault(app.key, {})[tool] = "runs" if ok else f"does not run: {detail}"
        log(f"  {app.key}/{tool}: image {'runs' if ok else 'DOES NOT RUN: ' + detail}")

    def record_size(self, app: App, tool: str, folder: Path, result: Result) -> None:
        ref = self.image_ref(app, tool)
        size = int(docker("image", "inspect", "-f", "{{.Size}}", ref))
        base = f"{STANDIN}/sdk:10.0" if tool == "naive" else f"{STANDIN}/{app.base}:10.0"
        base_size = int(docker("image", "inspect", "-f", "{{.Size}}", base))
        self.sizes.setdefault(app.key, {})[tool] = {"image_bytes": size, "base": base, "base_bytes": base_size}

    # --- profile pass ------------------------------------------------------------------------------

    def profile_pass(self, app: App) -> None:
        """After the timed runs, in the last ContainerStages folder: one no-op with a detailed file log
        (the build-context size is a low-importance message), and the engine-only no-op for comparison."""
        folders = sorted((self.work / "runs" / app.key).glob("cs-*"))
        if not folders:
            return
        folder = folders[-1]
        detailed = self.work / "logs" / f"profile-{app.key}-cs-detailed.log"
        result = self.execute(app, "cs", "profile", folder, 0, label=f"profile-{app.key}-cs-noop",
                              extra=["-fl", f"-flp:verbosity=detailed;logfile={detailed}"])
        prof: dict = {}
        if result.ok and detailed.exists():
            if c := CONTEXT_SENT.search(detailed.read_text(errors="replace")):
                prof["context_files"], prof["context_bytes"] = int(c.group(2)), int(c.group(3))
        # The same Dockerfile and context through the docker CLI. The first build after the package's
        # shows whether the two share BuildKit's cache (same context content, so every step should be
        # CACHED); the following no-ops are the engine's own no-op time for the overhead estimate.
        dockerfile = str(Path(app.project).parent / "Dockerfile")
        first = run([DOCKER, "build", "--progress=plain", "--target", "runtime", "-f", dockerfile, "."], folder, self.docker_env,
                    self.work / "logs" / f"profile-{app.key}-cli-first.log")
        if first.ok:
            steps = build_steps(first.lines)
            prof["cli_first_after_package"] = {
                "wall_s": round(first.wall_s, 3),
                "steps_run": [f"{st['name']} {st['seconds']}" for st in steps["steps"] if not st["cached"]]}
        # Side by side: each package no-op is followed at once by the same no-op through the CLI, so the
        # two see the same machine load; the overhead is the median of the pairs' differences.
        timings = []
        pairs = []
        for i in range(max(5, self.args.runs)):
            package = self.execute(app, "cs", "profile", folder, 0, label=f"profile-{app.key}-cs-noop-{i}")
            cli = run([DOCKER, "build", "--progress=plain", "--target", "runtime", "-f", dockerfile, "."], folder, self.docker_env,
                      self.work / "logs" / f"profile-{app.key}-cli-noop-{i}.log")
            if cli.ok:
                timings.append(cli.wall_s)
            if package.ok and cli.ok:
                m = metrics_for("cs", package)
                if m.get("build_image_task_ms"):
                    pairs.append({"plan_ms": m["plan_targets_ms"], "task_ms": m["build_image_task_ms"], "cli_ms": round(cli.wall_s * 1000),
                                  "overhead_ms": m["plan_targets_ms"] + m["build_image_task_ms"] - round(cli.wall_s * 1000)})
        if timings:
            prof["cli_noop_s"] = {"median": statistics.median(timings), "min": min(timings), "max": max(timings), "n": len(timings)}
        if pairs:
            prof["overhead_pairs"] = pairs
        self.profile[app.key] = prof

    # --- Dockerfile experiments (evidence for production changes) ------------------------------------

    def experiments(self, apps: list[App]) -> None:
        """Warm edit through `docker build` for variants of the generated Dockerfile: what the container
        part of ContainerStages would cost with a different Dockerfile. Interleaved per run."""
        folders: dict[tuple[str, str], Path] = {}
        for app in apps:
            template = self.work / "templates" / app.key / "multistage"
            dockerfile = Path(app.project).parent / "Dockerfile"
            generated = (template / dockerfile).read_text()
            for name, transform in DOCKERFILE_VARIANTS.items():
                try:
                    text = transform(generated)
                except ValueError as e:
                    log(f"experiment {name} not applicable to {app.key}: {e}")
                    continue
                folder = self.work / "experiments" / app.key / name
                shutil.rmtree(folder, ignore_errors=True)
                shutil.copytree(template, folder)
                props = folder / "Directory.Build.props"
                props.write_text(props.read_text().replace("bench-cold-token: template", f"bench-cold-token: {uuid.uuid4().hex}"))
                (folder / dockerfile).write_text(text)
                warm = self.experiment_build(app, name, folder, "warm-up")
                if warm.ok:
                    folders[(app.key, name)] = folder
                else:
                    log(f"experiment {app.key}/{name}: warm-up build failed; log {warm.log_path}")
            folder = self.work / "experiments" / app.key / HOST_OUTPUT
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(self.template(app, "plain"), folder)
            if self.host_output_build(app, folder, "warm-up").ok:
                folders[(app.key, HOST_OUTPUT)] = folder
            else:
                log(f"experiment {app.key}/{HOST_OUTPUT}: warm-up failed")
        for run_index in range(1, self.args.runs + 1):
            for app in apps:
                for name in [*DOCKERFILE_VARIANTS, HOST_OUTPUT]:
                    folder = folders.get((app.key, name))
                    if folder is None:
                        continue
                    self.edit_source(app, folder)
                    load = load1()
                    if name == HOST_OUTPUT:
                        result = self.host_output_build(app, folder, f"r{run_index}")
                    else:
                        result = self.experiment_build(app, name, folder, f"r{run_index}")
                    self.record(app, f"exp:{name}", "edit", run_index, result, load)

    def host_output_build(self, app: App, folder: Path, label: str) -> Result:
        """`dotnet publish` on the host, then `docker build` of FROM base + COPY of the publish folder."""
        cmd, env = self.command(app, "plain")
        publish = run(cmd, folder, env, self.work / "logs" / f"exp-{app.key}-{HOST_OUTPUT}-{label}-publish.log")
        if not publish.ok:
            return publish
        output = newest_publish_dir(folder, app)
        dockerfile = self.work / "experiments" / app.key / f"{HOST_OUTPUT}.Dockerfile"
        dockerfile.write_text(f"FROM {STANDIN}/{app.base}:10.0\nWORKDIR /app\nCOPY . .\nUSER 1654\nENTRYPOINT {app.naive_entrypoint}\n")
        ref = f"{self.repository(app)}:exp-{HOST_OUTPUT}"
        build = run([DOCKER, "build", "--progress=plain", "-f", str(dockerfile), "-t", ref, str(output)], folder, self.docker_env,
                    self.work / "logs" / f"exp-{app.key}-{HOST_OUTPUT}-{label}-build.log")
        if build.ok:
            self.image_refs.add(ref)
            if image_id := docker("image", "inspect", "-f", "{{.Id}}", ref, check=False):
                self.image_ids.add(image_id)
        return Result(build.rc, publish.wall_s + build.wall_s, publish.lines + build.lines, build.log_path)

    def experiment_build(self, app: App, name: str, folder: Path, label: str) -> Result:
        ref = f"{self.repository(app)}:exp-{name}"
        dockerfile = str(Path(app.project).parent / "Dockerfile")
        result = run([DOCKER, "build", "--progress=plain", "--target", "runtime", "-f", dockerfile, "-t", ref, "."], folder,
                     self.docker_env, self.work / "logs" / f"exp-{app.key}-{name}-{label}.log")
        if result.ok:
            self.image_refs.add(ref)
            if image_id := docker("image", "inspect", "-f", "{{.Id}}", ref, check=False):
                self.image_ids.add(image_id)
        return result

    # --- waiting for a quiet machine ----------------------------------------------------------------

    def wait_quiet(self, threshold: float = 0.8, hold_s: float = 30, max_wait_s: float = 600) -> None:
        log(f"waiting for a quiet machine (1-minute load < {threshold} for {hold_s:.0f} s, at most {max_wait_s / 60:.0f} min)")
        start = time.monotonic()
        quiet_since = None
        seen = []
        while True:
            now = time.monotonic()
            value = load1()
            seen.append(value)
            if value < threshold:
                quiet_since = quiet_since if quiet_since is not None else now
                if now - quiet_since >= hold_s:
                    self.quiet = {"reached": True, "waited_s": round(now - start), "load1": value}
                    log(f"machine quiet after {now - start:.0f} s (load {value:.2f})")
                    return
            else:
                quiet_since = None
            if now - start >= max_wait_s:
                self.quiet = {"reached": False, "waited_s": round(now - start), "load1": value, "min_load1": min(seen)}
                log(f"machine not quiet after {max_wait_s / 60:.0f} min (load {value:.2f}); measuring anyway")
                return
            time.sleep(2)

    # --- main ----------------------------------------------------------------------------------------

    def main(self) -> int:
        apps = [APPS[k] for k in self.args.apps]
        tools = self.args.tools
        started = datetime.datetime.now(datetime.timezone.utc)
        try:
            for app in apps:
                log(f"priming {app.key} (untimed)")
                self.prime(app)
            if self.args.wait_quiet:
                self.wait_quiet()
            load_start = Path("/proc/loadavg").read_text().split()[:3]
            if not self.args.experiments_only:
                for run_index in range(1, self.args.runs + 1):
                    for app in apps:
                        # Rotate the tool order per run so that no tool always runs right after another.
                        shift = (run_index - 1) % len(tools)
                        for tool in tools[shift:] + tools[:shift]:
                            self.sequence(app, tool, run_index)
                for app in apps:
                    self.profile_pass(app)
            if self.args.experiments or self.args.experiments_only:
                self.experiments(apps)
            load_end = Path("/proc/loadavg").read_text().split()[:3]
        finally:
            self.cleanup()
        finished = datetime.datetime.now(datetime.timezone.utc)
        report = Report(self, apps, started, finished, load_start, load_end)
        stem = self.args.out or ("quick" if self.args.quick else "experiments" if self.args.experiments_only else "latest")
        self.results_dir.mkdir(parents=True, exist_ok=True)
        md = self.results_dir / f"{stem}.md"
        md.write_text(report.markdown())
        (self.results_dir / f"{stem}.json").write_text(json.dumps(report.raw(), indent=1) + "\n")
        log(f"wrote {md.relative_to(self.repo)} and {stem}.json")
        print()
        print(report.markdown())
        return 1 if self.failures else 0

    def cleanup(self) -> None:
        # Only what this run built: its tags, then the image ids they pointed to over time.
        for ref in sorted(self.image_refs):
            docker("rmi", "-f", ref, check=False)
        for image_id in sorted(self.image_ids):
            docker("rmi", image_id, check=False)


def newest_publish_dir(folder: Path, app: App) -> Path | None:
    candidates = sorted((folder / Path(app.project).parent / "bin").glob("**/publish"), key=lambda p: p.stat().st_mtime)
    return candidates[-1] if candidates else None


def publish_dir_bytes(folder: Path, app: App) -> int:
    """Bytes of the newest publish/ folder of the app's project (what the SDK puts in its layer)."""
    output = newest_publish_dir(folder, app)
    return sum(f.stat().st_size for f in output.rglob("*") if f.is_file()) if output else 0


def http_check(ref: str, expect: str) -> tuple[bool, str]:
    container = docker("run", "-d", "-p", "127.0.0.1::8080", ref)
    try:
        port = docker("port", container, "8080/tcp").splitlines()[0].rsplit(":", 1)[1]
        deadline = time.monotonic() + 30
        body = ""
        while time.monotonic() < deadline:
            p = subprocess.run(["curl", "-fsS", "--max-time", "2", f"http://127.0.0.1:{port}/"], capture_output=True, text=True)
            if p.returncode == 0:
                body = p.stdout
                break
            time.sleep(0.5)
        if expect in body:
            return True, body[:80]
        logs = docker("logs", "--tail", "5", container, check=False)
        return False, f"no answer with '{expect}' on / (got '{body[:60]}'; logs: {logs[-200:]!r})"
    finally:
        docker("rm", "-f", container, check=False)


def console_check(ref: str, expect: str) -> tuple[bool, str]:
    p = subprocess.run([DOCKER, "run", "--rm", ref], capture_output=True, text=True, timeout=120)
    out = " ".join((p.stdout + p.stderr).split())
    return (p.returncode == 0 and expect in out), f"exit code {p.returncode}: {out[:300]}"


# ----------------------------------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------------------------------

def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    os_name = next((line.split("=", 1)[1].strip('"') for line in Path("/etc/os-release").read_text().splitlines()
                    if line.startswith("PRETTY_NAME=")), platform.platform())

    def out(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, cwd="/", timeout=60).stdout.strip()
        except Exception:
            return "unknown"

    return {
        "cpus": os.cpu_count(), "nproc": out(["nproc"]), "cpu_model": cpu, "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "os": os_name, "kernel": platform.release(), "dotnet_sdk": out(["dotnet", "--version"]),
        "docker_engine": out([DOCKER, "version", "-f", "{{.Server.Version}} (API {{.Server.APIVersion}})"]),
        "docker_cli": out([DOCKER, "version", "-f", "{{.Client.Version}}"]),
        "registry": out(["dpkg-query", "-W", "-f", "${Version}", "docker-registry"]),
        "binfmt_emulators": binfmt_emulators(),
    }


def binfmt_emulators() -> list[str]:
    """The enabled binfmt_misc entries: this engine's BuildKit runs each one at the start of every build."""
    folder = Path("/proc/sys/fs/binfmt_misc")
    if not folder.is_dir():
        return []
    found = []
    for entry in sorted(folder.iterdir()):
        if entry.name in ("register", "status"):
            continue
        try:
            if entry.read_text().splitlines()[0].strip() == "enabled":
                found.append(entry.name)
        except OSError:
            pass
    return found


def source_state(repo: Path) -> str:
    """The commit the package was packed from, and whether its sources had uncommitted changes."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "src", "build", "buildTransitive", "buildMultiTargeting")
    return f"{commit}{' + uncommitted changes in src/build' if dirty else ''}"


def stats(values: list[float]) -> dict | None:
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def fmt_s(s: dict | None) -> str:
    if not s:
        return "—"
    if s["n"] == 1:
        return f"{s['median']:.1f}"
    return f"{s['median']:.1f} ({s['min']:.1f}–{s['max']:.1f})"


def fmt_ratio(a: dict | None, b: dict | None) -> str:
    if not a or not b or b["median"] == 0:
        return "—"
    return f"{a['median'] / b['median']:.2f}"


def mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


def signed_kb(n: float) -> str:
    return f"{n / 1e3:+,.0f} kB"


class Report:
    def __init__(self, bench, apps: list[App], started, finished, load_start, load_end, machine_info: dict | None = None):
        self.b = bench
        self.apps = apps
        self.started = started
        self.finished = finished
        self.load_start = load_start
        self.load_end = load_end
        self.machine = machine_info or machine()
        self.source = bench.source
        self.build_env = getattr(bench, "build_env", None) or {}

    @staticmethod
    def from_json(path: Path) -> "Report":
        """Re-renders a results JSON (after a change to the report's layout) without measuring again."""
        raw = json.loads(path.read_text())
        args = argparse.Namespace(runs=raw["runs"], quick=path.stem == "quick", package_version=raw["package_version"],
                                  experiments_only=path.stem == "experiments", tools=raw.get("tools", list(TOOLS)),
                                  developer_defaults=raw.get("build_env", {}).get("compiler_server") == "on")
        data = argparse.Namespace(args=args, samples=raw["samples"], sizes=raw["sizes"], checks=raw["checks"],
                                  profile=raw["profile"], failures=raw["failures"], quiet=raw["quiet"],
                                  source=raw.get("source", "unknown"), build_env=raw.get("build_env", {}))
        return Report(data, [APPS[a] for a in raw["apps"]], datetime.datetime.fromisoformat(raw["started"]),
                      datetime.datetime.fromisoformat(raw["finished"]), raw["load_start"], raw["load_end"], raw["machine"])

    def walls(self, app: str, tool: str, scenario: str) -> dict | None:
        return stats([s["wall_s"] for s in self.b.samples
                      if s["app"] == app and s["tool"] == tool and s["scenario"] == scenario and s["ok"] and s["run"] >= 1])

    def metric(self, app: str, tool: str, scenario: str, key: str) -> dict | None:
        return stats([s[key] for s in self.b.samples
                      if s["app"] == app and s["tool"] == tool and s["scenario"] == scenario and s["ok"] and s["run"] >= 1
                      and s.get(key) is not None])

    def machine_line(self) -> str:
        m = self.machine
        loads = [s["load1_before"] for s in self.b.samples if s["run"] >= 1]
        quiet = self.b.quiet
        quiet_text = ("not waited for" if not quiet else
                      f"quiet (<0.8 for 30 s) after {quiet['waited_s']} s" if quiet["reached"] else
                      f"never below 0.8 for 30 s within {quiet['waited_s']} s (lowest {quiet['min_load1']:.2f})")
        load_text = (f"1-minute load before each command: median {statistics.median(loads):.2f}, max {max(loads):.2f}; "
                     f"machine {quiet_text}") if loads else ""
        return (f"{m['os']}, {m['nproc']} CPUs ({m['cpu_model']}), {m['memory_gib']} GiB RAM; .NET SDK {m['dotnet_sdk']}; "
                f"Docker engine {m['docker_engine']}, CLI {m['docker_cli']}; docker-registry {m['registry']}; "
                f"binfmt emulators enabled: {', '.join(m.get('binfmt_emulators') or []) or 'none'}; "
                f"{self.started:%Y-%m-%d %H:%M}–{self.finished:%H:%M} UTC; ContainerStages {self.b.args.package_version} "
                f"packed from {self.source}; {self.b.args.runs} run(s) per cell. {load_text}.{self.env_text()}")

    def env_text(self) -> str:
        e = self.build_env
        if not e:
            return ""
        return (f" Host builds: Roslyn compiler server {e['compiler_server']}, MSBuild node reuse {e['msbuild_node_reuse']}, "
                f"MSBuild server {e['msbuild_server']}.")

    def markdown(self) -> str:
        b = self.b
        out: list[str] = []
        out.append("# ContainerStages benchmark" + (": Dockerfile experiments" if getattr(b.args, "experiments_only", False) else ""))
        out.append("")
        out.append(f"Machine: {self.machine_line()}")
        out.append("")
        if getattr(b.args, "experiments_only", False):
            out.append("Command: `bench/run.sh --experiments-only" + (f" --runs {b.args.runs}" if b.args.runs != 5 else "") + "`.")
            out.append("")
            out.extend(self.experiments_table())
            return "\n".join(out)
        out.append("Wall seconds, median (min–max) of the runs; ratios are ContainerStages' median / the other's median "
                   "(below 1 means ContainerStages is faster). Command: `bench/run.sh"
                   + (f" --runs {b.args.runs}" if b.args.runs != 5 else "") + (" --quick" if b.args.quick else "")
                   + (f" --tools {','.join(b.args.tools)}" if list(getattr(b.args, "tools", TOOLS)) != list(TOOLS) else "")
                   + (" --developer-defaults" if getattr(b.args, "developer_defaults", False) else "") + "`.")
        out.append("")
        out.append("| app | scenario | ContainerStages | SDK `-t:PublishContainer` | naive single-stage | CS / SDK | CS / naive "
                   "| generated multi-stage via `docker build` | CS / multi-stage |")
        out.append("|---|---|---|---|---|---|---|---|---|")
        for app in self.apps:
            for scenario in SCENARIOS:
                cs = self.walls(app.key, "cs", scenario)
                sdk = self.walls(app.key, "sdk", scenario)
                naive = self.walls(app.key, "naive", scenario)
                multi = self.walls(app.key, "multistage", scenario)
                out.append(f"| {app.key} | {scenario} | {fmt_s(cs)} | {fmt_s(sdk)} | {fmt_s(naive)} | {fmt_ratio(cs, sdk)} "
                           f"| {fmt_ratio(cs, naive)} | {fmt_s(multi)} | {fmt_ratio(cs, multi)} |")
            plain = self.walls(app.key, "plain", "noop")
            out.append(f"| {app.key} | no-op, plain `dotnet publish` (no image) | {fmt_s(plain)} | | | | | | |")
            for scenario in ("edit", "noop"):
                direct = self.walls(app.key, "cs-direct", scenario)
                sdk = self.walls(app.key, "sdk", scenario)
                naive = self.walls(app.key, "naive", scenario)
                multi = self.walls(app.key, "multistage", scenario)
                out.append(f"| {app.key} | {scenario}, `-p:ContainerStagesHostBuild=false` (no host build) | {fmt_s(direct)} | | "
                           f"| {fmt_ratio(direct, sdk)} | {fmt_ratio(direct, naive)} | | {fmt_ratio(direct, multi)} |")
        for name, why in NOT_MEASURED:
            out.append(f"| {name} | — | {why} | | | | | | |")
        out.append("")
        out.extend(self.sizes_table())
        out.extend(self.goals_table())
        out.extend(self.profile_table())
        out.extend(self.experiments_table())
        out.extend(self.method())
        if b.failures:
            out.append("## Failures")
            out.append("")
            for f in b.failures:
                out.append(f"- {f['app']} / {f['tool']} / {f['scenario']} / run {f['run']}: log `{f['log']}`")
            out.append("")
        return "\n".join(out)

    def sizes_table(self) -> list[str]:
        out = ["## Image size", "",
               "Bytes as the engine reports them (`docker image inspect .Size`). *Over* = image − base image − published "
               "output, where the published output is the SDK variant's host `publish/` folder (ContainerStages publishes with "
               "`UseAppHost=false` in the container, so it lacks the ~70 kB apphost and comes out slightly negative). The naive "
               "image's base is the SDK image.", "",
               "| app | ContainerStages | SDK | naive | runtime base | published output | CS over | SDK over | naive over (vs SDK image) | CS vs SDK | image runs (CS / SDK / naive / multi-stage) |",
               "|---|---|---|---|---|---|---|---|---|---|---|"]
        for app in self.apps:
            s = self.b.sizes.get(app.key, {})
            output = s.get("output_bytes", 0)

            def size(tool: str) -> str:
                return mb(s[tool]["image_bytes"]) if tool in s else "—"

            def over(tool: str) -> str:
                if tool not in s:
                    return "—"
                return signed_kb(s[tool]["image_bytes"] - s[tool]["base_bytes"] - output)

            diff = "—"
            if "cs" in s and "sdk" in s:
                diff = f"{(s['cs']['image_bytes'] - s['sdk']['image_bytes']) / s['sdk']['image_bytes'] * 100:+.2f}%"
            base = f"{s['cs']['base'].split('/')[-1]} {mb(s['cs']['base_bytes'])}" if "cs" in s else "—"
            checks = self.b.checks.get(app.key, {})
            runs = " / ".join("yes" if checks.get(t) == "runs" else ("**no**" if t in checks else "—")
                              for t in ("cs", "sdk", "naive", "multistage"))
            out.append(f"| {app.key} | {size('cs')} | {size('sdk')} | {size('naive')} | {base} | {signed_kb(output).lstrip('+')} "
                       f"| {over('cs')} | {over('sdk')} | {over('naive')} | {diff} | {runs} |")
        problems = [(a, t, v) for a, c in self.b.checks.items() for t, v in c.items() if v != "runs"]
        for a, t, v in problems:
            out.append(f"\n{a} / {t}: image {' '.join(v.split())}")
        out.append("")
        return out

    def goals_table(self) -> list[str]:
        """Issue 13's goals: the default path (the image takes the host's publish output) against the SDK's
        own container publish, and the in-container path (ContainerStagesHostBuild=false) on a warm edit."""
        out = ["## Goals", "", "| goal | app | measured | met? |", "|---|---|---|---|"]

        def ratio_row(goal: str, app: str, cs: dict | None, other: dict | None, limit: float) -> None:
            if cs and other:
                r = cs["median"] / other["median"]
                out.append(f"| {goal} | {app} | {r:.2f} ({cs['median']:.1f} s vs {other['median']:.1f} s) | {'yes' if r <= limit else '**no**'} |")

        for app in self.apps:
            for scenario, limit, name in (("edit", 0.9, "warm one-line edit"), ("cold", 1.0, "cold"), ("projedit", 1.0, "project-file edit")):
                ratio_row(f"{name}: CS / SDK ≤ {limit}", app.key, self.walls(app.key, "cs", scenario), self.walls(app.key, "sdk", scenario), limit)
            ratio_row("warm edit with `ContainerStagesHostBuild=false`: CS / SDK ≤ 1.0", app.key,
                      self.walls(app.key, "cs-direct", "edit"), self.walls(app.key, "sdk", "edit"), 1.0)
            cs_edit, naive_edit = self.walls(app.key, "cs", "edit"), self.walls(app.key, "naive", "edit")
            if cs_edit and naive_edit:
                out.append(f"| warm edit against the naive single-stage Dockerfile | {app.key} | naive / CS = {naive_edit['median'] / cs_edit['median']:.2f} "
                           f"({naive_edit['median']:.1f} s vs {cs_edit['median']:.1f} s) | (measured) |")
            cs_noop, plain_noop = self.walls(app.key, "cs", "noop"), self.walls(app.key, "plain", "noop")
            if cs_noop and plain_noop:
                d = cs_noop["median"] - plain_noop["median"]
                out.append(f"| no-op ≤ plain no-op publish + 0.5 s | {app.key} | {d:+.2f} s ({cs_noop['median']:.1f} s vs "
                           f"{plain_noop['median']:.1f} s) | {'yes' if d <= 0.5 else '**no**'} |")
            s = self.b.sizes.get(app.key, {})
            if app.framework_dependent and "cs" in s and "sdk" in s:
                d = (s["cs"]["image_bytes"] - s["sdk"]["image_bytes"]) / s["sdk"]["image_bytes"]
                out.append(f"| framework-dependent image within 1% of the SDK's | {app.key} | {d:+.3%} | {'yes' if abs(d) <= 0.01 else '**no**'} |")
            overhead = self.own_overhead(app.key)
            if overhead is not None:
                target = " (goal for the solution)" if app.key == "solution" else ""
                out.append(f"| package's own overhead < 300 ms{target} | {app.key} | {overhead['text']} | "
                           f"{'yes' if overhead['ms'] < 300 else '**no**'} |")
        out.append("")
        return out

    def own_overhead(self, app: str) -> dict | None:
        """No-op: all of the package's MSBuild targets (settings, plan, generation, image build) minus the
        same build through the docker CLI, which is the engine's work plus the CLI's own small cost."""
        if pairs := self.b.profile.get(app, {}).get("overhead_pairs"):
            values = [p["overhead_ms"] for p in pairs]
            ms = statistics.median(values)
            med = lambda key: statistics.median(p[key] for p in pairs)  # noqa: E731
            return {"ms": ms, "text": f"{ms:.0f} ms, median of {len(pairs)} side-by-side no-op pairs (min {min(values):.0f}, "
                                      f"max {max(values):.0f}; plan/Dockerfile targets {med('plan_ms'):.0f} ms + image task "
                                      f"{med('task_ms'):.0f} ms − `docker build` of the same {med('cli_ms'):.0f} ms)"}
        plan = self.metric(app, "cs", "noop", "plan_targets_ms")
        img = self.metric(app, "cs", "noop", "build_image_task_ms")
        cli = self.b.profile.get(app, {}).get("cli_noop_s")
        if not plan or not img or not cli:
            return None
        ms = plan["median"] + img["median"] - cli["median"] * 1000
        return {"ms": ms, "text": f"{ms:.0f} ms (no-op: plan/Dockerfile targets {plan['median']:.0f} ms + image task "
                                  f"{img['median']:.0f} ms − `docker build` of the same {cli['median'] * 1000:.0f} ms)"}

    def profile_table(self) -> list[str]:
        out = ["## Where ContainerStages' time goes", "",
               "Medians over the runs, seconds. *Host* = wall − the package's MSBuild targets: process start, restore, "
               "compile and publish on the host before the hook (MSBuild's `-clp:PerformanceSummary`). *Plan targets* = the "
               "package's targets other than the image build (settings, saved plan, Dockerfile generation when something "
               "changed). *Engine* = first to "
               "last BuildKit step line the package logged (`CSTG1008`). *Image task outside engine* = the "
               "`BuildContainerStagesImage` task minus that window (connect, context upload, waiting for BuildKit's first "
               "status, image inspect). Steps: the Dockerfile steps that ran (not cached), with BuildKit's own durations.", "",
               "| app | scenario | wall | host (of which CoreCompile) | plan targets | image task | engine | image task outside engine | steps run in the container | cached |",
               "|---|---|---|---|---|---|---|---|---|---|"]
        for app in self.apps:
            for tool, scenario in [("cs", s) for s in SCENARIOS] + [("cs-direct", "edit"), ("cs-direct", "noop")]:
                wall = self.walls(app.key, tool, scenario)
                if not wall:
                    continue

                def med(key: str, scale: float = 1000) -> str:
                    v = self.metric(app.key, tool, scenario, key)
                    return f"{v['median'] / scale:.2f}" if v else "—"

                steps = self.step_medians(app.key, tool, scenario)
                cached = self.metric(app.key, tool, scenario, "cached")
                total = self.metric(app.key, tool, scenario, "total")
                label = scenario if tool == "cs" else f"{scenario} (`ContainerStagesHostBuild=false`)"
                cached_text = f"{cached['median']:.0f}/{total['median']:.0f}" if cached and total else "—"
                out.append(f"| {app.key} | {label} | {wall['median']:.1f} | {med('host_ms')} ({med('core_compile_ms')}) "
                           f"| {med('plan_targets_ms')} | {med('build_image_task_ms')} | {med('engine_window_ms')} "
                           f"| {med('build_task_outside_engine_ms')} | {steps} | {cached_text} |")
        out.append("")
        for app in self.apps:
            p = self.b.profile.get(app.key, {})
            parts = []
            if "context_bytes" in p:
                parts.append(f"build context sent by ContainerStages: {p['context_files']} files, {p['context_bytes']:,} bytes")
            if "cli_noop_s" in p:
                parts.append(f"the same no-op build through `docker build`: {fmt_s(p['cli_noop_s'])} s")
            if "cli_first_after_package" in p:
                first = p["cli_first_after_package"]
                reran = ", ".join(first["steps_run"]) or "none"
                parts.append(f"first `docker build` right after the package's build: {first['wall_s']:.1f} s, steps not cached: {reran}")
            sdk_image = self.metric(app.key, "sdk", "edit", "create_image_ms")
            sdk_compile = self.metric(app.key, "sdk", "edit", "core_compile_ms")
            if sdk_image and sdk_compile:
                parts.append(f"SDK warm edit: CoreCompile {sdk_compile['median'] / 1000:.2f} s, CreateNewImage "
                             f"{sdk_image['median'] / 1000:.2f} s")
            naive_steps = self.step_medians(app.key, "naive", "edit")
            if naive_steps != "—":
                parts.append(f"naive warm edit steps: {naive_steps}")
            if parts:
                out.append(f"- {app.key}: " + "; ".join(parts) + ".")
        out.append("")
        return out

    def experiments_table(self) -> list[str]:
        rows = []
        for app in self.apps:
            generated = self.walls(app.key, "exp:generated", "edit")
            for name in [*DOCKERFILE_VARIANTS, HOST_OUTPUT]:
                w = self.walls(app.key, f"exp:{name}", "edit")
                if w:
                    rows.append(f"| {app.key} | {name} | {fmt_s(w)} | {fmt_ratio(w, generated)} | "
                                f"{self.step_medians(app.key, f'exp:{name}', 'edit')} |")
        if not rows:
            return []
        return ["## Experiments: the container part with other Dockerfiles", "",
                "Warm edit (the same one-line edit) built with `docker build` from variants of the Dockerfile ContainerStages "
                "generates, so only the engine's work is timed. *one-publish-step*: the build stage runs `dotnet publish -o "
                "/app/publish` and the publish stage's `dotnet publish --no-build` is dropped; *-no-restore* adds "
                "`--no-restore` (when the generated step lacks it); *-no-compiler-server* adds `-p:UseSharedCompilation=false`; "
                "*-one-msbuild-node* adds `-m:1` (no out-of-process MSBuild nodes to start in the fresh container); "
                "*-tiered-pgo-off* runs it with `DOTNET_TieredPGO=0`. *host-publish-then-copy* is not a "
                "container build: a plain `dotnet publish` on the host, then `docker build` of `FROM <base>`, `COPY` of the "
                "publish folder (what the SDK does, through BuildKit); its time is both commands together, so it compares with "
                "the first table's ContainerStages and SDK columns rather than with the other rows here.", "",
                "| app | Dockerfile | warm edit, s | vs generated | steps run |", "|---|---|---|---|---|", *rows, ""]

    def step_medians(self, app: str, tool: str, scenario: str) -> str:
        per_step: dict[str, list[float]] = {}
        for s in self.b.samples:
            if s["app"] == app and s["tool"] == tool and s["scenario"] == scenario and s["ok"] and s["run"] >= 1:
                for step in s.get("steps", []):
                    if not step["cached"] and step["seconds"] is not None and step["seconds"] >= 0.5:
                        per_step.setdefault(step["name"], []).append(step["seconds"])
        if not per_step:
            return "—"
        return "; ".join(f"{name} {statistics.median(v):.1f}" for name, v in per_step.items())

    def method(self) -> list[str]:
        return ["## Method", "",
                "- Apps are generated fresh (bench/bench.py); each tool gets its own copy: ContainerStages' copy references the "
                "freshly packed package (local feed inside the app root), the SDK's and the naive copies do not.",
                "- Each run is, per app and tool, one sequence in a fresh folder: cold → warm edit (one line of C#; for the "
                "solution a line of the library the web project references) → no-op → project-file edit (`<Version>` bump). "
                "In ContainerStages' folder the sequence then also times a plain `dotnet publish` no-op and "
                "`dotnet publish -p:ContainerStagesHostBuild=false` (a warm edit: an untimed in-container publish of the folder as it "
                "is, then a one-line edit; then a no-op); these come last, since an edit built only in "
                "the container leaves the host's output behind for the next host build. The tool order rotates per run.",
                "- **Cold** means: a fresh copy of the app (no bin/, obj/, Dockerfile) whose Directory.Build.props carries a "
                "token no build has seen, so every BuildKit step after FROM misses and the host build starts from nothing. "
                "Kept warm, as on a developer machine that built anything before: the base images (in the engine; in the "
                "SDK's layer store after one untimed priming publish from the local registry), the host NuGet folder, "
                "BuildKit's `containerstages-nuget` cache mount (shared with other users of the engine, so never pruned), "
                "and the host's MSBuild/compiler server processes. The naive Dockerfile has no cache mount, so its restore "
                "downloads packages from nuget.org whenever its `COPY . .` layer changes.",
                "- Commands: ContainerStages `dotnet publish <project> -p:ContainerStages=true "
                "-p:ContainerBaseImage=containerstages-standin/<base>:10.0 -p:ContainerStagesSdkImage=containerstages-standin/sdk:10.0`; "
                "SDK `dotnet publish <project> -t:PublishContainer -p:ContainerBaseImage=127.0.0.1:5000/containerstages-standin/<base>:10.0` "
                "with `DOTNET_CONTAINER_INSECURE_REGISTRIES=127.0.0.1:5000` (Debian's docker-registry); naive `docker build` "
                "(Debian CLI, `DOCKER_BUILDKIT=1`) of `FROM containerstages-standin/sdk:10.0`, `COPY . .`, `RUN dotnet publish`. "
                "All dotnet commands log with `-tl:off -v:n -clp:PerformanceSummary`.",
                "- Environment: MSBuild reads environment variables as properties. The harness drops `MSBUILD*` (this "
                "machine sets `MSBUILDDISABLENODEREUSE=1`), so MSBuild reuses its worker nodes as on a developer box, and keeps "
                "the rest; this machine also sets `UseSharedCompilation=false`, so host compiles run without the Roslyn "
                "compiler server for every tool alike (`--developer-defaults` drops it). Inside a container build there is "
                "never a warm compiler server or node: each RUN starts them cold.",
                "- The self-contained console app adds `-p:SelfContained=true -p:RuntimeIdentifier=linux-x64` to the host "
                "commands and uses the runtime-deps base.",
                "- Raw samples (every command's wall time, load, parsed task and step times): the JSON next to this file.",
                ""]

    def raw(self) -> dict:
        return {"machine": self.machine, "started": self.started.isoformat(), "finished": self.finished.isoformat(),
                "runs": self.b.args.runs, "apps": [a.key for a in self.apps], "tools": list(self.b.args.tools), "quiet": self.b.quiet,
                "load_start": self.load_start, "load_end": self.load_end, "package_version": self.b.args.package_version,
                "source": self.source,
                "build_env": self.build_env, "sizes": self.b.sizes, "checks": self.b.checks, "profile": self.b.profile, "failures": self.b.failures,
                "samples": self.b.samples}


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--render":
        source = Path(sys.argv[2])
        source.with_suffix(".md").write_text(Report.from_json(source).markdown())
        print(f"rendered {source.with_suffix('.md')}")
        return 0
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--session", required=True)
    parser.add_argument("--package", required=True)
    parser.add_argument("--package-version", required=True)
    parser.add_argument("--registry", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="smoke run: web API only, no waiting for a quiet machine")
    parser.add_argument("--apps", default=",".join(APPS))
    parser.add_argument("--tools", default=",".join(TOOLS),
                        help="subset of the contenders, in their rotation order (default: all; cs and sdk make the CS / SDK table)")
    parser.add_argument("--no-wait-quiet", dest="wait_quiet", action="store_false")
    parser.add_argument("--no-experiments", dest="experiments", action="store_false",
                        help="skip the warm-edit measurements of Dockerfile variants")
    parser.add_argument("--developer-defaults", action="store_true",
                        help="drop UseSharedCompilation from the environment (host compiles use the compiler server)")
    parser.add_argument("--out", help="results file stem under bench/results (default: latest, quick or experiments)")
    parser.add_argument("--experiments-only", action="store_true",
                        help="only the Dockerfile experiments; writes bench/results/experiments.{md,json}")
    args = parser.parse_args()
    args.apps = [a.strip() for a in args.apps.split(",") if a.strip()]
    unknown = [a for a in args.apps if a not in APPS]
    if unknown:
        parser.error(f"unknown app(s): {', '.join(unknown)} (known: {', '.join(APPS)})")
    args.tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = [t for t in args.tools if t not in TOOLS]
    if unknown or not args.tools:
        parser.error(f"unknown tool(s): {', '.join(unknown)} (known: {', '.join(TOOLS)})")
    if args.quick:
        args.apps = ["webapi"] if args.apps == list(APPS) else args.apps
        args.wait_quiet = False
        args.experiments = False
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return Bench(args).main()


if __name__ == "__main__":
    sys.exit(main())
