using ContainerStages.Context;

namespace ContainerStages.Dockerfile;

/// <summary>
/// Which Dockerfile a publish builds, and whose it is. Most real projects already have a
/// hand-written Dockerfile (often scaffolded by Visual Studio), so the default name is not taken
/// over blindly: with ContainerStagesDockerfile unset and a <c>Dockerfile</c> of the user's in the
/// project folder, ContainerStages writes and builds its own <c>Dockerfile.containerstages</c>
/// beside it. Only a Dockerfile the user names is built as it is.
/// </summary>
internal sealed record DockerfileChoice
{
    public const string DefaultFileName = "Dockerfile";

    /// <summary>The file written beside a hand-written Dockerfile of the default name.</summary>
    public const string BesideFileName = "Dockerfile.containerstages";

    /// <summary>The Dockerfile-specific ignore file's suffix, as BuildKit and the Docker CLI look for it beside a Dockerfile.</summary>
    public const string IgnoreFileSuffix = ".dockerignore";

    /// <summary>The full path of the Dockerfile to build (and to write, unless <see cref="UserOwned"/>).</summary>
    public required string Path { get; init; }

    /// <summary>The file's current text; null when it does not exist yet.</summary>
    public string? ExistingText { get; init; }

    /// <summary>The file has no ContainerStages header: it is built as it is and never written.</summary>
    public bool UserOwned { get; init; }

    /// <summary>The user named the file (ContainerStagesDockerfile); false for the default.</summary>
    public bool Named { get; init; }

    /// <summary>The hand-written default Dockerfile that <see cref="Path"/> was written beside; null otherwise.</summary>
    public string? HandWrittenBeside { get; init; }

    /// <param name="projectDirectory">The project's folder, where the default Dockerfile lives.</param>
    /// <param name="dockerfileSetting">ContainerStagesDockerfile as set (relative to the project folder), or empty.</param>
    public static DockerfileChoice Resolve(string projectDirectory, string? dockerfileSetting)
    {
        if (!string.IsNullOrWhiteSpace(dockerfileSetting))
        {
            string named = System.IO.Path.GetFullPath(dockerfileSetting.Trim(), projectDirectory);
            string? text = ReadIfExists(named);
            return new DockerfileChoice { Path = named, ExistingText = text, UserOwned = IsUsers(text), Named = true };
        }

        string defaultPath = System.IO.Path.Combine(projectDirectory, DefaultFileName);
        string? defaultText = ReadIfExists(defaultPath);
        if (!IsUsers(defaultText))
        {
            return new DockerfileChoice { Path = defaultPath, ExistingText = defaultText };
        }

        // A Dockerfile.containerstages whose header the user deleted is theirs too, as any other file.
        string beside = System.IO.Path.Combine(projectDirectory, BesideFileName);
        string? besideText = ReadIfExists(beside);
        return new DockerfileChoice { Path = beside, ExistingText = besideText, UserOwned = IsUsers(besideText), HandWrittenBeside = defaultPath };
    }

    /// <summary>
    /// The ignore file the build context honours and, when it is ours, writes: the Dockerfile's own
    /// <c>&lt;name&gt;.dockerignore</c> when one exists, or when ContainerStages writes its file beside a
    /// hand-written Dockerfile (so the hand-written .dockerignore of the context root stays the
    /// hand-written Dockerfile's); else the context root's <c>.dockerignore</c>.
    /// </summary>
    public string IgnoreFilePath(string contextDirectory)
    {
        string own = Path + IgnoreFileSuffix;
        return HandWrittenBeside is not null || File.Exists(own) ? own : DockerIgnoreFile.PathIn(contextDirectory);
    }

    /// <summary>
    /// The stage to build: ContainerStagesTarget when set; otherwise 'runtime' for a generated file
    /// and, for the user's own, its last stage, which is what a plain <c>docker build</c> builds
    /// (empty when that stage has no name: the build then gets no target at all).
    /// </summary>
    public string Target(string? targetSetting, string generatedDefault)
    {
        if (!string.IsNullOrWhiteSpace(targetSetting))
        {
            return targetSetting.Trim().ToLowerInvariant();
        }

        return UserOwned ? DockerfileStageReader.ReadLastStageName(ExistingText!) ?? string.Empty : generatedDefault;
    }

    private static bool IsUsers(string? text) => text is not null && !DockerfileHeader.IsGenerated(text);

    private static string? ReadIfExists(string path) => File.Exists(path) ? File.ReadAllText(path) : null;
}
