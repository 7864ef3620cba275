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

        Line(text, $"RUN {NuGetCacheMount} \\");
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
        Line(text, $"RUN dotnet build {ShellArgument(spec.ProjectPath)}{CommonArguments(spec)} --no-restore");
        Line(text);
    }

    private static void WriteTestStage(StringBuilder text, DockerfileSpec spec)
    {
        Line(text, $"FROM {DockerfileStages.Build} AS {DockerfileStages.Test}");
        Line(text, $"ARG {ConfigurationArgument}={Word(spec.Configuration)}");
        Line(text, "RUN \\");
        foreach (string testProject in spec.TestProjects)
        {
            Line(text, $"    dotnet test {ShellArgument(testProject)} -c ${ConfigurationArgument} --no-restore -p:ContainerStages=false && \\");
        }

        Line(text, $"    mkdir -p {TestsPassedDirectory}");
        Line(text);
    }

    private static void WritePublishStage(StringBuilder text, DockerfileSpec spec)
    {
        Line(text, $"FROM {DockerfileStages.Build} AS {DockerfileStages.Publish}");
        Line(text, "ARG TARGETARCH");
        Line(text, $"ARG {ConfigurationArgument}={Word(spec.Configuration)}");
        Line(text, $"RUN dotnet publish {ShellArgument(spec.ProjectPath)}{CommonArguments(spec)} --no-restore --no-build -o {PublishDirectory}");
        Line(text);
    }

    private static void WriteRuntimeStage(StringBuilder text, DockerfileSpec spec)
    {
        Line(text, $"FROM {spec.BaseImage} AS {DockerfileStages.Runtime}");
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

        // Root owns the app files, so the app user can read them but not change them.
        Line(text, $"COPY --from={DockerfileStages.Publish} {PublishDirectory} .");
        if (spec.Spa is not null)
        {
            Line(text, $"COPY --from={DockerfileStages.Spa} {Node.NodeDockerfileWriter.SpaOutputDirectory}/ ./wwwroot/");
        }

        if (spec.User is null)
        {
            // The .NET 8+ base images define APP_UID (1654) for their non-root 'app' user; another
            // base gets the same numeric id rather than root.
            Line(text, "USER ${APP_UID:-1654}");
        }
        else
        {
            Line(text, $"USER {Word(spec.User)}");
        }

        if (spec.AppHostFileName is { } appHost)
        {
            Line(text, $"ENTRYPOINT [{JsonString(spec.WorkingDirectory.TrimEnd('/') + "/" + appHost)}]");
        }
        else
        {
            Line(text, $"ENTRYPOINT [\"dotnet\", {JsonString(spec.EntryAssemblyFileName)}]");
        }
    }

    // ContainerStages=false keeps a project that turns the package on in its own file from
    // recursing into another container build inside this one; UseAppHost=false where the
    // entrypoint is 'dotnet app.dll', since the native launcher would only add bytes.
    private static string CommonArguments(DockerfileSpec spec) =>
        $" -c ${ConfigurationArgument}"
        + (spec.TargetFramework is null ? string.Empty : $" -f {ShellArgument(spec.TargetFramework)}")
        + TargetArguments(spec)
        + (spec.AppHostFileName is null ? " -p:UseAppHost=false" : string.Empty)
        + " -p:ContainerStages=false";

    // The SDK maps TARGETARCH's names (amd64, arm64) onto its own; a RID the user chose wins.
    // Restore sees the deployment properties too: a self-contained, trimmed or AOT app needs its
    // runtime pack, ILLink or ILCompiler packages in the restore layer.
    private static string TargetArguments(DockerfileSpec spec) =>
        (spec.RuntimeIdentifier is null ? " -a $TARGETARCH" : $" -r {ShellArgument(spec.RuntimeIdentifier)}")
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
