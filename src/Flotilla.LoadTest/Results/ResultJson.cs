using System.Text.Json;
using System.Text.Json.Serialization;

namespace Flotilla.LoadTest.Results;

/// <summary>Reads and writes <see cref="LoadTestResult"/> as the <c>--out</c> JSON document.</summary>
public static class ResultJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(LoadTestResult result) => JsonSerializer.Serialize(result, Options);

    public static async Task WriteAsync(LoadTestResult result, string path, CancellationToken cancellationToken)
    {
        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, result, Options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a result file; a file that is not one gets a <see cref="LoadTestInputException"/> naming it.</summary>
    public static LoadTestResult Read(string path)
    {
        try
        {
            var result = JsonSerializer.Deserialize<LoadTestResult>(File.ReadAllText(path), Options);
            return result ?? throw new LoadTestInputException($"{path}: not a flotilla loadtest result (empty document)");
        }
        catch (JsonException e)
        {
            throw new LoadTestInputException($"{path}: not a flotilla loadtest result ({e.Message})", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LoadTestInputException($"{path}: {e.Message}", e);
        }
    }
}
