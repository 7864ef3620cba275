namespace ContainerStages.Context;

/// <summary>One child of a <see cref="ContextDirectory"/> that the walk lists or goes into.</summary>
/// <param name="Entry">The child's own entry.</param>
/// <param name="Directory">For a directory, what is below it; null for the others.</param>
/// <param name="Excluded">A directory the rules exclude, read only because an exception may re-include something below it.</param>
internal readonly record struct ContextDirectoryChild(BuildContextEntry Entry, ContextDirectory? Directory, bool Excluded);
