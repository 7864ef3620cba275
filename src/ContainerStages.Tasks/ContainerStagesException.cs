using System.Globalization;
using ContainerStages.Resources;

namespace ContainerStages;

/// <summary>
/// A user-facing failure of the plain logic: the name of its message in Strings.resx (which starts
/// with the CSTG code) and the message's arguments. Tasks log it with the code and, where known,
/// the file and line it is about; it never reaches the user as a stack trace.
/// </summary>
internal sealed class ContainerStagesException : Exception
{
    public ContainerStagesException(string resourceName, params object?[] arguments)
        : base(resourceName)
    {
        ResourceName = resourceName;
        Arguments = arguments;
    }

    public string ResourceName { get; }

    public object?[] Arguments { get; }

    /// <summary>The file the error is about (a Dockerfile, a .dockerignore), for the canonical file(line) form.</summary>
    public string? File { get; init; }

    public int Line { get; init; }

    /// <summary>The message with its arguments, code first, as the user reads it.</summary>
    public string Text => string.Format(CultureInfo.CurrentCulture, Strings.ResourceManager.GetString(ResourceName, CultureInfo.CurrentUICulture) ?? ResourceName, Arguments);

    /// <summary>The compiler's, NuGet's or MSBuild's own errors from inside the build, logged before this one.</summary>
    public IReadOnlyList<BuildDiagnostic> Diagnostics { get; init; } = [];
}
