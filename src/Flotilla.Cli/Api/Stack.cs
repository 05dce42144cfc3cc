namespace Flotilla.Cli.Api;

/// <summary>A stack file as sent: its text, its name, and the files it refers to (the daemon never reads client paths).</summary>
internal sealed record StackSource(string FileName, string Yaml, IReadOnlyDictionary<string, string> Files, string? Directory = null);

/// <summary>The answer to <c>POST /v1/stacks/plan</c>.</summary>
internal sealed record StackPlanView(string Stack, string Text, int ToAdd, int ToChange, int ToDestroy);

/// <summary>One NDJSON line of an apply's or destroy's progress.</summary>
internal sealed record StackProgress
{
    public string Type { get; init; } = "";
    public string? Text { get; init; }
    public string? Action { get; init; }
    public string? Kind { get; init; }
    public string? Name { get; init; }
    public string? State { get; init; }
    public double? Seconds { get; init; }
    public IReadOnlyDictionary<string, string>? Outputs { get; init; }
    public string? ProblemType { get; init; }
}

/// <summary><c>GET /v1/stacks[/NAME]</c>: a stack's readiness and, when not ready, the first reason.</summary>
internal sealed record StackStatus
{
    public string Name { get; init; } = "";
    public bool Ready { get; init; }
    public string? Reason { get; init; }
    public string? Message { get; init; }
    public IReadOnlyList<StackResourceStatus> Resources { get => field ?? []; init; } = [];
}

internal sealed record StackResourceStatus
{
    public string Kind { get; init; } = "";
    public string Name { get; init; } = "";
    public bool Ready { get; init; }
    public IReadOnlyList<StackCondition> Conditions { get => field ?? []; init; } = [];
}

/// <summary>A Kubernetes-style condition: <c>Status</c> is True, False or Unknown; a reason and message when not True.</summary>
internal sealed record StackCondition(string Type, string Status, string? Reason, string? Message);
