using ContainerStages.Dockerfile;
using ContainerStages.Stacks.DotNet;
using ContainerStages.Tests.Stacks.DotNet;

namespace ContainerStages.Tests.Dockerfile;

[TestClass]
public sealed class DockerfileStageReaderTests
{
    [TestMethod]
    public void ReadStageNames_GeneratedDockerfile_IsItsStagesInOrder()
    {
        var names = DockerfileStageReader.ReadStageNames(DotNetDockerfileWriter.Write(GoldenSpecs.WebApi));

        CollectionAssert.AreEqual(new[] { "restore", "sources", "publish", "runtime-base", "runtime-with-publish", "runtime-with-host-publish", "runtime" }, names.ToArray());
    }

    [TestMethod]
    [DataRow("FROM alpine AS build")]
    [DataRow("FROM alpine as build")]
    [DataRow("from alpine As build")]
    [DataRow("FROM alpine AS Build")]
    [DataRow("FROM alpine AS BUILD")]
    [DataRow("   FROM   alpine   AS   build   ")]
    [DataRow("FROM\talpine\tAS\tbuild")]
    public void ReadStageNames_AsInAnyCase_GivesTheLowerCaseName(string line)
    {
        CollectionAssert.AreEqual(new[] { "build" }, DockerfileStageReader.ReadStageNames(line + "\nRUN true\n").ToArray());
    }

    [TestMethod]
    [DataRow("FROM --platform=linux/amd64 alpine AS build")]
    [DataRow("FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build")]
    [DataRow("FROM --platform=linux/arm64 --some-flag=x alpine AS build")]
    [DataRow("FROM ${BASE_IMAGE} AS build")]
    [DataRow("FROM registry.example.com:5000/team/image@sha256:0123 AS build")]
    public void ReadStageNames_FlagsAndVariables_AreSkipped(string line)
    {
        CollectionAssert.AreEqual(new[] { "build" }, DockerfileStageReader.ReadStageNames("ARG BASE_IMAGE=alpine\n" + line + "\n").ToArray());
    }

    [TestMethod]
    [DataRow("FROM alpine \\\n    AS build\n")]
    [DataRow("FROM alpine \\   \n    AS build\n")]
    [DataRow("FROM \\\n  alpine \\\n  AS \\\n  build\n")]
    [DataRow("FROM alpine \\\n# a comment inside the instruction\n    AS build\n")]
    [DataRow("FROM alpine \\\n\n    AS build\n")]
    [DataRow("FROM alpine \\\r\n    AS build\r\n")]
    public void ReadStageNames_LineContinuations_AreJoined(string text)
    {
        CollectionAssert.AreEqual(new[] { "build" }, DockerfileStageReader.ReadStageNames(text).ToArray());
    }

    [TestMethod]
    public void ReadStageNames_CommentedOutFrom_IsIgnored()
    {
        const string text = "# FROM alpine AS commented\n  # FROM alpine AS indented\nFROM alpine AS real\n";

        CollectionAssert.AreEqual(new[] { "real" }, DockerfileStageReader.ReadStageNames(text).ToArray());
    }

    [TestMethod]
    [DataRow("FROM alpine")]
    [DataRow("FROM alpine AS")]
    [DataRow("FROM alpine AS a b")]
    [DataRow("FROM alpine IS build")]
    [DataRow("RUN echo FROM alpine AS build")]
    [DataRow("")]
    public void ReadStageNames_NoNamedStage_IsEmpty(string text)
    {
        Assert.IsEmpty(DockerfileStageReader.ReadStageNames(text));
    }

    [TestMethod]
    public void ReadStageNames_UnnamedAndNamedStages_GivesOnlyTheNamesInFileOrder()
    {
        const string text = "FROM alpine\nRUN true\nFROM alpine AS second\nFROM second AS third\nFROM alpine\n";

        CollectionAssert.AreEqual(new[] { "second", "third" }, DockerfileStageReader.ReadStageNames(text).ToArray());
    }

    [TestMethod]
    public void ReadStageNames_EscapeDirectiveBacktick_JoinsBacktickContinuations()
    {
        const string text = "# escape=`\nFROM mcr.microsoft.com/windows/nanoserver `\n    AS build\n";

        CollectionAssert.AreEqual(new[] { "build" }, DockerfileStageReader.ReadStageNames(text).ToArray());
    }

    [TestMethod]
    public void ReadStageNames_ByteOrderMark_DoesNotHideTheFirstFrom()
    {
        CollectionAssert.AreEqual(new[] { "first" }, DockerfileStageReader.ReadStageNames("\uFEFFFROM alpine AS first\n").ToArray());
    }
}
