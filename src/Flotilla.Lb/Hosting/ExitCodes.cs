namespace Flotilla.Lb.Hosting;

internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Could not do what a valid config asks (port in use, admin unreachable).</summary>
    public const int Failure = 1;

    /// <summary>The user's input is wrong: a config error or bad arguments.</summary>
    public const int BadInput = 2;
}
