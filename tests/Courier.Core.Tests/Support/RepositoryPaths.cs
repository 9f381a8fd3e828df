namespace Courier.Core.Tests.Support;

/// <summary>Finds the repository root (the folder holding Functions.sln) from the test's base directory.</summary>
internal static class RepositoryPaths
{
    public static DirectoryInfo Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Functions.sln"))) return dir;
        }

        throw new InvalidOperationException($"no Functions.sln above {AppContext.BaseDirectory}");
    }

    public static string Source(params string[] parts) => Path.Combine([Root().FullName, "src", .. parts]);
}
