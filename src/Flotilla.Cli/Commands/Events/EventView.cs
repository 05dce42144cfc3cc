using System.Globalization;

namespace Flotilla.Cli.Commands.Events;

/// <summary>
/// Events as lines: <c>TIME TYPE OBJECT MESSAGE</c>, in fixed columns rather than a fitted table, because a watch
/// prints each line as it comes and cannot know the widths of lines to come.
/// </summary>
internal static class EventView
{
    public static string HeaderLine { get; } = Format("TIME", "TYPE", "OBJECT", "MESSAGE");

    public static string Table(IEnumerable<Api.Events.HostEvent> events) =>
        string.Concat(events.Select(e => Line(e) + "\n").Prepend(HeaderLine + "\n"));

    public static string Line(Api.Events.HostEvent e) =>
        Format(e.Time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), e.Type, e.Object, e.Message);

    private static string Format(string time, string type, string obj, string message) =>
        $"{time,-19}   {type,-18}   {obj,-22}   {message}".TrimEnd();
}
