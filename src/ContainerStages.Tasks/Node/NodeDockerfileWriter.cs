using System.Text;
using ContainerStages.Dockerfile;

namespace ContainerStages.Node;

/// <summary>
/// Writes the multi-stage Dockerfile of a Node.js app: dependencies from package.json and the lock
/// file only, the build with every dependency, the tests, production dependencies on their own, and
/// a runtime with those and the build output only. Deterministic, like <see cref="DockerfileWriter"/>.
/// </summary>
internal static class NodeDockerfileWriter
{
    private const string SourceRoot = "/src";

    // The runtime copies this (empty) folder from the test stage, which makes BuildKit run the tests.
    private const string TestsPassedDirectory = "/containerstages/tests-passed";

    // The official images' non-root users: 'node' (uid 1000) and distroless' 'nonroot' (65532).
    private const string NodeUser = "node";
    private const string DistrolessUser = "65532";
    private const string DistrolessNode = "/nodejs/bin/node";

    public static string Write(NodeDockerfileSpec spec)
    {
        var text = new StringBuilder();
        var stages = NodeStages.For(spec);
        Line(text, DockerfileHeader.Marker);
        Line(text, $"# It is rewritten from {spec.ProjectFileName} on every publish with -p:ContainerStages=true.");
        Line(text, "# To take it over, delete these header lines: ContainerStages then builds it as it is and never writes it again.");
        Line(text, "#");
        Line(text, $"# Stages: {string.Join(" -> ", stages)}. Build one with: docker build --target <stage> -f <this file> <context>");
        Line(text);

        if (stages.Contains(NodeStages.Deps))
        {
            WriteInstallStage(text, spec, NodeStages.Deps, spec.Commands.Install);
        }

        if (spec.HasBuildStage)
        {
            Line(text, $"FROM {NodeStages.Deps} AS {NodeStages.Build}");
            CopySources(text, spec);
            Line(text, $"RUN {spec.Commands.Run(spec.BuildScript!)}");
            Line(text);
        }

        if (spec.RunTests)
        {
            Line(text, $"FROM {(spec.HasBuildStage ? NodeStages.Build : NodeStages.Deps)} AS {NodeStages.Test}");
            if (!spec.HasBuildStage)
            {
                CopySources(text, spec);
            }

            Line(text, $"RUN {spec.Commands.Test} && mkdir -p {TestsPassedDirectory}");
            Line(text);
        }

        WriteInstallStage(text, spec, NodeStages.ProdDeps, spec.Commands.InstallProduction);
        WriteRuntimeStage(text, spec);
        return text.ToString();
    }

    private static void WriteInstallStage(StringBuilder text, NodeDockerfileSpec spec, string stage, string install)
    {
        Line(text, $"FROM {spec.BuildImage} AS {stage}");
        Line(text, $"WORKDIR {SourceRoot}");
        if (stage == NodeStages.Deps)
        {
            Line(text, "# Only what the install reads, so this layer is reused until a dependency changes.");
        }

        var sources = spec.InstallInputs.Select(f => DockerfileWriter.CopyPath(InApp(spec, f)));
        Line(text, $"COPY [{string.Join(", ", sources)}, \"./\"]");
        string setup = spec.Commands.Setup is { } s ? s + " && " : string.Empty;
        // The download cache lives in a mount, the installed packages in the layer: a later step never
        // depends on the mount, which BuildKit may prune. Locked: parallel installs share it.
        if (spec.NpmCredentials)
        {
            NpmCredentialsMount.Write(text, spec.Commands.CacheId, spec.Commands.CacheDirectory, setup + install);
        }
        else
        {
            Line(text, $"RUN --mount=type=cache,id={spec.Commands.CacheId},target={spec.Commands.CacheDirectory},sharing=locked \\");
            Line(text, $"    {setup}{install}");
        }

        Line(text);
    }

    private static void CopySources(StringBuilder text, NodeDockerfileSpec spec) =>
        Line(text, spec.AppDirectory.Length == 0 ? "COPY . ." : $"COPY [{DockerfileWriter.CopyPath(spec.AppDirectory + "/")}, \"./\"]");

