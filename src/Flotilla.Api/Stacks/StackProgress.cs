using System.Text.Json.Serialization;

namespace Flotilla.Api.Stacks;

/// <summary>
/// One line of an apply's or destroy's progress stream (NDJSON, docs/api.md): the plan, each step as it starts and
/// ends, the outputs, and how it ended (<see cref="StackDone"/>, or <see cref="StackFailed"/> with the problem's detail).
/// The line's <c>type</c> names its record, so a reader switches on the type, never on a string.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(StackPlanned), "plan")]
[JsonDerivedType(typeof(StackStep), "step")]
[JsonDerivedType(typeof(StackOutputs), "outputs")]
[JsonDerivedType(typeof(StackResumed), "resumed")]
[JsonDerivedType(typeof(StackDone), "done")]
[JsonDerivedType(typeof(StackFailed), "error")]
public abstract record StackProgress
{
    /// <summary>The last line: nothing follows it.</summary>
    [JsonIgnore]
    public bool Ends => this is StackDone or StackFailed;
}
