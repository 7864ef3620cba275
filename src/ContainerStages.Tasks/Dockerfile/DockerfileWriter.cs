using System.Globalization;
using System.Text;

namespace ContainerStages.Dockerfile;

/// <summary>
/// Writes the multi-stage Dockerfile for a <see cref="DockerfileSpec"/>. Pure and deterministic:
/// the same spec gives byte-identical text ('\n' line ends on every OS), so an unchanged project
/// never rewrites the file and BuildKit's cache keys stay stable.
/// </summary>
internal static class DockerfileWriter
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

    // An empty folder in the restore stage, copied with --chown to make each writable path.
    private const string EmptyDirectory = "/containerstages/empty";
    private const string DefaultUser = "${APP_UID:-1654}";

    public static string Write(DockerfileSpec spec)
    {
        var text = new StringBuilder();
        WriteHeader(text, spec);
        WriteRestoreStage(text, spec);
        WriteBuildStage(text, spec);
        if (spec.TestProjects.Count > 0)
        {
            WriteTestStage(text, spec);
        }

        WritePublishStage(text, spec);
        if (spec.Spa is { } spa)
        {
            Node.NodeDockerfileWriter.WriteSpaStage(text, spa);
        }

        WriteRuntimeStage(text, spec);
        return text.ToString();
    }

    private static void WriteHeader(StringBuilder text, DockerfileSpec spec)
    {
        Line(text, DockerfileHeader.Marker);
        Line(text, $"# It is rewritten from {FileName(spec.ProjectPath)} on every publish with -p:ContainerStages=true.");
        Line(text, "# To take it over, delete these header lines: ContainerStages then builds it as it is and never writes it again.");
        Line(text, "#");
        Line(text, $"# Stages: {string.Join(" -> ", DockerfileStages.For(spec))}. Build one with: docker build --target <stage> -f <this file> <context>");
        Line(text);
    }

    private static void WriteRestoreStage(StringBuilder text, DockerfileSpec spec)
    {
        // The SDK runs on the machine's own platform; the app is built for the image's (TARGETARCH).
        Line(text, $"FROM --platform=$BUILDPLATFORM {spec.SdkImage} AS {DockerfileStages.Restore}");
        Line(text, "ARG TARGETARCH");
        Line(text, $"WORKDIR {SourceRoot}");
        Line(text, $"ENV NUGET_HTTP_CACHE_PATH={NuGetHttpCache}");
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

    private static void WriteBuildStage(StringBuilder text, DockerfileSpec spec)
    {
        Line(text, $"FROM {DockerfileStages.Restore} AS {DockerfileStages.Build}");
        Line(text, "ARG TARGETARCH");
        Line(text, $"ARG {ConfigurationArgument}={Word(spec.Configuration)}");
        Line(text, "COPY . .");
        if (PublishesInBuildStage(spec))
        {
            Line(text, $"RUN dotnet publish {ShellArgument(spec.ProjectPath)}{CommonArguments(spec)}{NodeArguments(spec)} --no-restore -o {PublishDirectory}");
        }
        else
        {
            Line(text, $"RUN dotnet build {ShellArgument(spec.ProjectPath)}{CommonArguments(spec)}{NodeArguments(spec)} --no-restore");
        }

        Line(text);
    }

    // Without tests, one MSBuild run compiles and publishes: a separate 'dotnet publish --no-build'
    // starts MSBuild, evaluates and checks every target again (a fifth more CPU for a small web app).
    // With tests, publish is its own step so that it runs while the tests do.
    private static bool PublishesInBuildStage(DockerfileSpec spec) => spec.TestProjects.Count == 0;

    // The test step records the outcome instead of failing, so that the results can be exported after
    // a failing run too (a failed RUN leaves no layer to export); the 'test' stage then fails with the
    // tests' output, which names the failed tests as before.
    private static void WriteTestStage(StringBuilder text, DockerfileSpec spec)
    {
        Line(text, $"FROM {DockerfileStages.Build} AS {DockerfileStages.TestRun}");
        Line(text, $"ARG {ConfigurationArgument}={Word(spec.Configuration)}");
        Line(text, $"ARG {TestResultsLayout.AttemptArgument}");
        Line(text, "# Records the outcome instead of failing, so the results (TRX) are exported after a failing run as well.");
        Line(text, $"RUN mkdir -p {TestResultsLayout.ResultsDirectory} {TestResultsLayout.OutcomeDirectory} && {{ \\");
        for (int i = 0; i < spec.TestProjects.Count; i++)
        {
            string testProject = spec.TestProjects[i];
            string trx = ShellArgument($"trx;LogFileName={TestResultsLayout.TrxFileName(testProject)}");
            string end = i == spec.TestProjects.Count - 1 ? ";" : " &&";
            Line(text, $"        dotnet test {ShellArgument(testProject)} -c ${ConfigurationArgument}{NodeArguments(spec)} --no-restore -p:ContainerStages=false --logger {trx} --results-directory {TestResultsLayout.ResultsDirectory}{end} \\");
        }

        Line(text, $"        echo $? > {TestResultsLayout.ExitCodeFile}; \\");
        Line(text, $"    }} 2>&1 | tee {TestResultsLayout.OutputFile}");
        Line(text);
        Line(text, $"FROM {DockerfileStages.TestRun} AS {DockerfileStages.Test}");
        Line(text, $"RUN if [ \"$(cat {TestResultsLayout.ExitCodeFile})\" != 0 ]; then cat {TestResultsLayout.OutputFile}; exit 1; fi && \\");
        Line(text, $"    mkdir -p {TestsPassedDirectory}");
        Line(text);
        Line(text, $"FROM scratch AS {DockerfileStages.TestResults}");
        Line(text, $"COPY --from={DockerfileStages.TestRun} {TestResultsLayout.ResultsDirectory}/ /{TestResultsLayout.ResultsFolder}/");
        Line(text, $"COPY --from={DockerfileStages.TestRun} {TestResultsLayout.OutcomeDirectory}/ /{TestResultsLayout.OutcomeFolder}/");
        Line(text);
    }

    private static void WritePublishStage(StringBuilder text, DockerfileSpec spec)
    {
        Line(text, $"FROM {DockerfileStages.Build} AS {DockerfileStages.Publish}");
        if (PublishesInBuildStage(spec))
        {
            // The build stage published already; this stage names its output for the runtime stage
            // and for --target publish.
            Line(text, $"WORKDIR {PublishDirectory}");
        }
        else
        {
            Line(text, "ARG TARGETARCH");
            Line(text, $"ARG {ConfigurationArgument}={Word(spec.Configuration)}");
            Line(text, $"RUN dotnet publish {ShellArgument(spec.ProjectPath)}{CommonArguments(spec)} --no-restore --no-build -o {PublishDirectory}");
        }

        Line(text);
    }

    private static void WriteRuntimeStage(StringBuilder text, DockerfileSpec spec)
    {
        Line(text, $"FROM {spec.BaseImage} AS {DockerfileStages.Runtime}");
        if (spec.OsPackages.Count > 0)
        {
            WriteOsPackages(text, spec);
        }

        Line(text, $"WORKDIR {Word(spec.WorkingDirectory)}");
        foreach (var port in spec.Ports)
        {
            Line(text, $"EXPOSE {port}");
        }

        foreach (var (name, value) in spec.EnvironmentVariables)
        {
            Line(text, $"ENV {name}={Quote(value)}");
        }

        foreach (var (name, value) in spec.Labels)
        {
            Line(text, $"LABEL {Quote(name)}={Quote(value)}");
        }

        if (spec.TestProjects.Count > 0)
        {
            Line(text, "# Empty: it only makes this image wait for the tests (BuildKit skips stages nothing uses).");
            Line(text, $"COPY --from={DockerfileStages.Test} {TestsPassedDirectory}/ ./");
        }

        string user = spec.User is null ? DefaultUser : Word(spec.User);
        if (spec.WritablePaths.Count > 0)
        {
            // COPY --chown instead of RUN mkdir/chown: chiseled images have no shell. Before the app
            // files, so an app edit reuses these layers; a folder the app files also hold would be
            // root's again after them (COPY sets the folders it copies), whichever the order.
            Line(text, "# The only folders the app user may write to (ContainerStagesWritablePath).");
            foreach (string path in spec.WritablePaths)
            {
                Line(text, $"COPY --from={DockerfileStages.Restore} --chown={user} [{CopyPath(EmptyDirectory + "/")}, {CopyPath(path.TrimEnd('/') + "/")}]");
            }
        }

        // Root owns the app files, so the app user can read them but not change them.
        Line(text, $"COPY --from={DockerfileStages.Publish} {PublishDirectory} .");
        if (spec.Spa is not null)
        {
            Line(text, $"COPY --from={DockerfileStages.Spa} {Node.NodeDockerfileWriter.SpaOutputDirectory}/ ./wwwroot/");
        }

        // The .NET 8+ base images define APP_UID (1654) for their non-root 'app' user; another
        // base gets the same numeric id rather than root.
        Line(text, $"USER {user}");
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

        if (spec.BuildArgumentLabels.Count > 0)
        {
            Line(text, "# Set per build: after every layer, so a new time or commit never invalidates a cached step.");
            foreach (var label in spec.BuildArgumentLabels)
            {
                Line(text, $"ARG {label.Argument}");
            }

            foreach (var label in spec.BuildArgumentLabels)
            {
                Line(text, $"LABEL {Quote(label.Label)}=\"${{{label.Argument}}}\"");
            }
        }
    }

    // First in the stage and before the app files, so an app edit never reinstalls packages; as
    // root, since a base image may end with a non-root USER. One layer, with the package index
    // deleted in the same step that downloaded it, or the image would carry it for good.
    private static void WriteOsPackages(StringBuilder text, DockerfileSpec spec)
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

    private static string JsonArray(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(JsonString)) + "]";

    // ContainerStages=false keeps a project that turns the package on in its own file from
    // recursing into another container build inside this one; UseAppHost=false where the
    // entrypoint is 'dotnet app.dll', since the native launcher would only add bytes.
    private static string CommonArguments(DockerfileSpec spec) =>
        $" -c ${ConfigurationArgument}"
        + (spec.TargetFramework is null ? string.Empty : $" -f {ShellArgument(spec.TargetFramework)}")
        + TargetArguments(spec)
        + (spec.AppHostFileName is null ? " -p:UseAppHost=false" : string.Empty)
        + " -p:ContainerStages=false";

    private static string NodeArguments(DockerfileSpec spec) => spec.SingleBuildNode ? " -m:1" : string.Empty;

    // The SDK maps TARGETARCH's names (amd64, arm64) onto its own; a RID the user chose wins.
    // Restore sees the deployment properties too: a self-contained, trimmed or AOT app needs its
    // runtime pack, ILLink or ILCompiler packages in the restore layer.
    private static string TargetArguments(DockerfileSpec spec) =>
        (spec.RuntimeIdentifier is not null ? $" -r {ShellArgument(spec.RuntimeIdentifier)}"
            : spec.TargetOs is not null ? $" --os {ShellArgument(spec.TargetOs)} -a $TARGETARCH"
            : " -a $TARGETARCH")
        + string.Concat(spec.DeploymentProperties.Select(p => " -p:" + ShellArgument(p)));

    private static string DirectoryOf(string path)
    {
        int slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }

    private static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>
    /// A double-quoted word for ENV and LABEL values, where the frontend expands variables:
    /// '$' is escaped along with the quote and the backslash so the value arrives as written
    /// (inside double quotes BuildKit's lexer honours only these three escapes).
    /// </summary>
    internal static string Quote(string value) => "\"" + EscapeWord(value, insideDoubleQuotes: true) + "\"";

    /// <summary>
    /// A COPY source or destination in the JSON form: the frontend parses the JSON first and then
    /// runs each element through its shell-word lexer (variables, quotes, escapes), so the word
    /// escapes go inside the JSON escapes. Quotes are escaped too: a bare "'" would open a quoted
    /// string that never ends ("unexpected end of statement while looking for matching single-quote").
    /// </summary>
    internal static string CopyPath(string path) => JsonString(EscapeWord(path, insideDoubleQuotes: false));

    /// <summary>An unquoted word (WORKDIR, USER), which the frontend also runs through its lexer.</summary>
    internal static string Word(string value) => EscapeWord(value, insideDoubleQuotes: false);

    /// <summary>An argument of a shell-form RUN, which /bin/sh reads: single quotes only where needed.</summary>
    internal static string ShellArgument(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/' or '+' or '@' or ':' or '=' or ',')
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>An element of an exec-form JSON array (ENTRYPOINT), where nothing is expanded.</summary>
    internal static string JsonString(string value) => System.Text.Json.JsonSerializer.Serialize(value, JsonOptions);

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new()
    {
        // Keeps non-ASCII file names readable instead of \uXXXX; the Dockerfile is UTF-8.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // Outside quotes the lexer drops a backslash before any character; inside double quotes only
    // before '"', '$' and the backslash (any other backslash stays), so "'" is escaped only outside.
    private static string EscapeWord(string value, bool insideDoubleQuotes)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            if (c is '\\' or '$' or '"' || (!insideDoubleQuotes && c == '\''))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private static void Line(StringBuilder text, string line = "") => text.Append(line).Append('\n');
}
