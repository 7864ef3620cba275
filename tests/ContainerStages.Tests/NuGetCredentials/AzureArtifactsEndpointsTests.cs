using ContainerStages.NuGetCredentials;

namespace ContainerStages.Tests.NuGetCredentials;

[TestClass]
public sealed class AzureArtifactsEndpointsTests
{
    [TestMethod]
    public void Parse_ReadsEachEndpoint_WithTheProvidersCaseInsensitiveNames()
    {
        var endpoints = AzureArtifactsEndpoints.Parse("""{"EndpointCredentials":[{"Endpoint":"https://a/index.json","Username":"u","Password":"p"},{"endpoint":"https://b/index.json","password":"pat"}]}""");

        CollectionAssert.AreEqual(new[] { ("https://a/index.json", "u", "p"), ("https://b/index.json", "VssSessionToken", "pat") }, endpoints.ToArray());
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("not json")]
    [DataRow("""{"endpointCredentials":[{"endpoint":"https://a/index.json"}]}""")]
    [DataRow("""{"other":1}""")]
    public void Parse_UnusableValues_GiveNoEndpoint(string? json) => Assert.IsEmpty(AzureArtifactsEndpoints.Parse(json));
}
