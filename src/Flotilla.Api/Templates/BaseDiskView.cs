namespace Flotilla.Api.Templates;

/// <summary>A template's base disk: the file, what a guest sees and what it holds on the host.</summary>
public sealed record BaseDiskView(string File, long VirtualBytes, long AllocatedBytes);
