using System.Text.RegularExpressions;
using Flotilla.Core.Naming;
using Flotilla.Core.Specs;

namespace Flotilla.Core.Stacks;

/// <summary>
/// Reads a stack file. Schema problems (a missing or unknown key, a value of the wrong shape or range) are a
/// <see cref="SpecException"/> naming the file, line and key; references between items are checked afterwards by
/// <see cref="StackValidator"/>, which can report them all at once.
/// </summary>
public static partial class StackFileReader
{
    /// <summary>Reads <paramref name="path"/>, and any <c>userDataFile</c> relative to its directory.</summary>
    public static StackFile Load(string path)
    {
        var root = YamlSpecFile.Load(path);
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? "";
        return Read(root, path, relative => File.ReadAllText(System.IO.Path.Combine(directory, relative)), directory);
    }

    /// <param name="yaml">The stack file's text.</param>
    /// <param name="fileName">The name errors are reported against.</param>
    /// <param name="readFile">
    /// Reads a <c>userDataFile</c> given as written (relative to the stack file); null refuses user data files,
    /// for callers that hold the stack's text alone (the daemon gets files from the CLI).
    /// Its <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> becomes an error at the key.
    /// </param>
    /// <param name="directory">
    /// The stack file's folder on this host, absolute: relative paths of routers (a <c>static</c> directory, certificate
    /// files) are made absolute from it, since flotilla-lb reads them here. Null refuses relative paths.
    /// </param>
    public static StackFile Parse(string yaml, string fileName, Func<string, string>? readFile = null, string? directory = null) =>
        Read(YamlSpecFile.Parse(yaml, fileName), fileName, readFile, directory);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]{0,62}$")]
    private static partial Regex OutputName();

    private static StackFile Read(YamlMap root, string fileName, Func<string, string>? readFile, string? directory)
    {
        var name = root.RequiredString("name");
        if (!ResourceName.IsValid(name))
        {
            throw root.Error("name", $"'{name}' is not a DNS label: use lowercase letters, digits and dashes (at most 63)");
        }

        var stack = new StackFile
        {
            Name = name,
            File = fileName,
            Origin = root.Origin(),
            Networks = root.Maps("networks").Select(NetworkReader.Read).ToList(),
            SecurityGroups = root.Maps("securityGroups").Select(SecurityGroupReader.Read).ToList(),
            Vms = root.Maps("vms").Select(vm => VmReader.Read(vm, readFile)).ToList(),
            LoadBalancers = root.Maps("loadBalancers").Select(LoadBalancerReader.Read).ToList(),
            Routers = root.Maps("routers").Select(r => RouterReader.Read(r, directory)).ToList(),
            Outputs = ReadOutputs(root),
            Verify = root.OptionalMap("verify") is { } verify ? VerifyReader.Read(verify) : null,
        };
        root.RejectUnknownKeys();
        return stack;
    }

    private static List<OutputDeclaration> ReadOutputs(YamlMap root)
    {
        var outputs = new List<OutputDeclaration>();
        if (root.OptionalMap("outputs") is not { } map)
        {
            return outputs;
        }

        foreach (var (key, value) in map.Entries())
        {
            if (!OutputName().IsMatch(key))
            {
                throw value.Error("an output's name is letters, digits, '_' and '-', starting with a letter or '_'");
            }

            var text = value.RequiredScalar("a text such as http://${loadBalancers.web.frontend}:80/");
            try
            {
                outputs.Add(new OutputDeclaration(key, OutputExpression.Parse(text), value.Origin));
            }
            catch (FormatException e)
            {
                throw value.Error(e.Message);
            }
        }

        return outputs;
    }
}