    private static void WriteRuntimeStage(StringBuilder text, NodeDockerfileSpec spec)
    {
        Line(text, $"FROM {spec.BaseImage} AS {NodeStages.Runtime}");
        Line(text, $"WORKDIR {DockerfileWriter.Word(spec.WorkingDirectory)}");
        Line(text, "ENV NODE_ENV=production");
        foreach (var port in spec.Ports)
        {
            Line(text, $"EXPOSE {port}");
        }

        foreach (var (name, value) in spec.EnvironmentVariables)
        {
            Line(text, $"ENV {name}={DockerfileWriter.Quote(value)}");
        }

        foreach (var (name, value) in spec.Labels)
        {
            Line(text, $"LABEL {DockerfileWriter.Quote(name)}={DockerfileWriter.Quote(value)}");
        }

        if (spec.RunTests)
        {
            Line(text, "# Empty: it only makes this image wait for the tests (BuildKit skips stages nothing uses).");
            Line(text, $"COPY --from={NodeStages.Test} {TestsPassedDirectory}/ ./");
        }

        // Root owns the app files, so the app user can read them but not change them.
        Line(text, $"COPY --from={NodeStages.ProdDeps} {SourceRoot}/node_modules ./node_modules");
        if (spec.HasBuildStage)
        {
            // package.json stays: its "type" decides whether node loads .js files as ES modules.
            Line(text, $"COPY [{DockerfileWriter.CopyPath(InApp(spec, "package.json"))}, \"./\"]");
            foreach (string output in spec.OutputPaths)
            {
                Line(text, $"COPY --from={NodeStages.Build} [{DockerfileWriter.CopyPath(SourceRoot + "/" + output)}, {DockerfileWriter.CopyPath("./" + output)}]");
            }
        }
        else
        {
            // A plain JavaScript app runs its sources; the .dockerignore keeps the host's node_modules out.
            CopySources(text, spec);
        }

        Line(text, $"USER {(spec.User is { } user ? DockerfileWriter.Word(user) : spec.Distroless ? DistrolessUser : NodeUser)}");
        var command = spec.Distroless && spec.Command[0] == "node" ? [DistrolessNode, .. spec.Command.Skip(1)] : spec.Command;
        // Exec form: node is PID 1 and gets SIGTERM itself (no npm, no shell in between).
        Line(text, $"ENTRYPOINT [{string.Join(", ", command.Select(DockerfileWriter.JsonString))}]");
    }

    /// <summary>Where the 'spa' stage leaves the front end's build output.</summary>
    internal const string SpaOutputDirectory = "/spa-out";

    /// <summary>
    /// The front end's stage of a .NET Dockerfile: nothing in it depends on the .NET stages, so
    /// BuildKit runs it beside the restore and build; the runtime copies only its output.
    /// </summary>
    internal static void WriteSpaStage(StringBuilder text, SpaSpec spa)
    {
        Line(text, $"FROM {spa.Image} AS {DockerfileStages.Spa}");
        Line(text, "WORKDIR /spa");
        var sources = spa.InstallInputs.Select(f => DockerfileWriter.CopyPath(spa.Directory + "/" + f));
        Line(text, $"COPY [{string.Join(", ", sources)}, \"./\"]");
        string setup = spa.Commands.Setup is { } s ? s + " && " : string.Empty;
        Line(text, $"RUN --mount=type=cache,id={spa.Commands.CacheId},target={spa.Commands.CacheDirectory},sharing=locked \\");
        Line(text, $"    {setup}{spa.Commands.Install}");
        Line(text, $"COPY [{DockerfileWriter.CopyPath(spa.Directory + "/")}, \"./\"]");
        // A fixed folder, so the runtime's COPY does not depend on where the front end's build writes.
        Line(text, $"RUN {spa.Commands.Run("build")} && mkdir -p {SpaOutputDirectory} && cp -R {DockerfileWriter.ShellArgument(spa.OutputPath)}/. {SpaOutputDirectory}/");
        Line(text);
    }

    private static string InApp(NodeDockerfileSpec spec, string path) =>
        spec.AppDirectory.Length == 0 ? path : spec.AppDirectory + "/" + path;

    private static void Line(StringBuilder text, string line = "") => text.Append(line).Append('\n');
}
