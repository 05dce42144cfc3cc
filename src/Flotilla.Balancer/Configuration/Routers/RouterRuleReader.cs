using Flotilla.Balancer.L7.Rules;
using Flotilla.Core.Specs;

namespace Flotilla.Balancer.Configuration.Routers;

/// <summary>Reads one rule: its <c>match:</c> and exactly one action, checking farm names, directories and templates.</summary>
internal static class RouterRuleReader
{
    private static readonly string[] ActionKeys = ["forward", "static", "redirect", "status"];

    private static readonly int[] RedirectStatuses = [301, 302, 303, 307, 308];

    public static RouterRuleConfig Read(YamlMap map, IReadOnlyList<FarmConfig> farms, string baseDirectory)
    {
        var name = map.RequiredString("name");
        var (match, ruleGroups, conditionGroups) = MatchConfigReader.Read(map.OptionalMap("match"));
        var actions = ActionKeys.Where(map.Has).ToList();
        if (actions.Count != 1)
        {
            throw actions.Count == 0
                ? map.Error("", $"rule '{name}' needs one action: forward, static, redirect or status")
                : map.Error(actions[1], $"a rule has one action; this one already has '{actions[0]}'");
        }

        RuleActionConfig action = actions[0] switch
        {
            "forward" => Forward(map, farms, ruleGroups, conditionGroups),
            "static" => Static(map, baseDirectory),
            "redirect" => Redirect(map.OptionalMap("redirect") ?? throw map.Error("redirect", "expected a mapping with url and status"), ruleGroups, conditionGroups),
            _ => Status(map.OptionalMap("status") ?? throw map.Error("status", "expected a mapping with code and body")),
        };

        if (action is not ForwardActionConfig && map.Has("rewritePath"))
        {
            throw map.Error("rewritePath", "applies to forward rules only");
        }

        if (action is not StaticActionConfig && map.Has("defaultDocuments"))
        {
            throw map.Error("defaultDocuments", "applies to static rules only");
        }

        map.RejectUnknownKeys();
        return new RouterRuleConfig { Name = name, Match = match, Action = action };
    }

    private static ForwardActionConfig Forward(YamlMap map, IReadOnlyList<FarmConfig> farms, int ruleGroups, int conditionGroups)
    {
        var farm = map.RequiredString("forward");
        if (farms.All(f => f.Name != farm))
        {
            var known = string.Join(", ", farms.Select(f => f.Name));
            throw map.Error("forward", $"unknown farm '{farm}' (known: {(known.Length == 0 ? "none defined" : known)})");
        }

        var rewrite = map.OptionalString("rewritePath");
        if (rewrite is not null)
        {
            Template(map, "rewritePath", rewrite, ruleGroups, conditionGroups);
            if (!rewrite.StartsWith('/') && !rewrite.StartsWith('{'))
            {
                throw map.Error("rewritePath", $"must start with '/' or a {{…}} reference, got '{rewrite}'");
            }
        }

        return new ForwardActionConfig { Farm = farm, RewritePath = rewrite };
    }

    private static StaticActionConfig Static(YamlMap map, string baseDirectory)
    {
        var directory = Path.GetFullPath(map.RequiredString("static"), baseDirectory);
        if (!Directory.Exists(directory))
        {
            throw map.Error("static", $"no directory {directory}");
        }

        if (!map.Has("defaultDocuments"))
        {
            return new StaticActionConfig { Directory = directory };
        }

        var documents = map.List("defaultDocuments").Select(v =>
            v.Scalar is { } name && name is not ("." or "..") && name.IndexOfAny(['/', '\\']) < 0
                ? name
                : throw v.Error("expected a file name (no '/')")).ToList();
        return new StaticActionConfig { Directory = directory, DefaultDocuments = documents };
    }

    private static RedirectActionConfig Redirect(YamlMap map, int ruleGroups, int conditionGroups)
    {
        var url = map.RequiredString("url");
        Template(map, "url", url, ruleGroups, conditionGroups);
        var status = map.Int("status", 302, 100, 999);
        if (!RedirectStatuses.Contains(status))
        {
            throw map.Error("status", $"{status} is not a redirect status (301, 302, 303, 307, 308)");
        }

        map.RejectUnknownKeys();
        return new RedirectActionConfig { Url = url, Status = status };
    }

    private static StatusActionConfig Status(YamlMap map)
    {
        var code = map.OptionalInt("code", 100, 599) ?? throw map.Error("code", "is required");
        var body = map.OptionalString("body");
        map.RejectUnknownKeys();
        return new StatusActionConfig { Code = code, Body = body };
    }

    private static void Template(YamlMap map, string key, string text, int ruleGroups, int conditionGroups)
    {
        try
        {
            UrlTemplate.Parse(text, ruleGroups, conditionGroups);
        }
        catch (FormatException e)
        {
            throw map.Error(key, e.Message);
        }
    }
}
