using Courier.TestUtils.Repository;

namespace Courier.TestUtils.Hosts;

/// <summary>The standalone host as the build left it (a test project that references it builds it first), to start as a real process.</summary>
public static class StandaloneBuild
{
    /// <summary>The executable: the apphost of <c>src/Courier.Standalone</c> in the configuration the tests were built in.</summary>
    public static string Executable
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            var folder = Path.Combine(RepoRoot.Path, "src", "Courier.Standalone", "bin", configuration, "net10.0");
            var path = Path.Combine(folder, OperatingSystem.IsWindows() ? "Courier.Standalone.exe" : "Courier.Standalone");
            return File.Exists(path) ? path : throw new FileNotFoundException($"build src/Courier.Standalone ({configuration}) first", path);
        }
    }
}
