using Courier.Hosting.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Courier.Functions.Worker;

/// <summary>The isolated worker's builder, as Program runs it: ASP.NET Core integration, Courier's middleware, storage and every job.</summary>
public static class CourierWorker
{
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<CourierHttpMiddleware>();
        builder.Services
            .AddCourierWorker(builder.Configuration)
            .AddCourierStorage(builder.Configuration)
            .AddCourierJobs(builder.Configuration);
        builder.Logging.AddCourierWorkerLogging();
        return builder;
    }
}
