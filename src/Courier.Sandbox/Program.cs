using Courier.Sandbox;

// `dotnet run --project src/Courier.Sandbox [--urls http://127.0.0.1:7080]`
await SandboxApp.Build(args).RunAsync();

/// <summary>Entry point; partial and public so WebApplicationFactory-based tests can target it.</summary>
public partial class Program;
