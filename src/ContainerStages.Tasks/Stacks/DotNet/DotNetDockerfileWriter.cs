using System.Globalization;
using System.Text;
using ContainerStages.Dockerfile;
using ContainerStages.TestResults;
using static ContainerStages.Dockerfile.DockerfileText;

namespace ContainerStages.Stacks.DotNet;

/// <summary>
/// Writes the multi-stage Dockerfile for a <see cref="DotNetDockerfileSpec"/>. Pure and deterministic:
/// the same spec gives byte-identical text ('\n' line ends on every OS), so an unchanged project
/// never rewrites the file and BuildKit's cache keys stay stable.
/// </summary>
internal static class DotNetDockerfileWriter
{
    // Packages are extracted into the restore layer, so the build, test and publish steps never
    // depend on a cache mount: BuildKit may prune a mount while keeping the layer, and a cache
    // imported with ContainerStagesCacheFrom never carries mounts. The mount holds NuGet's HTTP
    // cache, so a restore after a project edit extracts without downloading again; it is locked
    // because parallel builds (a solution's apps) would otherwise write it at once.
    private const string NuGetHttpCache = "/root/.nuget/http-cache";
    private const string NuGetCacheMount = $"--mount=type=cache,id=containerstages-nuget-http,target={NuGetHttpCache},sharing=locked";

    // Created by the test stage only when every test passed; the runtime stage copies its (empty)
    // contents, which makes BuildKit run the tests, in parallel with publish.
    private const string TestsPassedDirectory = "/containerstages/tests-passed";
    private const string ConfigurationArgument = "BUILD_CONFIGURATION";
    internal const string SourceRoot = "/src";
    private const string PublishDirectory = "/app/publish";

    // The build stage's cache mount of the last build's outputs, and the script that keeps it honest.
    private const string BuildOutputCache = "/containerstages/build-output";
    private const string BuildOutputHelper = "/usr/local/bin/containerstages-build-output";

    private const string AppStageArgument = PrebuiltApp.StageArgument;
    private const string HostPublishContextDirectory = PrebuiltApp.ContextDirectory;

    private const string SourceDateEpochArgument = Labels.ImageCreatedTime.BuildArgument;
    private const string StampFileTimes = $"if [ -n \"${SourceDateEpochArgument}\" ]; then find {PublishDirectory} -exec touch -h -d \"@${SourceDateEpochArgument}\" {{}} +; fi";

    // An empty folder in the restore stage, copied with --chown to make each writable path.
    private const string EmptyDirectory = "/containerstages/empty";
    private const string DefaultUser = "${APP_UID:-1654}";

    public static string Write(DotNetDockerfileSpec spec)
    {
        var text = new StringBuilder();
        WriteHeader(text, spec);
        WriteAppStageArgument(text);
        WriteRestoreStage(text, spec);
        WriteSourcesStage(text, spec);
        if (HasTests(spec))
        {
            WriteCompileStage(text, spec, DotNetStages.Build, $"dotnet build {ShellArgument(spec.ProjectPath)}{CommonArguments(spec)}{NodeArguments(spec)} --no-restore");
            WriteTestStage(text, spec);
            WritePublishStage(text, spec);
        }
        else
        {
            WriteCompileStage(text, spec, DotNetStages.Publish, $"dotnet publish {ShellArgument(spec.ProjectPath)}{CommonArguments(spec)}{NodeArguments(spec)}{CompilerArguments(spec)} --no-restore -o {PublishDirectory}");
        }

        foreach (var stage in spec.ContributedStages)
        {
            text.Append(stage.Text);
            Line(text);
        }

        WriteRuntimeStages(text, spec);
        return text.ToString();
    }

