using Courier.TestUtils.Azurite;

namespace Courier.Reliability.Tests.Inputs;

/// <summary>
/// One Azurite for the storm, bad-input, secret and SIGTERM classes, started by the first that asks and held until the
/// test process exits (the fixture's exit hook stops it): the classes run one after another, and each releasing the shared
/// instance would start Azurite again for the next. Tests keep apart by table prefix.
/// </summary>
public static class SuiteAzurite
{
    private static readonly Lazy<Task<AzuriteFixture>> Instance = new(async () =>
    {
        var fixture = new AzuriteFixture();
        await fixture.InitializeAsync();
        return fixture;
    });

    public static Task<AzuriteFixture> GetAsync() => Instance.Value;
}
