using System.Net.Sockets;
using ContainerStages.Engine;

namespace ContainerStages.Tests.Engine;

/// <summary>
/// How a failed connection to the engine is told apart and described: permission denied on the
/// socket (its own error) versus an engine that cannot be reached (with the reason in a few words).
/// </summary>
[TestClass]
public sealed class DockerEngineErrorTests
{
    private static HttpRequestException Wrapped(SocketError error) =>
        new("Connection failed", new SocketException((int)error));

    [TestMethod]
    public void IsPermissionDenied_AccessDeniedSocketInsideAnHttpRequestException_IsTrue()
    {
        Assert.IsTrue(DockerEngine.IsPermissionDenied(Wrapped(SocketError.AccessDenied)));
    }

    [TestMethod]
    public void IsPermissionDenied_AccessDeniedSocketNestedTwice_IsTrue()
    {
        var e = new IOException("outer", Wrapped(SocketError.AccessDenied));

        Assert.IsTrue(DockerEngine.IsPermissionDenied(e));
    }

    [TestMethod]
    public void IsPermissionDenied_AccessDeniedSocketItself_IsTrue()
    {
        Assert.IsTrue(DockerEngine.IsPermissionDenied(new SocketException((int)SocketError.AccessDenied)));
    }

    [TestMethod]
    public void IsPermissionDenied_UnauthorizedAccess_IsTrue()
    {
        Assert.IsTrue(DockerEngine.IsPermissionDenied(new UnauthorizedAccessException("Access to the path is denied.")));
        Assert.IsTrue(DockerEngine.IsPermissionDenied(new HttpRequestException("x", new UnauthorizedAccessException())));
    }

    [TestMethod]
    [DataRow(SocketError.ConnectionRefused)]
    [DataRow(SocketError.HostNotFound)]
    [DataRow(SocketError.TimedOut)]
    [DataRow(SocketError.AddressNotAvailable)]
    public void IsPermissionDenied_OtherSocketErrors_IsFalse(SocketError error)
    {
        Assert.IsFalse(DockerEngine.IsPermissionDenied(Wrapped(error)));
    }

    [TestMethod]
    public void IsPermissionDenied_NoSocketAtAll_IsFalse()
    {
        Assert.IsFalse(DockerEngine.IsPermissionDenied(new HttpRequestException("An error occurred while sending the request.")));
        Assert.IsFalse(DockerEngine.IsPermissionDenied(new TimeoutException()));
    }

    [TestMethod]
    public void Describe_ConnectionRefused_SaysNothingListens()
    {
        Assert.AreEqual("nothing is listening there", DockerEngine.Describe(Wrapped(SocketError.ConnectionRefused)));
    }

    [TestMethod]
    public void Describe_AddressNotAvailable_SaysNothingListens()
    {
        Assert.AreEqual("nothing is listening there", DockerEngine.Describe(Wrapped(SocketError.AddressNotAvailable)));
    }

    [TestMethod]
    public void Describe_HostNotFound_SaysTheNameDoesNotResolve()
    {
        Assert.AreEqual("the host name does not resolve", DockerEngine.Describe(Wrapped(SocketError.HostNotFound)));
    }

    [TestMethod]
    public void Describe_NoData_SaysTheNameDoesNotResolve()
    {
        Assert.AreEqual("the host name does not resolve", DockerEngine.Describe(Wrapped(SocketError.NoData)));
    }

    [TestMethod]
    public void Describe_SocketExceptionItself_IsDescribed()
    {
        Assert.AreEqual("nothing is listening there", DockerEngine.Describe(new SocketException((int)SocketError.ConnectionRefused)));
    }

    [TestMethod]
    public void Describe_OtherSocketError_GivesTheSocketMessage()
    {
        var socket = new SocketException((int)SocketError.TimedOut);

        Assert.AreEqual(socket.Message, DockerEngine.Describe(new HttpRequestException("Connection failed", socket)));
    }

    [TestMethod]
    public void Describe_NoSocket_GivesTheInnermostMessage()
    {
        var e = new HttpRequestException("An error occurred while sending the request.", new IOException("The response ended prematurely."));

        Assert.AreEqual("The response ended prematurely.", DockerEngine.Describe(e));
    }

    [TestMethod]
    public void Describe_PlainException_GivesItsMessage()
    {
        Assert.AreEqual("The operation has timed out.", DockerEngine.Describe(new TimeoutException("The operation has timed out.")));
    }
}
