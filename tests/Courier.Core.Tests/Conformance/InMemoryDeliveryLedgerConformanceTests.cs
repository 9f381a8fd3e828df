using Courier.Core.Jobs.PartnerDelivery;
using Courier.TestUtils.Conformance.PartnerDelivery;
using Courier.TestUtils.InMemory;

namespace Courier.Core.Tests.Conformance;

/// <summary>The shared conformance suite on <see cref="InMemoryDeliveryLedger"/>, so Core tests can trust the fake.</summary>
public sealed class InMemoryDeliveryLedgerConformanceTests : DeliveryLedgerConformance
{
    private readonly Dictionary<string, InMemoryDeliveryLedger> _ledgers = new(StringComparer.Ordinal);

    protected override IDeliveryLedger CreateLedger(string scope)
    {
        lock (_ledgers)
        {
            if (!_ledgers.TryGetValue(scope, out var ledger)) _ledgers[scope] = ledger = new InMemoryDeliveryLedger();
            return ledger;
        }
    }
}
