using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Flotilla.Daemon.Tests.Logging;

/// <summary>
/// Every <c>[LoggerMessage]</c> event id is unique across the product and lies in its assembly's range
/// (docs/flotillad.md, Logs), so an id found in a log names one message. Issue 15 found 110/111 used by both the
/// UDP listener and the epoll loop, and 5019 twice in the compute host's log.
/// </summary>
public sealed class LogEventIdTests
{
    /// <summary>The table: each assembly's ids, first to last. An assembly that logs gets a range here before its first message.</summary>
    public static readonly IReadOnlyDictionary<string, (int First, int Last)> Ranges = new Dictionary<string, (int, int)>
    {
        ["flotilla-lb"] = (1, 99),
        ["Flotilla.Balancer"] = (100, 999),
        ["Flotilla.Compute"] = (5000, 5999),
        ["flotillad"] = (6000, 8999),
        ["Flotilla.Store"] = (9000, 9199),
        ["Flotilla.Core"] = (9200, 9299),
    };

    private static readonly Assembly[] Assemblies =
    [
        typeof(Flotilla.Daemon.Hosting.DaemonHost).Assembly,
        typeof(Flotilla.Compute.HostCompute).Assembly,
        typeof(Flotilla.Balancer.Runtime.LbRuntime).Assembly,
        Assembly.Load("flotilla-lb"),
        typeof(Flotilla.Store.IStore).Assembly,
        typeof(Flotilla.Core.Vms.VmSpec).Assembly,
    ];

    [Fact]
    public void Each_event_id_names_one_message()
    {
        var all = Assemblies.SelectMany(Events).ToList();
        Assert.True(all.Count > 50, $"only {all.Count} [LoggerMessage] methods found: the scan is broken");
        var twice = all.GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Where))}").ToList();
        Assert.True(twice.Count == 0, "event ids used more than once: " + string.Join("; ", twice));
    }

    [Fact]
    public void Each_event_id_lies_in_its_assemblys_range()
    {
        var outside = new List<string>();
        foreach (var assembly in Assemblies)
        {
            var name = assembly.GetName().Name!;
            var events = Events(assembly).ToList();
            if (events.Count == 0) continue;
            Assert.True(Ranges.TryGetValue(name, out var range), $"{name} logs events but has no range in the table");
            outside.AddRange(events.Where(e => e.Id < range.First || e.Id > range.Last).Select(e => $"{e.Id} ({e.Where}) is outside {name}'s {range.First}-{range.Last}"));
        }

        Assert.True(outside.Count == 0, string.Join("; ", outside));
    }

    [Fact]
    public void The_ranges_do_not_overlap()
    {
        var sorted = Ranges.OrderBy(r => r.Value.First).ToList();
        for (var i = 1; i < sorted.Count; i++) Assert.True(sorted[i].Value.First > sorted[i - 1].Value.Last, $"{sorted[i - 1].Key} and {sorted[i].Key} overlap");
    }

    private static IEnumerable<(int Id, string Where)> Events(Assembly assembly) =>
        from type in assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
        where attribute is not null && attribute.EventId != -1
        select (attribute.EventId, $"{type.FullName}.{method.Name}");
}
