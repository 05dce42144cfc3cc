using Flotilla.LoadTest.Scripting;
using Flotilla.Testing;

namespace Flotilla.LoadTest.Tests.Scripting;

/// <summary>
/// The shipped k6 script, damaged many ways (<see cref="DamagedText"/>): loading it and reading its options either works
/// or fails with the one line <c>flotilla loadtest</c> prints (the path first, then the line and column when the error
/// has one), never with another exception (issue 14).
/// </summary>
public sealed class DamagedScriptTests : IDisposable
{
    private const int Cases = 150;
    private readonly ScriptFiles _files = new();

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (var seed = 0; seed < Cases; seed++) data.Add(seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_damaged_script_loads_or_fails_with_one_line_naming_the_file(int seed)
    {
        var damaged = DamagedText.From(File.ReadAllText(ScriptFiles.Example("nlb-test.js")), seed);
        var path = _files.Write(damaged.Text, $"damaged-{seed}.js");
        try
        {
            K6Script.Load(path, ScriptOverrides.None, TimeSpan.FromSeconds(10));
        }
        catch (LoadTestInputException e)
        {
            var why = $"after '{damaged}': {e.Message}";
            Assert.False(e.Message.Any(char.IsControl), $"control characters {why}");
            Assert.True(e.Message.StartsWith($"{path}:", StringComparison.Ordinal), $"not the file first {why}");
            Assert.DoesNotContain(":0:", e.Message, StringComparison.Ordinal);
        }
    }

    public void Dispose() => _files.Dispose();
}
