using Microsoft.Extensions.Logging;

namespace Flotilla.Compute.Accel;

public sealed partial class HostAccel
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 5014, Level = LogLevel.Information, Message = "acceleration: {Accel} ({Reason})")]
        public static partial void AccelProbed(ILogger logger, string accel, string reason);
    }
}
