namespace Flotilla.Compute;

/// <summary>The host's acceleration: <c>kvm</c> when a kvm guest really booted here, else <c>tcg</c>; and why.</summary>
public sealed record AccelVerdict(string Accel, string Reason)
{
    public const string Kvm = "kvm";
    public const string Tcg = "tcg";
}
