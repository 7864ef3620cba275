namespace ContainerStages.Dockerfile;

/// <summary>
/// How a generated Dockerfile takes an app built outside it (the files the host's dotnet publish made):
/// the build sends them under a folder of the context's own, and a build argument chooses the stage
/// that copies them in. A plain docker build sets no argument and builds the app in its own stages.
/// </summary>
internal static class PrebuiltApp
{
    /// <summary>Where the files go in the context that is sent (never in the folder itself).</summary>
    public const string ContextDirectory = ".containerstages/publish";

    /// <summary>The build argument that chooses the stage the runtime stage takes the app from.</summary>
    public const string StageArgument = "CONTAINERSTAGES_APP_STAGE";

    /// <summary>The stage that copies the prebuilt files in.</summary>
    public const string StageName = "host-publish";
}
