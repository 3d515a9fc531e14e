using System.Runtime.InteropServices;

namespace Flexiffusion.Diffusion.Runtime.Internal;

/// <summary>
/// The C library's environment, which native code (libtorch, oneDNN) reads with <c>getenv</c>. On
/// Linux, .NET keeps its own copy of the environment: <see cref="Environment.SetEnvironmentVariable(string, string)"/>
/// never reaches <c>getenv</c> (<c>NumericsPolicyTests</c> checks this), so settings meant for native
/// libraries go through <c>setenv</c> here.
/// </summary>
internal static partial class NativeEnvironment
{
    /// <summary>The value native code sees, or null.</summary>
    public static string? Get(string name)
    {
        if (!OperatingSystem.IsLinux())
            return Environment.GetEnvironmentVariable(name);
        nint value = getenv(name);
        return value == 0 ? null : Marshal.PtrToStringUTF8(value);
    }

    /// <summary>Sets a variable for native code (and .NET's copy, so both agree).</summary>
    public static void Set(string name, string value)
    {
        if (OperatingSystem.IsLinux() && setenv(name, value, 1) != 0)
            throw new InvalidOperationException($"setenv({name}) failed with errno {Marshal.GetLastPInvokeError()}");
        Environment.SetEnvironmentVariable(name, value);
    }

    /// <summary>Removes a variable for native code and for .NET.</summary>
    public static void Unset(string name)
    {
        if (OperatingSystem.IsLinux())
            _ = unsetenv(name);
        Environment.SetEnvironmentVariable(name, null);
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint getenv(string name);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int setenv(string name, string value, int overwrite);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int unsetenv(string name);
}
