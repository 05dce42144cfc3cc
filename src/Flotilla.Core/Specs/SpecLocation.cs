namespace Flotilla.Core.Specs;

/// <summary>Where a value sits in a spec file, so an error can point at it (line 0: the file as a whole).</summary>
public readonly record struct SpecLocation(string File, int Line, int Column)
{
    /// <summary><c>file:line:col</c>, or only <c>file</c> when there is no position (a file that cannot be read).</summary>
    public override string ToString() => Line <= 0 ? File : $"{File}:{Line}:{Column}";
}
