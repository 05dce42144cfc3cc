using Microsoft.Extensions.Logging;

namespace Flotilla.Store.Informers;

/// <summary>[LoggerMessage] methods of <see cref="StoreInformer{T}"/> (kept out of the generic type).</summary>
internal static partial class StoreInformerLog
{
    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "Watch of {Prefix} fell behind compaction (revision {Requested}, oldest kept {OldestKept}); listing again")]
    public static partial void Compacted(ILogger logger, string prefix, long requested, long oldestKept);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "Following {Prefix} broke; listing again in {Delay}")]
    public static partial void Broken(ILogger logger, Exception e, string prefix, TimeSpan delay);

    [LoggerMessage(EventId = 9103, Level = LogLevel.Warning, Message = "Watch of {Prefix} ended; listing again in {Delay}")]
    public static partial void Ended(ILogger logger, string prefix, TimeSpan delay);
}
