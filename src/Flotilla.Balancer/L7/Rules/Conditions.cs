using System.Net;
using Flotilla.Balancer.Configuration.Routers;
using Microsoft.AspNetCore.Http;

namespace Flotilla.Balancer.L7.Rules;

/// <summary>
/// Builds the <see cref="RequestCondition"/> of each <see cref="MatchConfig"/> key. Cheap tests
/// (method, host) come first in <see cref="For"/> so a rule that fails early never runs a regex.
/// </summary>
internal static class Conditions
{
    public static IReadOnlyList<RequestCondition> For(MatchConfig match)
    {
        var conditions = new List<RequestCondition>();
        if (match.Methods.Count > 0)
        {
            var methods = match.Methods.ToHashSet(StringComparer.OrdinalIgnoreCase);
            conditions.Add((c, _) => methods.Contains(c.Request.Method));
        }

        if (match.Https is { } https)
        {
            conditions.Add((c, _) => c.Request.IsHttps == https);
        }

        if (match.Hosts.Count > 0)
        {
            var hosts = match.Hosts.Select(HostPattern.Parse).ToArray();
            conditions.Add((c, _) => hosts.Any(h => h.Matches(c.Request.Host.Host)));
        }

        if (match.ClientAddresses.Count > 0)
        {
            var networks = match.ClientAddresses.Select(ParseNetwork).ToArray();
            conditions.Add((c, _) => c.Connection.RemoteIpAddress is { } a && networks.Any(n => n.Contains(a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a)));
        }

        if (match.Path is { } path)
        {
            conditions.Add(Path(path));
        }

        foreach (var (name, test) in match.Headers)
        {
            conditions.Add(Value(test, c => c.Request.Headers.TryGetValue(name, out var v) ? v.ToString() : null));
        }

        foreach (var (name, test) in match.Query)
        {
            conditions.Add(Value(test, c => c.Request.Query.TryGetValue(name, out var v) ? v.ToString() : null));
        }

        foreach (var (name, test) in match.Cookies)
        {
            conditions.Add(Value(test, c => c.Request.Cookies.TryGetValue(name, out var v) ? v : null));
        }

        if (match.UserAgent is { } agent)
        {
            conditions.Add(Value(agent, c => c.Request.Headers.UserAgent is { Count: > 0 } v ? v.ToString() : null));
        }

        foreach (var variable in match.Variables)
        {
            conditions.Add(Variable(variable));
        }

        return conditions;
    }

    public static IPNetwork ParseNetwork(string text) =>
        text.Contains('/', StringComparison.Ordinal) ? IPNetwork.Parse(text) : new IPNetwork(IPAddress.Parse(text), IPAddress.Parse(text).AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);

    private static RequestCondition Path(PathMatchConfig path)
    {
        var comparison = path.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        switch (path.Kind)
        {
            case PathMatchKind.Exact:
                return (c, _) => path.Values.Any(v => string.Equals(c.Request.Path.Value ?? "/", v, comparison));
            case PathMatchKind.Extension:
                return (c, _) => path.Values.Any(v => (c.Request.Path.Value ?? "").EndsWith(v, comparison));
            case PathMatchKind.Prefix:
                return (c, m) =>
                {
                    var value = c.Request.Path.Value ?? "/";
                    foreach (var prefix in path.Values)
                    {
                        if (PrefixMatches(value, prefix, comparison))
                        {
                            m.RuleGroups = [value, value[prefix.TrimEnd('/').Length..]];
                            return true;
                        }
                    }

                    return false;
                };
            default:
                var regex = RuleRegex.Create(path.Values[0], path.IgnoreCase);
                return (c, m) =>
                {
                    if (RuleRegex.Run(regex, c.Request.Path.Value ?? "/") is not { } found)
                    {
                        return false;
                    }

                    m.RuleGroups = RuleRegex.Groups(found);
                    return true;
                };
        }
    }

    /// <summary>Whole segments: <c>/static</c> takes <c>/static</c> and <c>/static/a.css</c>, not <c>/statics</c>.</summary>
    public static bool PrefixMatches(string path, string prefix, StringComparison comparison)
    {
        var bare = prefix.TrimEnd('/');
        if (bare.Length == 0)
        {
            return true;
        }

        return path.StartsWith(bare, comparison) && (path.Length == bare.Length || path[bare.Length] == '/');
    }

    private static RequestCondition Value(ValueMatchConfig test, Func<HttpContext, string?> read)
    {
        var comparison = test.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        switch (test.Kind)
        {
            case ValueMatchKind.Present:
                return (c, _) => read(c) is not null;
            case ValueMatchKind.Absent:
                return (c, _) => read(c) is null;
            case ValueMatchKind.Equals:
                return (c, _) => string.Equals(read(c), test.Value, comparison);
            case ValueMatchKind.Contains:
                return (c, _) => read(c)?.Contains(test.Value!, comparison) == true;
            default:
                var regex = RuleRegex.Create(test.Value!, test.IgnoreCase);
                return (c, m) =>
                {
                    if (read(c) is not { } value || RuleRegex.Run(regex, value) is not { } found)
                    {
                        return false;
                    }

                    m.ConditionGroups = RuleRegex.Groups(found);
                    return true;
                };
        }
    }

    private static RequestCondition Variable(VariableMatchConfig variable)
    {
        var regex = RuleRegex.Create(variable.Pattern, variable.IgnoreCase);
        return (c, m) =>
        {
            var found = RuleRegex.Run(regex, ServerVariables.Get(c, variable.Name));
            if (variable.Negate)
            {
                return found is null;
            }

            if (found is null)
            {
                return false;
            }

            m.ConditionGroups = RuleRegex.Groups(found);
            return true;
        };
    }
}