    private static void WriteHeader(StringBuilder text, DotNetDockerfileSpec spec)
    {
        Line(text, DockerfileHeader.Marker);
        Line(text, $"# It is rewritten from {FileName(spec.ProjectPath)} on every publish with -p:ContainerStages=true.");
        Line(text, "# To take it over, delete these header lines: ContainerStages then builds it as it is and never writes it again.");
        Line(text, "#");
        Line(text, "# Stages, each with what it starts from and takes files from; BuildKit runs stages that do not");
        Line(text, "# depend on each other side by side. Build one with: docker build --target <stage> -f <this file> <context>");
        var stages = DotNetStages.For(spec);
        int nameWidth = stages.Max(s => s.Length);
        int inputsWidth = stages.Max(s => StageInputs(s, spec).Length) + 2;
        foreach (string stage in stages)
        {
            Line(text, $"#   {stage.PadRight(nameWidth)} {("(" + StageInputs(stage, spec) + ")").PadRight(inputsWidth)} {StageDescription(stage, spec)}");
        }

        Line(text);
    }

    private static string StageInputs(string stage, DotNetDockerfileSpec spec) => stage switch
    {
        DotNetStages.Restore or DotNetStages.Sources => "SDK image",
        DotNetStages.Build => $"{DotNetStages.Restore}, {DotNetStages.Sources}",
        DotNetStages.TestRun => DotNetStages.Build,
        DotNetStages.Test or DotNetStages.TestResults => DotNetStages.TestRun,
        DotNetStages.Publish => HasTests(spec) ? DotNetStages.Build : $"{DotNetStages.Restore}, {DotNetStages.Sources}",
        DotNetStages.RuntimeBase => string.Join(", ", new[] { "base image" }
            .Concat(HasTests(spec) ? [DotNetStages.Test] : [])
            .Concat(spec.WritablePaths.Count > 0 && !spec.StaticSite ? [DotNetStages.Restore] : [])),
        DotNetStages.RuntimeWithPublish => $"{DotNetStages.RuntimeBase}, {DotNetStages.Publish}",
        DotNetStages.RuntimeWithHostPublish => $"{DotNetStages.RuntimeBase}, the context",
        DotNetStages.Runtime => string.Join(", ", new[] { $"{DotNetStages.RuntimeWithPrefix}..." }.Concat(spec.ContributedStages.Select(c => c.Name))),
        _ => spec.ContributedStages.FirstOrDefault(c => c.Name == stage) is { } contributed ? "its own image" : string.Empty,
    };

    private static string StageDescription(string stage, DotNetDockerfileSpec spec) => stage switch
    {
        DotNetStages.Restore => "the SDK and the restored packages (from the project files only)",
        DotNetStages.Sources => "the context without this Dockerfile and the files ContainerStages adds to it",
        DotNetStages.Build => "the sources, compiled once for the tests and the publish",
        DotNetStages.TestRun => "the tests, run, their outcome and results recorded",
        DotNetStages.Test => "the tests' outcome: fails when one failed; the image waits for it",
        DotNetStages.TestResults => "only the tests' results (TRX), which ContainerStages exports",
        DotNetStages.Publish => HasTests(spec) ? "the published app" : "the sources, compiled and published",
        DotNetStages.RuntimeBase => "the runtime base image with everything the image holds but the app",
        DotNetStages.RuntimeWithPublish => "the app from the publish stage on it",
        DotNetStages.RuntimeWithHostPublish => "the app as dotnet publish made it on the build machine, on it",
        DotNetStages.Runtime => $"the image that ships: {DotNetStages.RuntimeWithPrefix}${AppStageArgument}, its user and how it starts",
        _ => spec.ContributedStages.FirstOrDefault(c => c.Name == stage)?.Description ?? string.Empty,
    };

    // A global ARG, before the first FROM, is the only way to choose a stage: 'COPY --from' takes no
    // variable, 'FROM ${...}' does. BuildKit builds only the stages the target needs, so with
    // 'host-publish' the SDK stages do not run, and their image is not even looked up.
    private static void WriteAppStageArgument(StringBuilder text)
    {
        Line(text, "# Where the runtime stage takes the app from: 'publish' builds it in the stages below (what a plain");
        Line(text, $"# docker build does); ContainerStages sets '{PrebuiltApp.StageName}' when the files its own dotnet publish just made fit the image.");
        Line(text, $"ARG {AppStageArgument}={DotNetStages.Publish}");
        Line(text);
    }

