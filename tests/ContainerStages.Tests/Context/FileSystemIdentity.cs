using System.Runtime.InteropServices;

namespace ContainerStages.Tests.Context;

/// <summary>
/// Runs code with the file-system permissions of an unprivileged user, also when the tests run as root:
/// on Linux the file-system uid is per thread, and a nonzero one drops the thread's override of read
/// permissions (CAP_DAC_OVERRIDE), so a file with mode 000 is unreadable there as for any user.
/// </summary>
internal static class FileSystemIdentity
{
    private const uint Nobody = 65534;

    public static T AsUnprivilegedUser<T>(Func<T> action)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("Unix permissions only.");
        }

        if (Environment.UserName != "root")
        {
            return action();
        }

        Assert.IsTrue(OperatingSystem.IsLinux(), "As root, only Linux lets one thread drop its file-system identity.");
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            SetFsUid(Nobody);
            try
            {
                result = action();
            }
            catch (Exception e)
            {
                failure = e;
            }
            finally
            {
                SetFsUid(0);
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        return result;
    }

    [DllImport("libc", EntryPoint = "setfsuid")]
    private static extern int SetFsUid(uint fsuid);
}
