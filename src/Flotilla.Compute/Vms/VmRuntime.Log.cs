using Microsoft.Extensions.Logging;

namespace Flotilla.Compute.Vms;

public sealed partial class VmRuntime
{
    internal static partial class Log
    {
        [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "VM {VmName} prepared from template {Template} (full clone: {FullClone})")]
        public static partial void Prepared(ILogger logger, string vmName, string template, bool fullClone);

        [LoggerMessage(EventId = 5002, Level = LogLevel.Debug, Message = "VM {VmName} starting under {Accel}: {CommandLine}")]
        public static partial void Starting(ILogger logger, string vmName, string accel, string commandLine);

        [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "VM {VmName} started: QEMU pid {Pid}, QMP up after {Milliseconds:0} ms")]
        public static partial void Started(ILogger logger, string vmName, int pid, double milliseconds);

        [LoggerMessage(EventId = 5004, Level = LogLevel.Debug, Message = "VM {VmName}: QMP not up yet ({Problem})")]
        public static partial void QmpNotYet(ILogger logger, string vmName, string problem);

        [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "VM {VmName} attached: QEMU pid {Pid}, running since {StartedAt}")]
        public static partial void Attached(ILogger logger, string vmName, int pid, DateTimeOffset startedAt);

        [LoggerMessage(EventId = 5006, Level = LogLevel.Information, Message = "VM {VmName} removed stale files: {Files}")]
        public static partial void StaleRemoved(ILogger logger, string vmName, string files);

        [LoggerMessage(EventId = 5007, Level = LogLevel.Information, Message = "VM {VmName} QEMU pid {Pid} exited (requested: {Requested}): {Reason}")]
        public static partial void VmExited(ILogger logger, string vmName, int pid, bool requested, string reason);

        [LoggerMessage(EventId = 5008, Level = LogLevel.Debug, Message = "VM {VmName}: sent {Command}")]
        public static partial void Sent(ILogger logger, string vmName, string command);

        [LoggerMessage(EventId = 5009, Level = LogLevel.Debug, Message = "VM {VmName}: {Command} got no answer ({Problem})")]
        public static partial void CommandLost(ILogger logger, string vmName, string command, string problem);

        [LoggerMessage(EventId = 5010, Level = LogLevel.Warning, Message = "VM {VmName} ignored system_powerdown for {Seconds:0.#} s: sending quit")]
        public static partial void PowerdownIgnored(ILogger logger, string vmName, double seconds);

        [LoggerMessage(EventId = 5011, Level = LogLevel.Warning, Message = "VM {VmName}: QEMU pid {Pid} did not quit, killing it")]
        public static partial void Killing(ILogger logger, string vmName, int pid);

        [LoggerMessage(EventId = 5012, Level = LogLevel.Warning, Message = "VM {VmName}: could not remove leftovers: {Problem}")]
        public static partial void CleanupFailed(ILogger logger, string vmName, string problem);

        [LoggerMessage(EventId = 5013, Level = LogLevel.Information, Message = "VM {VmName} deleted")]
        public static partial void Deleted(ILogger logger, string vmName);

        [LoggerMessage(EventId = 5015, Level = LogLevel.Information, Message = "VM {VmName} cloned from {Source} (full clone: {FullClone})")]
        public static partial void Cloned(ILogger logger, string vmName, string source, bool fullClone);

        [LoggerMessage(EventId = 5021, Level = LogLevel.Warning, Message = "VM {VmName}: nic{Index} is off its network ({Problem}); restart the VM to reconnect it")]
        public static partial void TapLost(ILogger logger, string vmName, int index, string problem);
    }
}
