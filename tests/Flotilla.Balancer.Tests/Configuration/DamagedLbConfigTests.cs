using Flotilla.Balancer.Configuration;
using Flotilla.Core.Specs;
using Flotilla.Testing;

namespace Flotilla.Balancer.Tests.Configuration;

/// <summary>
/// The shipped flotilla-lb configs, damaged many ways (<see cref="DamagedText"/>): reading one either works or fails
/// with the one-line <c>file:line:col: …</c> that <c>flotilla-lb --check</c> prints, never with another exception
/// (issue 14: an unclosed flow sequence crashed flotilla-lb with YamlDotNet's InvalidOperationException).
/// </summary>
public sealed class DamagedLbConfigTests
{
    private const int CasesPerFile = 150;

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var file in new[] { "lb.yaml", "three-tier.yaml" })
        {
            for (var seed = 0; seed < CasesPerFile; seed++) data.Add(file, seed);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_damaged_config_reads_or_fails_with_one_located_line(string example, int seed)
    {
        var path = Repository.Example(example);
        var damaged = DamagedText.From(File.ReadAllText(path), seed);
        try
        {
            LbConfigReader.Parse(damaged.Text, path);
        }
        catch (SpecException e)
        {
            var why = $"after '{damaged}': {e.Message}";
            Assert.False(e.Message.Any(char.IsControl), $"control characters {why}");
            Assert.True(e.Location.Line >= 1 && e.Location.Column >= 1, $"no position {why}");
            Assert.True(e.Message.StartsWith($"{path}:{e.Location.Line}:{e.Location.Column}: ", StringComparison.Ordinal), $"not file:line:col {why}");
        }
    }
}
