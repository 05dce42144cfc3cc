using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Tests.Commands.Output;

public sealed class TextTableTests
{
    [Fact]
    public void Columns_line_up_and_lines_carry_no_trailing_spaces()
    {
        var text = TextTable.Render(["NAME", "STATE", "NOTE"], [["web-1", "running", ""], ["a-much-longer-name", "stopped", "x"]]);
        Assert.Equal(
            """
            NAME                 STATE     NOTE
            web-1                running
            a-much-longer-name   stopped   x

            """, text);
    }

    [Fact]
    public void Fields_align_their_values()
    {
        Assert.Equal("name:  web-1\nstate: running\n", TextTable.Fields([("name", "web-1"), ("state", "running")]));
    }
}
