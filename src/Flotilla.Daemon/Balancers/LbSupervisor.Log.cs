using Microsoft.Extensions.Logging;

namespace Flotilla.Daemon.Balancers;

internal sealed partial class LbSupervisor
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "flotilla-lb started, pid {Pid}, admin 127.0.0.1:{AdminPort}, config {Config}")]
        public static partial void Started(ILogger logger, int pid, int adminPort, string config);

        [LoggerMessage(EventId = 8002, Level = LogLevel.Information, Message = "flotilla-lb pid {Pid} re-adopted")]
        public static partial void Adopted(ILogger logger, int pid);

        [LoggerMessage(EventId = 8003, Level = LogLevel.Warning, Message = "flotilla-lb pid {Pid} {How}; restarting in {Seconds} s")]
        public static partial void Exited(ILogger logger, int pid, string how, double seconds);

        [LoggerMessage(EventId = 8004, Level = LogLevel.Information, Message = "flotilla-lb pid {Pid} stopped: no balancer left")]
        public static partial void Stopped(ILogger logger, int pid);

        [LoggerMessage(EventId = 8005, Level = LogLevel.Warning, Message = "flotilla-lb pid {Pid} is not serving its config: {Why}")]
        public static partial void NotLive(ILogger logger, int pid, string why);

        [LoggerMessage(EventId = 8006, Level = LogLevel.Error, Message = "Balancer supervision failed; trying again")]
        public static partial void Failed(ILogger logger, Exception e);

        [LoggerMessage(EventId = 8007, Level = LogLevel.Debug, Message = "flotilla-lb status poll failed: {Problem}")]
        public static partial void PollFailed(ILogger logger, string problem);
    }
}
