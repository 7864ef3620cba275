using System.Text;
using ContainerStages.Dockerfile;
using static ContainerStages.Dockerfile.DockerfileText;

namespace ContainerStages.Stacks.Node;

/// <summary>
/// Writes the multi-stage Dockerfile of a Node.js app: dependencies from package.json and the lock
/// file only, the build with every dependency, the tests, production dependencies on their own, and
/// a runtime with those and the build output only. Deterministic: the same spec gives byte-identical text.
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

    private const string TestEnvironment = "CI=true NO_COLOR=1 FORCE_COLOR=0";

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

        WriteSourcesStage(text, spec);
        if (spec.HasBuildStage)
        {
            Line(text, $"FROM {NodeStages.Deps} AS {NodeStages.Build}");
            CopySources(text, spec);
            EnterWorkspaceMember(text, spec);
            Line(text, $"RUN {spec.Commands.Run(spec.BuildScript!)}");
            Line(text);
        }

        if (spec.RunTests)
        {
            Line(text, $"FROM {(spec.HasBuildStage ? NodeStages.Build : NodeStages.Deps)} AS {NodeStages.Test}");
            if (!spec.HasBuildStage)
            {
                CopySources(text, spec);
                EnterWorkspaceMember(text, spec);
            }

            // Colour off as each runner reads it (chalk: FORCE_COLOR=0; picocolors, which vitest uses and
            // which takes any FORCE_COLOR as 'on': NO_COLOR; jest's CI mode fails on a missing snapshot).
            Line(text, "# CI mode and no colour codes, so a failure reads plainly in the publish log.");
            Line(text, $"RUN {TestEnvironment} {spec.Commands.Test} && mkdir -p {TestsPassedDirectory}");
            Line(text);
        }

        // An app with no production dependency gets no node_modules, which the runtime copies.
        string folders = spec.InWorkspace ? "node_modules " + DockerfileText.ShellArgument(spec.WorkspaceMember + "/node_modules") : "node_modules";
        WriteInstallStage(text, spec, NodeStages.ProdDeps, spec.Commands.InstallProductionOf(spec.WorkspaceMember) + " && mkdir -p " + folders);
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

        // A workspace member's package.json goes to its own folder: the install reads them where they are.
        var sources = spec.InstallInputs.Where(f => !f.Contains('/')).Select(f => DockerfileText.CopyPath(InInstall(spec, f)));
        Line(text, $"COPY [{string.Join(", ", sources)}, \"./\"]");
        foreach (string member in spec.InstallInputs.Where(f => f.Contains('/')))
        {
            Line(text, $"COPY [{DockerfileText.CopyPath(InInstall(spec, member))}, {DockerfileText.CopyPath(member[..(member.LastIndexOf('/') + 1)])}]");
        }

        WritePrepareNote(text, spec.Commands, spec.AppPrepareScripts);
        // The download cache lives in a mount, the installed packages in the layer: a later step never
        // depends on the mount, which BuildKit may prune. Locked: parallel installs share it.
        string step = spec.Commands.InstallStep(install, spec.AppPrepareScripts);
        if (spec.NpmCredentials)
        {
            NpmCredentialsMount.Write(text, spec.Commands.CacheId, spec.Commands.CacheDirectory, step);
        }
        else
        {
            Line(text, $"RUN --mount=type=cache,id={spec.Commands.CacheId},target={spec.Commands.CacheDirectory},sharing=locked \\");
            Line(text, $"    {step}");
        }

        Line(text);
    }

    /// <summary>
    /// The app's sources without the files that only describe its build. A build of the engine's API
    /// gets its Dockerfile inside the context, and every COPY of the context copies it, so a setting
    /// that only changes the Dockerfile (the test stage switched on) would rebuild the app. BuildKit
    /// keys a COPY --from by the content it copies: after the rm below, an unchanged app copies the
    /// same files, and the build and tests stay cached.
    /// </summary>
    private static void WriteSourcesStage(StringBuilder text, NodeDockerfileSpec spec)
    {
        Line(text, $"FROM {spec.BuildImage} AS {NodeStages.Sources}");
        Line(text, $"WORKDIR {SourceRoot}");
        Line(text, spec.SourceDirectory.Length == 0 ? "COPY . ." : $"COPY [{DockerfileText.CopyPath(spec.SourceDirectory + "/")}, \"./\"]");
        if (spec.BuildDescriptionFiles.Count > 0)
        {
            Line(text, "# What only describes the build leaves the sources, so a change to it rebuilds nothing of the app.");
            Line(text, $"RUN rm -f {string.Join(' ', spec.BuildDescriptionFiles.Select(DockerfileText.ShellArgument))}");
        }

        Line(text);
    }

    private static void CopySources(StringBuilder text, NodeDockerfileSpec spec) =>
        Line(text, $"COPY --from={NodeStages.Sources} {SourceRoot}/ ./");

    // npm, pnpm and Yarn run a member's scripts from its folder and find the workspace above it.
    private static void EnterWorkspaceMember(StringBuilder text, NodeDockerfileSpec spec)
    {
        if (spec.InWorkspace)
        {
            Line(text, $"WORKDIR {DockerfileText.Word(SourceRoot + "/" + spec.WorkspaceMember)}");
        }
    }

    private static void WriteRuntimeStage(StringBuilder text, NodeDockerfileSpec spec)
    {
        Line(text, $"FROM {spec.BaseImage} AS {NodeStages.Runtime}");
        Line(text, $"WORKDIR {DockerfileText.Word(spec.WorkingDirectory)}");
        Line(text, "ENV NODE_ENV=production");
        ImageMetadataWriter.WritePortsEnvironmentAndLabels(text, spec.Image);

        if (spec.RunTests)
        {
            Line(text, "# Empty: it only makes this image wait for the tests (BuildKit skips stages nothing uses).");
            Line(text, $"COPY --from={NodeStages.Test} {TestsPassedDirectory}/ ./");
        }

        // Root owns the app files, so the app user can read them but not change them.
        Line(text, $"COPY --from={NodeStages.ProdDeps} {SourceRoot}/node_modules ./node_modules");
        string appRoot = SourceRoot;
        if (spec.InWorkspace)
        {
            // The workspace's layout, so node finds the hoisted packages above the member's folder.
            appRoot = SourceRoot + "/" + spec.WorkspaceMember;
            Line(text, $"WORKDIR {DockerfileText.Word(spec.WorkingDirectory.TrimEnd('/') + "/" + spec.WorkspaceMember)}");
            Line(text, $"COPY --from={NodeStages.ProdDeps} [{DockerfileText.CopyPath(appRoot + "/node_modules")}, \"./node_modules\"]");
        }

        if (spec.HasBuildStage)
        {
            // package.json stays: its "type" decides whether node loads .js files as ES modules.
            Line(text, $"COPY [{DockerfileText.CopyPath(InApp(spec, "package.json"))}, \"./\"]");
            foreach (string output in spec.OutputPaths)
            {
                Line(text, $"COPY --from={NodeStages.Build} [{DockerfileText.CopyPath(appRoot + "/" + output)}, {DockerfileText.CopyPath("./" + output)}]");
            }
        }
        else if (spec.InWorkspace)
        {
            Line(text, $"COPY --from={NodeStages.Sources} [{DockerfileText.CopyPath(appRoot + "/")}, \"./\"]");
        }
        else
        {
            // A plain JavaScript app runs its sources; the .dockerignore keeps the host's node_modules out.
            CopySources(text, spec);
        }

        Line(text, $"USER {(spec.User is { } user ? DockerfileText.Word(user) : spec.Distroless ? DistrolessUser : NodeUser)}");
        var command = spec.Distroless && spec.Command[0] == "node" ? [DistrolessNode, .. spec.Command.Skip(1)] : spec.Command;
        // Exec form: node is PID 1 and gets SIGTERM itself (no npm, no shell in between).
        Line(text, $"ENTRYPOINT [{string.Join(", ", command.Select(DockerfileText.JsonString))}]");
        ImageMetadataWriter.WriteBuildArgumentLabels(text, spec.Image);
    }

    /// <summary>Where the 'spa' stage leaves the front end's build output.</summary>
    internal const string SpaOutputDirectory = "/spa-out";

    /// <summary>
    /// The front end's stage of a .NET Dockerfile: nothing in it depends on the .NET stages, so
    /// BuildKit runs it beside the restore and build; the runtime copies only its output. It runs on
    /// the build machine's platform: the files it makes are the same for every image's.
    /// </summary>
    internal static string WriteSpaStage(SpaSpec spa)
    {
        var text = new StringBuilder();
        Line(text, $"FROM --platform=$BUILDPLATFORM {spa.Image} AS {NodeStages.Spa}");
        Line(text, "WORKDIR /spa");
        var sources = spa.InstallInputs.Select(f => DockerfileText.CopyPath(spa.Directory + "/" + f));
        Line(text, $"COPY [{string.Join(", ", sources)}, \"./\"]");
        WritePrepareNote(text, spa.Commands, spa.AppPrepareScripts);
        Line(text, $"RUN --mount=type=cache,id={spa.Commands.CacheId},target={spa.Commands.CacheDirectory},sharing=locked \\");
        Line(text, $"    {spa.Commands.InstallStep(spa.Commands.Install, spa.AppPrepareScripts)}");
        Line(text, $"COPY [{DockerfileText.CopyPath(spa.Directory + "/")}, \"./\"]");
        // A fixed folder, so the runtime's COPY does not depend on where the front end's build writes.
        Line(text, $"RUN {spa.Commands.Run("build")} && mkdir -p {SpaOutputDirectory} && cp -R {DockerfileText.ShellArgument(spa.OutputPath)}/. {SpaOutputDirectory}/");
        return text.ToString();
    }

    private static void WritePrepareNote(StringBuilder text, NodePackageManagerCommands commands, IReadOnlyList<string> prepareScripts)
    {
        if (commands.RunsAppPrepareScripts && prepareScripts.Count > 0)
        {
            Line(text, "# The app's own prepare script serves a checkout (git hooks, a build before publishing): not run by this install.");
        }
    }

    private static string InInstall(NodeDockerfileSpec spec, string path) =>
        (spec.InstallDirectory ?? spec.AppDirectory) is { Length: > 0 } directory ? directory + "/" + path : path;

    private static string InApp(NodeDockerfileSpec spec, string path) =>
        spec.AppDirectory.Length == 0 ? path : spec.AppDirectory + "/" + path;

}
