namespace ContainerStages;

/// <summary>
/// Where the plain classes say what they decided: coded messages and warnings by their Strings.resx
/// name. The tasks map it onto MSBuild's log; the classes never see MSBuild.
/// </summary>
internal interface ICodedLog
{
    void Message(LogImportance importance, string resource, params object?[] arguments);

    /// <param name="file">The file the warning is about, for the canonical file(line) form; null for none.</param>
    void Warning(string resource, string? file, params object?[] arguments);
}
