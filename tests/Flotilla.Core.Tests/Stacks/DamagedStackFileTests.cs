using Flotilla.Core.Specs;
using Flotilla.Core.Stacks;
using Flotilla.Testing;

namespace Flotilla.Core.Tests.Stacks;

/// <summary>
/// The shipped stack files, damaged many ways (<see cref="DamagedText"/>): reading, checking and expanding one either
/// works or fails with the one-line <c>file:line:col: …</c> the CLI prints, never with another exception
/// (issue 14: YamlDotNet throws more than YamlException, and a reader crashed with a stack trace).
/// </summary>
public sealed class DamagedStackFileTests
{
    private const int CasesPerFile = 150;

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var file in new[] { "website.yaml", "three-tier-stack.yaml" })
        {
            for (var seed = 0; seed < CasesPerFile; seed++) data.Add(file, seed);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_damaged_stack_file_reads_or_fails_with_one_located_line(string example, int seed)
    {
        var path = Repository.Example(example);
        var directory = Path.GetDirectoryName(path)!;
        var damaged = DamagedText.From(File.ReadAllText(path), seed);
        try
        {
            var file = StackFileReader.Parse(damaged.Text, example, relative => File.ReadAllText(Path.Combine(directory, relative)), directory);
            StackValidator.ThrowIfInvalid(file);
            StackExpander.Expand(file);
        }
        catch (SpecException e)
        {
            AssertOneLocatedLine(e, example, damaged);
        }
        catch (InvalidStackException e)
        {
            Assert.NotEmpty(e.Problems);
            Assert.All(e.Problems, p => AssertOneLocatedLine(p, example, damaged));
        }
    }

    private static void AssertOneLocatedLine(SpecException e, string file, DamagedText damaged)
    {
        var why = $"after '{damaged}': {e.Message}";
        Assert.False(e.Message.Any(char.IsControl), $"control characters {why}");
        Assert.True(e.Location.Line >= 1 && e.Location.Column >= 1, $"no position {why}");
        Assert.True(e.Message.StartsWith($"{file}:{e.Location.Line}:{e.Location.Column}: ", StringComparison.Ordinal), $"not file:line:col {why}");
    }
}
