using Courier.Functions.Handler;
using Microsoft.Extensions.Logging;

namespace Courier.Functions.Tests.Handler;

public sealed class RunLogCaptureTests
{
    [Fact]
    public async Task Begin_LinesInTheFlow_AreCapturedAndOthersAreNot()
    {
        using var provider = new RunLogCapture();
        var logger = provider.CreateLogger("test");
        logger.Log(LogLevel.Information, default, "before", null, (s, _) => s);

        IReadOnlyList<string> lines;
        using (var capture = RunLogCapture.Begin())
        {
            logger.Log(LogLevel.Information, default, "inside", null, (s, _) => s);
            await Task.Run(() => logger.Log(LogLevel.Warning, default, "child task", null, (s, _) => s));
            logger.Log(LogLevel.Debug, default, "debug", null, (s, _) => s);
            lines = capture.Lines;
        }

        logger.Log(LogLevel.Information, default, "after", null, (s, _) => s);
        Assert.Equal(["inside", "Warning: child task"], lines);
    }
}
