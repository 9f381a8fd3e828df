using Microsoft.Extensions.Options;

namespace Courier.Sandbox.Tests.Sheets;

public sealed class SheetsSandboxOptionsTests
{
    [Fact]
    public async Task Start_WriteLimitZero_FailsNamingTheSetting()
    {
        await using var app = SandboxApp.Build(["--urls", "http://127.0.0.1:0", "--Sheets:WriteRequestsPerMinutePerUser=0"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("WriteRequestsPerMinutePerUser", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteLimit_FromSetting_AppliesToWrites()
    {
        await using var app = SandboxApp.Build(["--urls", "http://127.0.0.1:0", "--Sheets:WriteRequestsPerMinutePerUser=1", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = SandboxApp.GetBaseAddress(app) };
        var client = new SheetsTestClient(http);
        await client.CreateAsync("s1", ("Sheet1", null));

        var first = (await client.BatchClearAsync("s1", "Sheet1!A1")).Status;
        var second = (await client.BatchClearAsync("s1", "Sheet1!A1")).Status;

        Assert.Equal((200, 429), (first, second));
    }
}
