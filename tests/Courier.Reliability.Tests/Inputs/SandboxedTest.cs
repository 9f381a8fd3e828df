using Courier.TestUtils.Azurite;

namespace Courier.Reliability.Tests.Inputs;

/// <summary>Base of the suite's classes that use the suite's Azurite and a sandbox of their own, started before each test and stopped after it.</summary>
public abstract class SandboxedTest : IAsyncLifetime
{
    protected AzuriteFixture Azurite { get; private set; } = null!;

    protected SandboxHost Sandbox { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Azurite = await SuiteAzurite.GetAsync();
        Sandbox = await SandboxHost.StartAsync();
    }

    public async Task DisposeAsync() => await Sandbox.DisposeAsync();
}
