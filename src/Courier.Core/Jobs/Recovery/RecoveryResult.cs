namespace Courier.Core.Jobs.Recovery;

/// <summary>
/// The recovery report; serialized camelCase it is <c>{"ok":true,"recovered":n,"byQueue":{queueName:n,…},"pruned":n}</c>
/// (queue names are dictionary keys and keep their spelling; <c>pruned</c> counts items removed by retention).
/// </summary>
public sealed record RecoveryResult(bool Ok, int Recovered, IReadOnlyDictionary<string, int> ByQueue, int Pruned);
