namespace Courier.Hosting.Catalog;

/// <summary>What a catalog function is for; decides how the host serves it.</summary>
public enum FunctionRole
{
    /// <summary>A job's scheduled run.</summary>
    Timer,

    /// <summary>A job's HTTP twin: runs the same code on demand behind a secret.</summary>
    Twin,

    /// <summary>A producer or query API owned by a job (enqueue, inspect); served by the job's own endpoints.</summary>
    Api,

    /// <summary>An operator's action on the shared queue mechanics, for every registered queue (re-drive).</summary>
    Queue,

    /// <summary>The status API and page.</summary>
    Status,

    /// <summary>Liveness, without auth or detail.</summary>
    Health,
}
