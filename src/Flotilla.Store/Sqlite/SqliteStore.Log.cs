using Microsoft.Extensions.Logging;

namespace Flotilla.Store.Sqlite;

public sealed partial class SqliteStore
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Ending expired store leases failed; the next store operation tries again")]
    private static partial void LogSweepFailed(ILogger logger, Exception e);
}