    private static void WriteRestoreStage(StringBuilder text, DotNetDockerfileSpec spec)
    {
        // The SDK runs on the machine's own platform; a RID-specific app is built for the image's (TARGETARCH).
        Line(text, $"FROM --platform=$BUILDPLATFORM {spec.SdkImage} AS {DotNetStages.Restore}");
        WriteTargetArchArgument(text, spec);
        Line(text, $"WORKDIR {SourceRoot}");
        Line(text, $"ENV NUGET_HTTP_CACHE_PATH={NuGetHttpCache}");
        WriteBuildOutputHelper(text);
        if (spec.WritablePaths.Count > 0)
        {
            // Here, before anything of the project, so it is made once and its copies stay cached.
            Line(text, $"RUN mkdir -p {EmptyDirectory}");
        }

        Line(text, "# Only what restore reads, so this layer is reused until a project file changes.");
        foreach (var group in spec.RestoreInputFiles
                     .GroupBy(DirectoryOf, StringComparer.Ordinal)
                     .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var sources = group.OrderBy(f => f, StringComparer.Ordinal).Select(CopyPath);
            Line(text, $"COPY [{string.Join(", ", sources)}, {CopyPath(group.Key.Length == 0 ? "./" : group.Key + "/")}]");
        }

        foreach (string feed in spec.LocalPackageFeeds.OrderBy(f => f, StringComparer.Ordinal))
        {
            Line(text, $"COPY [{CopyPath(feed + "/")}, {CopyPath(feed + "/")}]");
        }

        if (spec.NuGetCredentialSources.Count > 0)
        {
            NuGetCredentialsMount.Write(text, spec.NuGetCredentialSources, NuGetCacheMount);
        }
        else
        {
            Line(text, $"RUN {NuGetCacheMount} \\");
        }

        foreach (string testProject in spec.TestProjects)
        {
            // Tests run on the build platform; the app's own restore (last) adds its RID's assets.
            Line(text, $"    dotnet restore {ShellArgument(testProject)} && \\");
        }

        Line(text, $"    dotnet restore {ShellArgument(spec.ProjectPath)}{TargetArguments(spec)}");
        Line(text);
    }

    // The one stage that compiles: 'build' when tests run (they and the publish share its output),
    // else 'publish', which compiles and publishes in one MSBuild run: a separate 'dotnet publish
    // --no-build' starts MSBuild, evaluates and checks every target again (a fifth more CPU for a
    // small web app).
    private static void WriteCompileStage(StringBuilder text, DotNetDockerfileSpec spec, string stage, string compile)
    {
        Line(text, $"FROM {DotNetStages.Restore} AS {stage}");
        WriteTargetArchArgument(text, spec);
        Line(text, $"ARG {ConfigurationArgument}={Word(spec.Configuration)}");
        Line(text, $"COPY --from={DotNetStages.Sources} {SourceRoot}/ ./");
        bool publishes = stage == DotNetStages.Publish;
        if (publishes)
        {
            WriteFileTimesArgument(text);
        }

        Line(text, "# An edit recompiles only what it touches: the last build's outputs come from a cache mount, and the");
        Line(text, "# helper compares every file's content with that build's, so whatever the file times say, a changed file");
        Line(text, "# is rebuilt and no stale output can reach the image. The outputs stay in this layer: no later step needs the mount.");
        Line(text, "# -p:ContainerStages=false on every dotnet command: a project that turns ContainerStages on in its own");
        Line(text, "# files would otherwise try to build an image inside this build.");
        Line(text, $"RUN --mount=type=cache,id={BuildOutputCacheId(spec)},target={BuildOutputCache},sharing=locked \\");
        Line(text, $"    {BuildOutputHelper} begin ${ConfigurationArgument} && \\");
        Line(text, $"    {compile} && \\");
        Line(text, $"    {BuildOutputHelper} end ${ConfigurationArgument}{(publishes ? " && \\" : string.Empty)}");
        if (publishes)
        {
            Line(text, $"    {StampFileTimes}");
        }

        Line(text);
    }

