using Microsoft.Extensions.Logging;

namespace Flotilla.Compute.Images;

public sealed partial class HostTemplates
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 5019, Level = LogLevel.Information, Message = "template {Template} made from VM {VmName} (build {Build})")]
        public static partial void TemplateCreated(ILogger logger, string template, string vmName, string build);
        [LoggerMessage(EventId = 5020, Level = LogLevel.Information, Message = "template {Template} deleted")]
        public static partial void TemplateDeleted(ILogger logger, string template);
    }
}
