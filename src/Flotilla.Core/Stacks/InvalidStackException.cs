using Flotilla.Core.Specs;

namespace Flotilla.Core.Stacks;

/// <summary>A stack file whose items do not fit together; the message has one line per problem, each naming file, line and key.</summary>
public sealed class InvalidStackException(IReadOnlyList<SpecException> problems)
    : Exception(string.Join('\n', problems.Select(p => p.Message)))
{
    public IReadOnlyList<SpecException> Problems { get; } = problems;
}
