using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Courier.Functions.Hosting;

/// <summary>Whether the process runs as the Functions host's custom handler (<c>FUNCTIONS_CUSTOMHANDLER_PORT</c> set) or standalone.</summary>
/// <param name="CustomHandlerPort">The port the host chose, or null standalone.</param>
public sealed record HostingMode(int? CustomHandlerPort)
{
    public const string PortSetting = "FUNCTIONS_CUSTOMHANDLER_PORT";

    public bool UnderFunctionsHost => CustomHandlerPort is not null;

    public string Name => UnderFunctionsHost ? "custom-handler" : "standalone";

    public static HostingMode Standalone { get; } = new((int?)null);

    /// <summary>Reads the mode from configuration; throws when the port setting is present but not a port number.</summary>
    public static HostingMode From(IConfiguration configuration)
    {
        var raw = configuration[PortSetting];
        if (string.IsNullOrWhiteSpace(raw)) return Standalone;
        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new InvalidOperationException($"{PortSetting} must be a port number between 1 and 65535.");
        return new HostingMode(port);
    }
}
