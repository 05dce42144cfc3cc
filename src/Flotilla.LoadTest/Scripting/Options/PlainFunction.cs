namespace Flotilla.LoadTest.Scripting.Options;

/// <summary>Stands for a JavaScript function in a <see cref="PlainValues"/> tree: options hold data, so only an error names it.</summary>
internal sealed class PlainFunction
{
    public static PlainFunction Instance { get; } = new();

    private PlainFunction() { }
}
