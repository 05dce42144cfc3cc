namespace Flotilla.Store.Informers;

/// <summary>How long a <see cref="StoreInformer{T}"/> waits before listing again after failures in a row.</summary>
internal static class InformerBackoff
{
    public static readonly TimeSpan First = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(10);

    /// <summary>0 for no failure, then <see cref="First"/> doubling up to <see cref="Max"/>.</summary>
    public static TimeSpan Delay(int failures) =>
        failures <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(Max.Ticks, First.Ticks << Math.Min(failures - 1, 16)));
}
