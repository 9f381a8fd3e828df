using Courier.Hosting.Status;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Standalone.Tests.Status;

public sealed class StatusSessionCookieTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly Dictionary<string, string?> _settings = new() { ["API_SECRET"] = "secret-one" };

    private StatusSessionCookie Cookie() => new(
        new ConfigurationBuilder().AddInMemoryCollection(_settings).Build(),
        Microsoft.Extensions.Options.Options.Create(new StatusOptions { SessionLifetime = TimeSpan.FromHours(1) }),
        _time);

    private string Issue()
    {
        var context = new DefaultHttpContext();
        Cookie().Issue(context);
        return context.Response.Headers.SetCookie.ToString().Split(';')[0];
    }

    private bool Accepts(string cookie)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = cookie;
        return Cookie().IsValid(context);
    }

    [Fact]
    public void IsValid_FreshCookie_IsAccepted() => Assert.True(Accepts(Issue()));

    [Fact]
    public void IsValid_AfterItsLifetime_IsRefused()
    {
        var cookie = Issue();
        _time.Advance(TimeSpan.FromMinutes(61));
        Assert.False(Accepts(cookie));
    }

    [Fact]
    public void IsValid_Tampered_IsRefused()
    {
        var cookie = Issue();
        var parts = cookie.Split('=', 2)[1].Split('.');
        var later = long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) + 86_400;
        Assert.False(Accepts($"{StatusSessionCookie.Name}={later}.{parts[1]}.{parts[2]}"));
        Assert.False(Accepts($"{StatusSessionCookie.Name}={parts[0]}.{parts[1]}.{new string('0', 64)}"));
        Assert.False(Accepts($"{StatusSessionCookie.Name}=garbage"));
    }

    [Fact]
    public void IsValid_AfterApiSecretRotation_IsRefused()
    {
        var cookie = Issue();
        _settings["API_SECRET"] = "secret-two";
        Assert.False(Accepts(cookie));
    }

    [Fact]
    public void Issue_Cookie_HoldsNoSecret() => Assert.DoesNotContain("secret-one", Issue(), StringComparison.Ordinal);
}
