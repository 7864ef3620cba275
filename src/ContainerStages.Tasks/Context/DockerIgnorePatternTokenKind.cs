namespace ContainerStages.Context;

/// <summary>The pieces a .dockerignore pattern compiles to (see <see cref="DockerIgnorePattern"/>).</summary>
internal enum DockerIgnorePatternTokenKind
{
    /// <summary>One given character.</summary>
    Literal,

    /// <summary><c>?</c>: one character other than <c>/</c>.</summary>
    AnyCharacter,

    /// <summary><c>[...]</c>: one character in (or, negated with <c>^</c>, not in) a set of ranges.</summary>
    CharacterClass,

    /// <summary><c>*</c>: any run of characters other than <c>/</c>, including none.</summary>
    Star,

    /// <summary><c>**</c> (or <c>**/</c>) before more pattern: nothing, or any run ending with <c>/</c>.</summary>
    OptionalDirectories,

    /// <summary><c>**</c> at the end of a pattern: any run of characters, <c>/</c> included.</summary>
    AnyRun,
}