    // A build through the engine's API sends the Dockerfile inside the context, and ContainerStages adds
    // the host's publish output to it: a plain COPY . . would copy both, and a setting that only
    // rewrites this Dockerfile would rebuild the app. BuildKit keys a COPY --from by the content it
    // copies, so after the rm an unchanged app copies the same files and the build stays cached.
    private static void WriteSourcesStage(StringBuilder text, DotNetDockerfileSpec spec)
    {
        Line(text, $"FROM --platform=$BUILDPLATFORM {spec.SdkImage} AS {DotNetStages.Sources}");
        Line(text, $"WORKDIR {SourceRoot}");
        Line(text, "COPY . .");
        var removed = spec.BuildDescriptionFiles.Append(HostPublishContextDirectory.Split('/')[0]).Distinct(StringComparer.Ordinal);
        Line(text, $"RUN rm -rf {string.Join(' ', removed.Select(ShellArgument))}");
        Line(text);
    }

    // Written once in the restore stage, before any project file, so it never reruns. A shell script,
    // since the build stage's step must compare content hashes before and after MSBuild runs.
    private static void WriteBuildOutputHelper(StringBuilder text)
    {
        Line(text, "# The build stage's output cache helper: restores the last build's obj/ and bin/ outputs and marks every file");
        Line(text, "# whose content changed since then as new; saves them after a build that succeeded.");
        Line(text, "RUN printf '%s\\n' \\");
        foreach (string line in BuildOutputHelperScript)
        {
            Line(text, $"        {ShellText.Quote(line)} \\");
        }

        Line(text, $"        > {BuildOutputHelper} && chmod 755 {BuildOutputHelper}");
    }

    private static readonly string[] BuildOutputHelperScript =
    [
        "#!/bin/sh",
        "set -e",
        $"cache={BuildOutputCache}",
        "cfg=\"$2\"",
        "# Without NUL-separated hashing (busybox), no cache: a full build.",
        "printf '' | sha256sum -z >/dev/null 2>&1 && comm -z /dev/null /dev/null >/dev/null 2>&1 || exit 0",
        "inputs() {",
        "  find . \\( -path \"*/obj/$cfg\" -o -path \"*/bin/$cfg\" \\) -prune -o -type f -print0 |",
        "    LC_ALL=C sort -z | xargs -0r sha256sum -z | LC_ALL=C sort -z",
        "}",
        "case \"$1\" in",
        "begin)",
        "  inputs > /tmp/containerstages-inputs",
        "  if [ -f \"$cache/inputs\" ]; then",
        "    cp -a \"$cache/outputs/.\" .",
        "    LC_ALL=C comm -z -13 \"$cache/inputs\" /tmp/containerstages-inputs | sed -z 's/^[0-9a-f]*  //' | xargs -0r touch -c",
        "  fi",
        "  ;;",
        "end)",
        "  rm -rf \"$cache/inputs\" \"$cache/outputs\"",
        "  mkdir -p \"$cache/outputs\"",
        "  find . \\( -path \"*/obj/$cfg\" -o -path \"*/bin/$cfg\" \\) -prune -print0 | xargs -0r cp -a --parents -t \"$cache/outputs\"",
        "  mv /tmp/containerstages-inputs \"$cache/inputs\"",
        "  ;;",
        "esac",
    ];

