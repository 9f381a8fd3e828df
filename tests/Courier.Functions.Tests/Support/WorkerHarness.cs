using System.Net;
using System.Reflection;
using Courier.Functions.Worker;
using Courier.Hosting.Catalog;
using Courier.TestUtils.Hosts;
using Courier.TestUtils.InMemory;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Courier.Functions.Tests.Support;

/// <summary>
/// The isolated worker's services built as Program builds them (AddCourierWorker, storage, jobs), and a way to invoke
/// any <c>[Function]</c> method directly the way the worker does: Courier's worker middleware first, then the method,
/// then the action result it returns, against an <see cref="HttpContext"/> the test controls.
/// </summary>
public sealed class WorkerHarness : IAsyncDisposable
{
    /// <summary>The client address the Functions host's front end names in X-Forwarded-For in these tests.</summary>
    public const string ForwardedClient = "203.0.113.7";

    private static readonly Dictionary<string, MethodInfo> Functions = typeof(WorkerHttp).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        .Select(m => (Method: m, Attribute: m.GetCustomAttribute<FunctionAttribute>()))
        .Where(x => x.Attribute is not null)
        .ToDictionary(x => x.Attribute!.Name, x => x.Method, StringComparer.Ordinal);

    private static readonly object HttpContextKey = FindHttpContextKey();

    private WorkerHarness(IHost host, CapturingLoggerProvider logs)
    {
        Host = host;
        Logs = logs;
    }

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public CapturingLoggerProvider Logs { get; }

    /// <summary>Every <c>[Function]</c> method of the worker, by function name.</summary>
    public static IReadOnlyDictionary<string, MethodInfo> FunctionMethods => Functions;

    /// <summary>Builds and starts the worker's services with <see cref="CourierTestHost.DefaultSettings"/> and in-memory stores.</summary>
    /// <param name="settings">Settings on top of the defaults; a null value removes one.</param>
    /// <param name="services">Extra wiring (jobs, fakes), applied after the worker's own.</param>
    public static async Task<WorkerHarness> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var all = CourierTestHost.DefaultSettings();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            if (value is null) all.Remove(key);
            else all[key] = value;
        }

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = all.GetValueOrDefault("environment") ?? Environments.Production,
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(all);
        var logs = new CapturingLoggerProvider();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddCourierWorkerLogging();
        builder.Services.AddCourierWorker(builder.Configuration).AddInMemoryStores();
        builder.Services.AddSingleton<CourierHttpMiddleware>();
        foreach (var type in Functions.Values.Select(m => m.DeclaringType!).Distinct()) builder.Services.AddTransient(type);
        services?.Invoke(builder.Services);

        var host = builder.Build();
        await host.StartAsync();
        return new WorkerHarness(host, logs);
    }

    /// <summary>Invokes the HTTP function that serves <paramref name="request"/>'s route and method, through the worker middleware.</summary>
    public async Task<WorkerResponse> InvokeHttpAsync(string function, HttpRequestMessage request)
    {
        await using var scope = Services.CreateAsyncScope();
        var http = await ToHttpContextAsync(request, scope.ServiceProvider);
        var context = new TestFunctionContext(function, scope.ServiceProvider, CancellationToken.None);
        context.Items[HttpContextKey] = http;

        await InvokeThroughMiddlewareAsync(context, async () =>
        {
            var returned = await CallAsync(function, context, http.Request, null);
            // The worker's ASP.NET Core integration executes an IActionResult a function returns.
            if (returned is IActionResult action) await action.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
        });

        http.Response.Body.Position = 0;
        var body = await new StreamReader(http.Response.Body).ReadToEndAsync();
        var headers = http.Response.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new WorkerResponse(http.Response.StatusCode, headers, body);
    }

    /// <summary>Invokes a timer function as the host would, with <paramref name="isPastDue"/> set on its TimerInfo.</summary>
    public async Task InvokeTimerAsync(string function, bool isPastDue, CancellationToken cancellationToken = default)
    {
        await using var scope = Services.CreateAsyncScope();
        var context = new TestFunctionContext(function, scope.ServiceProvider, cancellationToken);
        await InvokeThroughMiddlewareAsync(context, () => CallAsync(function, context, null, new TimerInfo { IsPastDue = isPastDue }));
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        KnownSecrets.AssertNone(Logs.Lines, "the worker's logs");
    }

    private Task InvokeThroughMiddlewareAsync(FunctionContext context, Func<Task> function) =>
        Services.GetRequiredService<CourierHttpMiddleware>().Invoke(context, _ => function());

    private static async Task<object?> CallAsync(string function, FunctionContext context, HttpRequest? request, TimerInfo? timer)
    {
        var method = Functions.TryGetValue(function, out var found) ? found : throw new ArgumentException($"no [Function(\"{function}\")] in the worker", nameof(function));
        var target = context.InstanceServices.GetRequiredService(method.DeclaringType!);
        var arguments = method.GetParameters().Select(p => p.ParameterType switch
        {
            var t when t == typeof(HttpRequest) => (object?)request ?? throw new InvalidOperationException($"{function} takes an HTTP request"),
            var t when t == typeof(TimerInfo) => timer ?? throw new InvalidOperationException($"{function} takes a TimerInfo"),
            var t when t == typeof(FunctionContext) => context,
            var t => throw new InvalidOperationException($"{function} takes a {t.Name} this harness cannot supply"),
        }).ToArray();

        var task = (Task)method.Invoke(target, arguments)!;
        await task;
        return task.GetType().GetProperty("Result")?.GetValue(task);
    }

    private static async Task<HttpContext> ToHttpContextAsync(HttpRequestMessage message, IServiceProvider services)
    {
        var http = new DefaultHttpContext { RequestServices = services };
        var uri = message.RequestUri!.IsAbsoluteUri ? message.RequestUri : new Uri(new Uri("http://127.0.0.1:7071"), message.RequestUri);
        http.Request.Method = message.Method.Method;
        http.Request.Scheme = uri.Scheme;
        http.Request.Host = new HostString(uri.Host, uri.Port);
        http.Request.Path = Uri.UnescapeDataString(uri.AbsolutePath);
        http.Request.QueryString = new QueryString(uri.Query);
        foreach (var header in message.Headers) http.Request.Headers[header.Key] = header.Value.ToArray();
        if (message.Content is not null)
        {
            foreach (var header in message.Content.Headers) http.Request.Headers[header.Key] = header.Value.ToArray();
            var bytes = await message.Content.ReadAsByteArrayAsync();
            http.Request.Body = new MemoryStream(bytes);
            http.Request.ContentLength = bytes.Length;
        }

        // Behind the Functions host every request reaches the worker from loopback; the front end names the client.
        http.Connection.RemoteIpAddress = IPAddress.Loopback;
        if (!http.Request.Headers.ContainsKey("X-Forwarded-For")) http.Request.Headers["X-Forwarded-For"] = ForwardedClient;
        http.Response.Body = new MemoryStream();
        return http;
    }

    /// <summary>The key under which the worker's ASP.NET Core integration puts the HttpContext in FunctionContext.Items.</summary>
    private static object FindHttpContextKey()
    {
        var assembly = typeof(FunctionContextExtensions).Assembly;
        var field = assembly.GetTypes().Where(t => t.Name == "Constants")
            .Select(t => t.GetField("HttpContextKey", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public))
            .FirstOrDefault(f => f is not null);
        return field?.GetValue(null) ?? throw new InvalidOperationException($"HttpContextKey not found in {assembly.GetName()}");
    }
}
