using Jint;

namespace Flotilla.LoadTest.Scripting.Runtime;

/// <summary>
/// A Jint constraint that stops script code when the iteration's hard stop fires, so a VU busy in
/// a JavaScript loop (not in a request or a sleep, which watch the token themselves) stops too.
/// One per engine; the VU points it at each iteration's token.
/// </summary>
internal sealed class IterationStop : Constraint
{
    public CancellationToken Token { get; set; }

    /// <summary>A stop is noticed a few statements late rather than checked on every one; the token never un-fires.</summary>
    public override bool IsAmortizable => true;

    public override void Check()
    {
        if (Token.IsCancellationRequested) throw new OperationCanceledException("the run stopped", Token);
    }

    /// <summary>Jint resets constraints per evaluation; the token is the VU's to set, so nothing to do.</summary>
    public override void Reset()
    {
    }
}