    // One cache per app, so two apps on one engine never swap outputs; the content check keeps it
    // right even when two clones of one app share it.
    private static string BuildOutputCacheId(DotNetDockerfileSpec spec)
    {
        string project = FileName(spec.ProjectPath);
        string name = new(project[..^Path.GetExtension(project).Length].ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_').ToArray());
        return $"containerstages-build-output-{name}";
    }

    // With tests, publish is its own stage so that it runs while the tests do.
    private static bool HasTests(DotNetDockerfileSpec spec) => spec.TestProjects.Count > 0;

    // The test step records the outcome instead of failing, so that the results can be exported after
    // a failing run too (a failed RUN leaves no layer to export); the 'test' stage then fails with the
    // tests' output, which names the failed tests as before.
    private static void WriteTestStage(StringBuilder text, DotNetDockerfileSpec spec)
    {
        Line(text, $"FROM {DotNetStages.Build} AS {DotNetStages.TestRun}");
        Line(text, $"ARG {ConfigurationArgument}={Word(spec.Configuration)}");
        Line(text, $"ARG {TestResultsLayout.AttemptArgument}");
        Line(text, "# Records the outcome instead of failing, so the results (TRX) are exported after a failing run as well.");
        Line(text, $"RUN mkdir -p {TestResultsLayout.ResultsDirectory} {TestResultsLayout.OutcomeDirectory} && {{ \\");
        for (int i = 0; i < spec.TestProjects.Count; i++)
        {
            string testProject = spec.TestProjects[i];
            string trx = ShellArgument($"trx;LogFileName={TestResultsLayout.TrxFileName(testProject)}");
            string end = i == spec.TestProjects.Count - 1 ? ";" : " &&";

            // Microsoft.Testing.Platform's dotnet test takes the project by --project and passes
            // arguments it does not know (-m:1, --logger) on to the test app, which rejects them.
            Line(text, spec.TestsOnTestingPlatform
                ? $"        dotnet test --project {ShellArgument(testProject)} -c ${ConfigurationArgument} --no-restore --no-ansi -p:ContainerStages=false{end} \\"
                : $"        dotnet test {ShellArgument(testProject)} -c ${ConfigurationArgument}{NodeArguments(spec)} --no-restore -p:ContainerStages=false --logger {trx} --results-directory {TestResultsLayout.ResultsDirectory}{end} \\");
        }

        Line(text, $"        echo $? > {TestResultsLayout.ExitCodeFile}; \\");
        Line(text, $"    }} 2>&1 | tee {TestResultsLayout.OutputFile}");
        Line(text);
        Line(text, $"FROM {DotNetStages.TestRun} AS {DotNetStages.Test}");
        Line(text, $"RUN if [ \"$(cat {TestResultsLayout.ExitCodeFile})\" != 0 ]; then cat {TestResultsLayout.OutputFile}; exit 1; fi && \\");
        Line(text, $"    mkdir -p {TestsPassedDirectory}");
        Line(text);
        Line(text, $"FROM scratch AS {DotNetStages.TestResults}");
        Line(text, $"COPY --from={DotNetStages.TestRun} {TestResultsLayout.ResultsDirectory}/ /{TestResultsLayout.ResultsFolder}/");
        Line(text, $"COPY --from={DotNetStages.TestRun} {TestResultsLayout.OutcomeDirectory}/ /{TestResultsLayout.OutcomeFolder}/");
        Line(text);
    }

    private static void WritePublishStage(StringBuilder text, DotNetDockerfileSpec spec)
    {
        Line(text, $"FROM {DotNetStages.Build} AS {DotNetStages.Publish}");
        WriteTargetArchArgument(text, spec);
        Line(text, $"ARG {ConfigurationArgument}={Word(spec.Configuration)}");
        WriteFileTimesArgument(text);
        Line(text, $"RUN dotnet publish {ShellArgument(spec.ProjectPath)}{CommonArguments(spec)} --no-restore --no-build -o {PublishDirectory} && \\");
        Line(text, $"    {StampFileTimes}");
        Line(text);
    }

    // In the publish step itself: a step of its own would start one more container on every edit
    // (0.5 to 0.8 s). The price is that a commit with the same sources runs the publish step again,
    // which the build-output cache keeps to an up-to-date check.
    private static void WriteFileTimesArgument(StringBuilder text)
    {
        Line(text, $"# The app's files get the source's time (SOURCE_DATE_EPOCH; ContainerStages passes the last commit's), so the same");
        Line(text, "# sources give the same layer; the build's own file times would make every image different.");
        Line(text, $"ARG {SourceDateEpochArgument}");
    }

    // Both ways to the app copy it once, straight onto the runtime base: the files from the context
    // would otherwise be copied into a stage of their own and copied again (for a 70 MB self-contained
    // app, 0.35 s of every build). The stage that ships starts from the one the build argument names.
    private static void WriteRuntimeStages(StringBuilder text, DotNetDockerfileSpec spec)
    {
        if (spec.StaticSite)
        {
            WriteStaticSiteRuntimeBase(text, spec);
        }
        else
        {
            WriteRuntimeBase(text, spec);
        }

        string destination = spec.StaticSite ? StaticSiteStage.SiteRoot : ".";
        string source = spec.StaticSite ? "/" + StaticSiteStage.SiteFolder : string.Empty;
        Line(text, "# The app as the stages above build it: what a plain docker build ships.");
        Line(text, $"FROM {DotNetStages.RuntimeBase} AS {DotNetStages.RuntimeWithPublish}");
        Line(text, "# Root owns the app files, so the app user can read them but not change them.");
        Line(text, $"COPY --from={DotNetStages.Publish} {PublishDirectory}{source} {destination}");
        Line(text);
        Line(text, "# The files dotnet publish made on the build machine, which ContainerStages sends with the context under");
        Line(text, $"# {HostPublishContextDirectory}/ (their times set to SOURCE_DATE_EPOCH); a plain docker build never uses this stage.");
        Line(text, $"FROM {DotNetStages.RuntimeBase} AS {DotNetStages.RuntimeWithHostPublish}");
        Line(text, $"COPY {HostPublishContextDirectory}{source}/ {destination}{(spec.StaticSite ? "/" : string.Empty)}");
        Line(text);
        Line(text, $"FROM {DotNetStages.RuntimeWithPrefix}${{{AppStageArgument}}} AS {DotNetStages.Runtime}");
        if (spec.StaticSite)
        {
            WriteStaticSiteRuntime(text, spec);
        }
        else
        {
            WriteRuntime(text, spec);
        }
    }

    private static void WriteRuntimeBase(StringBuilder text, DotNetDockerfileSpec spec)
    {
        Line(text, $"FROM {spec.BaseImage} AS {DotNetStages.RuntimeBase}");
        if (spec.OsPackages.Count > 0)
        {
            WriteOsPackages(text, spec);
        }

        Line(text, $"WORKDIR {Word(spec.WorkingDirectory)}");
        ImageMetadataWriter.WritePortsEnvironmentAndLabels(text, spec.Image);

        if (spec.TestProjects.Count > 0)
        {
            Line(text, "# Empty: it only makes this image wait for the tests (BuildKit skips stages nothing uses).");
            Line(text, $"COPY --from={DotNetStages.Test} {TestsPassedDirectory}/ ./");
        }

        if (spec.WritablePaths.Count > 0)
        {
            // COPY --chown instead of RUN mkdir/chown: chiseled images have no shell. Before the app
            // files, so an app edit reuses these layers; a folder the app files also hold would be
            // root's again after them (COPY sets the folders it copies), whichever the order.
            Line(text, "# The only folders the app user may write to (ContainerStagesWritablePath).");
            foreach (string path in spec.WritablePaths)
            {
                Line(text, $"COPY --from={DotNetStages.Restore} --chown={AppUser(spec)} [{CopyPath(EmptyDirectory + "/")}, {CopyPath(path.TrimEnd('/') + "/")}]");
            }
        }

        Line(text);
    }

    private static void WriteRuntime(StringBuilder text, DotNetDockerfileSpec spec)
    {
        foreach (var stage in spec.ContributedStages)
        {
            Line(text, $"COPY --from={stage.Name} {stage.OutputDirectory}/ ./wwwroot/");
        }

        // The .NET 8+ base images define APP_UID (1654) for their non-root 'app' user; another
        // base gets the same numeric id rather than root.
        Line(text, $"USER {AppUser(spec)}");
        if (spec.HealthCheck is { } healthCheck)
        {
            WriteHealthCheck(text, healthCheck);
        }

        var start = StartCommandResolver.Resolve(spec);
        if (start.Entrypoint is { } entrypoint)
        {
            Line(text, $"ENTRYPOINT {JsonArray(entrypoint)}");
        }

        if (start.Cmd is { } cmd)
        {
            Line(text, $"CMD {JsonArray(cmd)}");
        }

        ImageMetadataWriter.WriteBuildArgumentLabels(text, spec.Image);
    }

    private static string AppUser(DotNetDockerfileSpec spec) => spec.User is null ? DefaultUser : Word(spec.User);

    private static void WriteStaticSiteRuntimeBase(StringBuilder text, DotNetDockerfileSpec spec)
    {
        Line(text, $"FROM {spec.BaseImage} AS {DotNetStages.RuntimeBase}");
        if (spec.OsPackages.Count > 0)
        {
            WriteOsPackages(text, spec);
        }

        ImageMetadataWriter.WritePortsEnvironmentAndLabels(text, spec.Image);

        if (spec.TestProjects.Count > 0)
        {
            Line(text, "# Empty: it only makes this image wait for the tests (BuildKit skips stages nothing uses).");
            Line(text, $"COPY --from={DotNetStages.Test} {TestsPassedDirectory}/ {StaticSiteStage.SiteRoot}/");
        }

        if (spec.OsPackages.Count == 0)
        {
            // The web server's images run as their own user; the site's files are written as root.
            Line(text, "USER root");
        }

        StaticSiteStage.WriteServerConfiguration(text);
        Line(text);
    }

    // The web server image's own entrypoint starts it; its user is nginx's unprivileged 101 unless
    // ContainerUser says otherwise, written out so that another base image does not run as root.
    private static void WriteStaticSiteRuntime(StringBuilder text, DotNetDockerfileSpec spec)
    {
        Line(text, $"USER {Word(spec.User ?? StaticSiteStage.DefaultUser)}");
        if (spec.HealthCheck is { } healthCheck)
        {
            WriteHealthCheck(text, healthCheck);
        }

        ImageMetadataWriter.WriteBuildArgumentLabels(text, spec.Image);
    }

    // First in the stage and before the app files, so an app edit never reinstalls packages; as
    // root, since a base image may end with a non-root USER. One layer, with the package index
    // deleted in the same step that downloaded it, or the image would carry it for good.
    private static void WriteOsPackages(StringBuilder text, DotNetDockerfileSpec spec)
    {
        string packages = string.Join(' ', spec.OsPackages.Select(ShellArgument));
        string apk = $"apk add --no-cache {packages}";
        string tdnf = $"tdnf install -y {packages} && tdnf clean all";
        Line(text, "# ContainerOsPackage items, installed as root in one layer that keeps no package index.");
        Line(text, "USER root");
        switch (spec.OsPackageManager)
        {
            case OsPackageManager.Apt:
                WriteAptInstall(text, "RUN ", string.Empty, packages, "");
                break;
            case OsPackageManager.Apk:
                Line(text, "RUN " + apk);
                break;
            case OsPackageManager.Tdnf:
                Line(text, "RUN " + tdnf);
                break;
            default:
                // The base image's name does not say which manager it has. Guessing apt would fail
                // on another distribution with a bare 'apt-get: not found'; asking the image itself
                // costs nothing and fails, if it must, with a message that says what to do.
                Line(text, "RUN if command -v apt-get >/dev/null 2>&1; then \\");
                WriteAptInstall(text, "        ", "    ", packages, "; \\");
                Line(text, "    elif command -v apk >/dev/null 2>&1; then \\");
                Line(text, $"        {apk}; \\");
                Line(text, "    elif command -v tdnf >/dev/null 2>&1; then \\");
                Line(text, $"        {tdnf}; \\");
                Line(text, "    else \\");
                Line(text, "        echo 'ContainerStages: the base image has no apt-get, apk or tdnf to install ContainerOsPackage items; set ContainerBaseImage to an image with one.' >&2; exit 1; \\");
                Line(text, "    fi");
                break;
        }
    }

    // DEBIAN_FRONTEND only for this command: packages such as tzdata would otherwise ask questions.
    // 'apt-get clean' because only the official Debian and Ubuntu images carry the hook that keeps
    // apt's caches empty: on another Debian base, pkgcache.bin and srcpkgcache.bin add ~77 MB.
    private static void WriteAptInstall(StringBuilder text, string first, string indent, string packages, string end)
    {
        Line(text, $"{first}apt-get update \\");
        Line(text, $"{indent}    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends {packages} \\");
        Line(text, $"{indent}    && apt-get clean \\");
        Line(text, $"{indent}    && rm -rf /var/lib/apt/lists/*{end}");
    }

    private static void WriteHealthCheck(StringBuilder text, HealthCheck healthCheck)
    {
        if (healthCheck.Disabled)
        {
            Line(text, "HEALTHCHECK NONE");
            return;
        }

        var options = new StringBuilder();
        AppendOption(options, "interval", healthCheck.Interval);
        AppendOption(options, "timeout", healthCheck.Timeout);
        AppendOption(options, "start-period", healthCheck.StartPeriod);
        AppendOption(options, "retries", healthCheck.Retries?.ToString(CultureInfo.InvariantCulture));
        string command = healthCheck.ExecCommand is { } exec ? JsonArray(exec) : healthCheck.ShellCommand!;
        Line(text, $"HEALTHCHECK{options} CMD {command}");

        static void AppendOption(StringBuilder options, string name, string? value)
        {
            if (value is not null)
            {
                options.Append(" --").Append(name).Append('=').Append(value);
            }
        }
    }

    // ContainerStages=false keeps a project that turns the package on in its own file from
    // recursing into another container build inside this one; UseAppHost=false where the
    // entrypoint is 'dotnet app.dll', since the native launcher would only add bytes.
    private static string CommonArguments(DotNetDockerfileSpec spec) =>
        $" -c ${ConfigurationArgument}"
        + (spec.TargetFramework is null ? string.Empty : $" -f {ShellArgument(spec.TargetFramework)}")
        + TargetArguments(spec)
        + (spec.AppHostFileName is null ? " -p:UseAppHost=false" : string.Empty)
        + " -p:ContainerStages=false";

    private static string NodeArguments(DotNetDockerfileSpec spec) => spec.SingleBuildNode ? " -m:1" : string.Empty;

    // The compiler server (VBCSCompiler) pays off from the second compile of a build on; a build of one
    // project compiles once, and starting the server and talking to it over its pipe made that compile
    // 0.3 s slower (2.4 s against 2.1 s for a web API, bench/results/experiments.md). With project
    // references or tests the server stays: it compiles the later projects warm.
    private static string CompilerArguments(DotNetDockerfileSpec spec) => spec.CompilesOneProject ? " -p:UseSharedCompilation=false" : string.Empty;

    // A framework-dependent app is built portable, as the SDK's container publish and a plain dotnet
    // publish build it: the same files run on every platform, so the build stages' cache serves every
    // architecture and the host's publish output fits the image. A RID-specific app is built for the
    // image's platform: the SDK maps TARGETARCH's names (amd64, arm64) onto its own; a RID the user
    // chose wins. Restore sees the deployment properties too: a self-contained, trimmed or AOT app
    // needs its runtime pack, ILLink or ILCompiler packages in the restore layer.
    private static string TargetArguments(DotNetDockerfileSpec spec) =>
        spec.StaticSite ? string.Empty
        : (spec.RuntimeIdentifier is not null ? $" -r {ShellArgument(spec.RuntimeIdentifier)}"
            : !spec.IsRuntimeSpecific ? string.Empty
            : spec.TargetOs is not null ? $" --os {ShellArgument(spec.TargetOs)} -a $TARGETARCH"
            : " -a $TARGETARCH")
        + string.Concat(spec.DeploymentProperties.Select(p => " -p:" + ShellArgument(p)));

    private static void WriteTargetArchArgument(StringBuilder text, DotNetDockerfileSpec spec)
    {
        // Only where a command reads it: a declared ARG is part of every later step's cache key.
        if (spec.RuntimeIdentifier is null && spec.IsRuntimeSpecific)
        {
            Line(text, "ARG TARGETARCH");
        }
    }

    private static string DirectoryOf(string path)
    {
        int slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }

    private static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

}
