namespace Flotilla.EndToEnd.Tests.Lb;

/// <summary>Bad input at the command line: one clear line, exit code 2, nothing left running.</summary>
public sealed class LbCommandLineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flotilla-lb-cli-").FullName;

    [Theory]
    [InlineData("rules: [ { name: r, frontendPort: 8080, backendPool: nope } ]", "lb.yaml:4:", "balancers[0].rules[0].backendPool: unknown pool 'nope' (known: vms)")]
    [InlineData("rules: [ { name: r, frontendPort: 99999, backendPool: vms } ]", "lb.yaml:4:", "balancers[0].rules[0].frontendPort: 99999 is out of range (1..65535)")]
    [InlineData("rules: [ { name: r, frontendPort: 8080, backendPool: vms, probe: ghost } ]", "lb.yaml:4:", "balancers[0].rules[0].probe: unknown probe 'ghost' (known: none defined)")]
    [InlineData("rules: [ { name: r, frontendPort: 8080, backendPool: vms }, { name: r, frontendPort: 8081, backendPool: vms } ]", "lb.yaml:4:", "balancers[0].rules[1].name: duplicate rule name 'r'")]
    [InlineData("rules: [ { name: r, frontendPort: 8080 backendPool: vms } ]", "lb.yaml:4:", "YAML syntax error")]
    // An unclosed flow sequence followed by more keys: YamlDotNet throws InvalidOperationException, not YamlException (issue 14).
    [InlineData("rules: [[ { name: r, frontendPort: 8080, backendPool: vms } ]", "lb.yaml:4:", "YAML syntax error")]
    public async Task A_bad_config_exits_2_with_file_line_key_and_problem(string rules, string at, string problem)
    {
        var path = Write($"""
            balancers:
              - name: web
                frontendAddress: 127.0.0.1
                {rules}
                backendPools: [ {"{"} name: vms, members: [ {"{"} address: 127.0.0.1, port: 1 {"}"} ] {"}"} ]
            """);
        foreach (var args in new[] { new[] { "--config", path }, ["--check", "--config", path] })
        {
            var (exit, output) = await LbProcess.RunAsync(args);
            Assert.Equal(2, exit);
            var line = Assert.Single(output.Split('\n'));
            Assert.StartsWith($"flotilla-lb: {_dir}/{at}", line, StringComparison.Ordinal);
            Assert.Contains(problem, line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Check_accepts_a_valid_config_without_serving()
    {
        var path = Write("""
            balancers:
              - name: web
                frontendAddress: 127.0.0.1
                backendPools: [ { name: vms, members: [ { address: 127.0.0.1, port: 1 } ] } ]
                rules: [ { name: r, frontendPort: 1, backendPool: vms } ]
            """);
        var (exit, output) = await LbProcess.RunAsync("--check", "--config", path);
        Assert.Equal(0, exit);
        Assert.Equal($"{path}: valid (1 balancers, 1 rules)", output);
    }

    [Fact]
    public async Task The_shipped_example_is_valid()
    {
        var example = Path.Combine(LbProcess.RepositoryRoot, "examples", "lb.yaml");
        var (exit, output) = await LbProcess.RunAsync("--check", "--config", example);
        Assert.Equal(0, exit);
        Assert.EndsWith("valid (1 balancers, 3 rules)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_or_argument_exits_2()
    {
        var (exit, output) = await LbProcess.RunAsync("--config", Path.Combine(_dir, "absent.yaml"));
        Assert.Equal(2, exit);
        Assert.Contains("absent.yaml: cannot read the file", output, StringComparison.Ordinal);

        (exit, output) = await LbProcess.RunAsync();
        Assert.Equal(2, exit);
        Assert.Contains("--config", output, StringComparison.Ordinal);
    }

    private string Write(string yaml)
    {
        var path = Path.Combine(_dir, "lb.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
