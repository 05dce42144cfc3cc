namespace Flotilla.Cli.Api;

/// <summary>The body of <c>POST /v1/vms</c>.</summary>
internal sealed record CreateVmRequest
{
    public required string Name { get; init; }
    public required string Template { get; init; }
    /// <summary>Null (left out): the template's.</summary>
    public int? Cpus { get; init; }
    /// <summary>Null (left out): the template's.</summary>
    public int? MemoryMiB { get; init; }
    /// <summary>The user-data text (the CLI reads the file; the daemon never sees a client path).</summary>
    public string? UserData { get; init; }
    public bool Transient { get; init; }
    public IReadOnlyList<string> Forwards { get; init; } = [];
    public CrashPolicy OnCrash { get; init; }
    public bool FullClone { get; init; }
    public bool Autostart { get; init; }
    /// <summary>The storage pool for its disk; null (left out): <c>default</c>.</summary>
    public string? Pool { get; init; }
    public IReadOnlyList<NicRequest>? Networks { get; init; }
}
