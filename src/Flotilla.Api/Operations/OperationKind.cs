namespace Flotilla.Api.Operations;

/// <summary>What a stored operation does to its stack.</summary>
public enum OperationKind
{
    Apply,
    Destroy,
}
