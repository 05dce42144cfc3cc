using Microsoft.Playwright;

namespace Flotilla.LoadTest.Tests.Support;

/// <summary>
/// Launches Debian's Chromium through Playwright. Playwright's own browser download is never
/// used (the build machines have no internet): the driver comes with the NuGet package, the
/// browser with <c>scripts/setup</c>. Without it the tests fail and say so; they never skip.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static async Task<IPlaywright> StartPlaywrightAsync()
    {
        try
        {
            return await Playwright.CreateAsync();
        }
        catch (PlaywrightException e)
        {
            throw new InvalidOperationException(
                "Playwright's driver did not start; it should be in the test output under .playwright/ " +
                "(copied by the Microsoft.Playwright package on build): " + e.Message, e);
        }
    }

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        if (!File.Exists(ExecutablePath))
        {
            Assert.Fail($"{ExecutablePath} is missing: the browser tests need Debian's chromium package. Run scripts/setup as root to install it.");
        }

        // Playwright adds --no-sandbox unless ChromiumSandbox is set, which is what lets the
        // tests run as root (Chromium refuses its sandbox as root).
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Timeout = 30_000,
        });
    }
}
