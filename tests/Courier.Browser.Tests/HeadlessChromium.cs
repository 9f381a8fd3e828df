using Microsoft.Playwright;

namespace Courier.Browser.Tests;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>, or <c>CHROMIUM_PATH</c>) driven by Playwright: Playwright's own browser download
/// is never used. ./scripts/test.sh installs the package when it is missing; without it these tests fail, saying so.
/// </summary>
public static class HeadlessChromium
{
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"Chromium is not at {ExecutablePath}: install Debian's chromium package (./scripts/test.sh does) or set CHROMIUM_PATH.");
        var playwright = await Playwright.CreateAsync();
        // The machine's network is closed: without these flags Chromium keeps trying Google's hosts at start.
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return (playwright, browser);
    }
}
