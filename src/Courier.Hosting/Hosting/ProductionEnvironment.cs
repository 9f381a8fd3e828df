using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Courier.Hosting.Hosting;

/// <summary>Whether the app runs in Production, by either name the two hosts use (AZURE_FUNCTIONS_ENVIRONMENT under Functions, ASPNETCORE_ENVIRONMENT standalone).</summary>
public static class ProductionEnvironment
{
    public static bool Is(IHostEnvironment environment, IConfiguration configuration) =>
        environment.IsProduction()
        || string.Equals(configuration["AZURE_FUNCTIONS_ENVIRONMENT"], "Production", StringComparison.OrdinalIgnoreCase)
        || string.Equals(configuration["ASPNETCORE_ENVIRONMENT"], "Production", StringComparison.OrdinalIgnoreCase);
}
