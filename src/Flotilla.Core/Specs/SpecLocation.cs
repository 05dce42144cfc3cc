namespace Flotilla.Core.Specs;

/// <summary>Where a value sits in a spec file, so an error can point at it.</summary>
public readonly record struct SpecLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
