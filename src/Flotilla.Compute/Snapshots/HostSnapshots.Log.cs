using Microsoft.Extensions.Logging;

namespace Flotilla.Compute.Snapshots;

public sealed partial class HostSnapshots
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 5016, Level = LogLevel.Information, Message = "VM {VmName}: snapshot {Snapshot} created ({VmStateBytes} bytes of VM state)")]
        public static partial void SnapshotCreated(ILogger logger, string vmName, string snapshot, long vmStateBytes);
        [LoggerMessage(EventId = 5017, Level = LogLevel.Information, Message = "VM {VmName}: reverted to snapshot {Snapshot} (live: {Live})")]
        public static partial void SnapshotReverted(ILogger logger, string vmName, string snapshot, bool live);
        [LoggerMessage(EventId = 5018, Level = LogLevel.Information, Message = "VM {VmName}: snapshot {Snapshot} deleted")]
        public static partial void SnapshotDeleted(ILogger logger, string vmName, string snapshot);
    }
}
