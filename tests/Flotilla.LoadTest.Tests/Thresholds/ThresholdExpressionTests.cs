using Flotilla.LoadTest.Thresholds;

namespace Flotilla.LoadTest.Tests.Thresholds;

public sealed class ThresholdExpressionTests
{
    [Theory]
    [InlineData("p(95)<500", "Percentile", 95, "Less", 500)]
    [InlineData("p(99.9) <= 1500", "Percentile", 99.9, "LessOrEqual", 1500)]
    [InlineData("  avg<200 ", "Avg", 0, "Less", 200)]
    [InlineData("min>=0.5", "Min", 0, "GreaterOrEqual", 0.5)]
    [InlineData("max > 1e3", "Max", 0, "Greater", 1000)]
    [InlineData("med==10", "Med", 0, "Equal", 10)]
    [InlineData("rate===0", "Rate", 0, "Equal", 0)]
    [InlineData("count!=3", "Count", 0, "NotEqual", 3)]
    [InlineData("value<.5", "Value", 0, "Less", 0.5)]
    [InlineData("p( 90 )>-1", "Percentile", 90, "Greater", -1)]
    public void Parses_k6_expressions(string text, string aggregation, double percentile, string op, double value)
    {
        Assert.True(ThresholdExpression.TryParse(text, out var e));
        Assert.Equal(new ThresholdExpression(Enum.Parse<ThresholdAggregation>(aggregation), percentile, Enum.Parse<ThresholdOperator>(op), value), e);
    }

    [Theory]
    [InlineData("")]
    [InlineData("p(95)")]
    [InlineData("p(95)<<500")]
    [InlineData("p95<500")]
    [InlineData("p()<500")]
    [InlineData("average<200")]
    [InlineData("avg<")]
    [InlineData("avg<200ms")]
    [InlineData("avg = 200")]
    [InlineData("AVG<200")]
    [InlineData("rate<0.01 && avg<2")]
    public void Refuses_what_is_not_an_expression(string text)
    {
        Assert.False(ThresholdExpression.TryParse(text, out var e));
        Assert.Null(e);
    }

    [Theory]
    [InlineData("avg<200", 199.9, true)]
    [InlineData("avg<200", 200, false)]
    [InlineData("avg<=200", 200, true)]
    [InlineData("rate>0.99", 0.995, true)]
    [InlineData("rate>0.99", 0.99, false)]
    [InlineData("rate>=0.99", 0.99, true)]
    [InlineData("count==5", 5, true)]
    [InlineData("count===5", 4, false)]
    [InlineData("count!=5", 4, true)]
    [InlineData("avg<200", double.NaN, false)]
    [InlineData("avg!=200", double.NaN, false)]
    public void Holds_compares_the_actual_value(string text, double actual, bool holds)
    {
        Assert.True(ThresholdExpression.TryParse(text, out var e));
        Assert.Equal(holds, e!.Holds(actual));
    }

    [Theory]
    [InlineData("p(95)<1", "Trend", true)]
    [InlineData("avg<1", "Trend", true)]
    [InlineData("rate<1", "Trend", false)]
    [InlineData("rate<1", "Rate", true)]
    [InlineData("count<1", "Rate", false)]
    [InlineData("count<1", "Counter", true)]
    [InlineData("rate<1", "Counter", true)]
    [InlineData("p(95)<1", "Counter", false)]
    [InlineData("value<1", "Gauge", true)]
    [InlineData("max<1", "Gauge", false)]
    public void Aggregations_apply_to_metric_types_as_in_k6(string text, string type, bool applies)
    {
        Assert.True(ThresholdExpression.TryParse(text, out var e));
        Assert.Equal(applies, e!.AppliesTo(Enum.Parse<MetricType>(type)));
    }

    [Fact]
    public void Names_the_aggregation_as_k6_writes_it()
    {
        Assert.True(ThresholdExpression.TryParse("p(99.9)<1", out var p));
        Assert.Equal("p(99.9)", p!.AggregationName);
        Assert.True(ThresholdExpression.TryParse("med<1", out var med));
        Assert.Equal("med", med!.AggregationName);
    }
}
