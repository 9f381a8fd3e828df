namespace Courier.Reliability.Tests.Report;

/// <summary>One crash campaign of a job: faults at each storage write and provider call (or a process kill), then recovery and reruns.</summary>
/// <param name="Job">The job's name as in the catalog (conversions, social, …).</param>
/// <param name="Kind">How the run was stopped: "storage write fault", "provider call fault", "SIGKILL", "SIGTERM", "Azurite stopped".</param>
/// <param name="CrashPointsTried">Distinct crash points (the n-th storage write, the n-th provider call, a kill time).</param>
/// <param name="Runs">Job runs made in the campaign, reruns included.</param>
/// <param name="Items">Items enqueued (or records offered) over the campaign.</param>
/// <param name="Lost">Items that did not end Completed, Failed or Unknown with a reason: must be 0.</param>
/// <param name="DuplicatedSideEffects">Side effects found twice in the sandbox ledgers or storage: must be 0.</param>
/// <param name="Unknown">Items that ended Unknown.</param>
/// <param name="UnknownResolution">How the Unknown items were resolved (reconciled, re-driven…), or "none".</param>
public sealed record CrashRow(string Job, string Kind, int CrashPointsTried, int Runs, int Items, int Lost, int DuplicatedSideEffects, int Unknown, string UnknownResolution);

/// <summary>Faults injected by a provider or storage (storms, outages) and what became of the items.</summary>
/// <param name="Target">The provider or store (airtable, drive, sheets, googleads, meta, azurite).</param>
/// <param name="Fault">What was injected ("429 Retry-After 1 s at 20 %", "503 at 20 %", "timeout", "malformed JSON", …).</param>
/// <param name="Injected">How many calls the fault hit.</param>
/// <param name="Items">Items that went through.</param>
/// <param name="EndedCorrectly">Items that ended as they should (Completed, or waiting with a reason while the outage lasts).</param>
/// <param name="FailedByOutage">Items failed because of the outage: must be 0.</param>
/// <param name="Notes">Retry-After honoured, circuit opened and closed, …</param>
public sealed record FaultRow(string Job, string Target, string Fault, int Injected, int Items, int EndedCorrectly, int FailedByOutage, string Notes);

/// <summary>Generated malformed requests against one API.</summary>
public sealed record BadInputRow(string Api, int Tried, int Rejected4xx, int ServerErrors5xx, int Stored, string Notes);

/// <summary>One secret scan: which logs and responses were searched for which secrets.</summary>
public sealed record SecretScanRow(string Scope, int SecretsChecked, long LinesScanned, int Leaks, string Notes);

/// <summary>Concurrency: several processes or twins over the same items.</summary>
public sealed record ConcurrencyRow(string Job, string Setup, int Items, int ProcessedOnce, int ProcessedTwice, int Lost);
