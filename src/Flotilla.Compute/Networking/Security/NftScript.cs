using System.Text;

namespace Flotilla.Compute.Networking.Security;

/// <summary>
/// Writes an nft script, tab-indented as <c>nft list</c> prints it. Each table is replaced whole inside the one
/// transaction <c>nft -f</c> makes of a script: <c>table X {}</c> creates it if missing, <c>delete table X</c> empties
/// the name, and the full definition follows, so a reader sees either the old table or the new one, never a mix.
/// </summary>
internal sealed class NftScript
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public NftScript Comment(string text) => Line($"# {text}");

    public NftScript Line(string text)
    {
        _text.Append('\t', _depth).Append(text).Append('\n');
        return this;
    }

    public NftScript Blank()
    {
        _text.Append('\n');
        return this;
    }

    /// <summary>Deletes <paramref name="family"/> <paramref name="name"/> whether or not it exists.</summary>
    public NftScript DeleteTable(string family, string name) => Line($"table {family} {name} {{}}").Line($"delete table {family} {name}");

    /// <summary>Opens <c>HEAD {</c>; the block closes when the returned scope is disposed.</summary>
    public Block Open(string head)
    {
        Line($"{head} {{");
        _depth++;
        return new Block(this);
    }

    public override string ToString() => _text.ToString();

    internal readonly struct Block(NftScript script) : IDisposable
    {
        public void Dispose()
        {
            script._depth--;
            script.Line("}");
        }
    }
}
