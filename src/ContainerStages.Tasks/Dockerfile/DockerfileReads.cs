namespace ContainerStages.Dockerfile;

/// <summary>What building one stage of a Dockerfile reads from outside it.</summary>
/// <param name="Images">The images (FROM, COPY --from, RUN --mount from=), in the order first read.</param>
/// <param name="ContextPaths">The build context's paths that COPY, ADD and bind mounts take, as written ("." for all of it).</param>
/// <param name="SecretIds">The ids of the secrets its RUN steps mount (<c>--mount=type=secret,id=...</c>).</param>
internal sealed record DockerfileReads(IReadOnlyList<string> Images, IReadOnlyList<string> ContextPaths, IReadOnlyList<string> SecretIds);
