namespace Courier.Core.Circuits;

/// <summary>Port: persisted circuit state. Writes are conditional: a lost race returns false and changes nothing.</summary>
public interface ICircuitStore
{
    Task<CircuitRecord?> GetAsync(CircuitKey key, CancellationToken cancellationToken);

    /// <summary>Creates the row when <see cref="CircuitRecord.Version"/> is null, else replaces it if the version still matches.</summary>
    Task<bool> TryWriteAsync(CircuitRecord record, CancellationToken cancellationToken);

    Task<IReadOnlyList<CircuitRecord>> ListAsync(CancellationToken cancellationToken);
}
