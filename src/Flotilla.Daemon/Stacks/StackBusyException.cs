using System.Globalization;
using Flotilla.Api.Operations;

namespace Flotilla.Daemon.Stacks;

/// <summary>
/// A stack is held by another operation (an apply or destroy not yet ended): refused rather than planned against a
/// half-made stack (issue 15 saw a second apply print "No changes." while the first was still creating). The line
/// names the holder, so the user can watch it.
/// </summary>
public sealed class StackBusyException : Exception
{
    public StackBusyException(OperationView holder)
        : base(string.Create(CultureInfo.InvariantCulture,
            $"stack '{holder.Stack}' is busy: {(holder.Kind == OperationKind.Apply ? "an apply" : "a destroy")} of it ({holder.Id}) has been running since {holder.Created:HH:mm:ss} UTC; " +
            $"wait for it to finish (flotilla operation watch {holder.Id}), then run this again")) => Holder = holder.Id;

    /// <summary>The stack's busy mark names an operation that cannot be read.</summary>
    public StackBusyException(string stack, string holder)
        : base($"stack '{stack}' is busy: operation {holder} holds it; wait for it to finish (flotilla operation watch {holder}), then run this again") => Holder = holder;

    /// <summary>The id of the operation that holds the stack.</summary>
    public string Holder { get; }
}
