using Flotilla.Core.Specs;

namespace Flotilla.Core.Tests.Specs;

/// <summary>The one line a bad spec file gets: a position only where there is one (issue 14 saw <c>nope.yaml:0:0</c>).</summary>
public sealed class SpecExceptionTests
{
    [Fact]
    public void A_file_that_cannot_be_read_is_named_without_a_position()
    {
        var error = Assert.Throws<SpecException>(() => YamlSpecFile.Load("/nonexistent/nope.yaml"));
        Assert.StartsWith("/nonexistent/nope.yaml: cannot read the file: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_in_a_file_is_named_by_file_line_column_and_key() => Assert.Equal(
        "site.yaml:3:7: vms[0].cpus: must be at least 1",
        new SpecException(new SpecLocation("site.yaml", 3, 7), "vms[0].cpus", "must be at least 1").Message);

    [Fact]
    public void A_model_built_in_code_starts_at_its_key() => Assert.Equal(
        "vms[0].cpus: must be at least 1",
        new SpecException(SpecOrigin.None("vms[0]").Location, "vms[0].cpus", "must be at least 1").Message);
}
