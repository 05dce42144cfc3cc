using System.Globalization;
using System.Text.RegularExpressions;

namespace Flotilla.LoadTest.Thresholds;

/// <summary>
/// One k6 threshold expression, <c>&lt;aggregation&gt; &lt;operator&gt; &lt;number&gt;</c>:
/// <c>p(95)&lt;500</c>, <c>avg &lt;= 200</c>, <c>rate&lt;0.01</c>, <c>count&gt;100</c>. It holds when the
/// comparison is true for the metric's aggregated value.
/// </summary>
internal sealed partial record ThresholdExpression(ThresholdAggregation Aggregation, double Percentile, ThresholdOperator Operator, double Value)
{
    [GeneratedRegex(@"^\s*(?:(?<agg>avg|min|max|med|count|rate|value)|p\(\s*(?<p>\d+(?:\.\d+)?)\s*\))\s*(?<op><=|>=|===|==|!=|<|>)\s*(?<value>[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*$")]
    private static partial Regex Syntax();

    /// <summary>Parses <paramref name="text"/>; false when it is not an expression (the caller words the error).</summary>
    public static bool TryParse(string text, out ThresholdExpression? expression)
    {
        expression = null;
        var m = Syntax().Match(text);
        if (!m.Success) return false;
        var aggregation = m.Groups["agg"].Success
            ? m.Groups["agg"].Value switch
            {
                "avg" => ThresholdAggregation.Avg,
                "min" => ThresholdAggregation.Min,
                "max" => ThresholdAggregation.Max,
                "med" => ThresholdAggregation.Med,
                "count" => ThresholdAggregation.Count,
                "rate" => ThresholdAggregation.Rate,
                _ => ThresholdAggregation.Value,
            }
            : ThresholdAggregation.Percentile;
        var percentile = aggregation == ThresholdAggregation.Percentile
            ? double.Parse(m.Groups["p"].Value, CultureInfo.InvariantCulture)
            : 0;
        var op = m.Groups["op"].Value switch
        {
            "<" => ThresholdOperator.Less,
            "<=" => ThresholdOperator.LessOrEqual,
            ">" => ThresholdOperator.Greater,
            ">=" => ThresholdOperator.GreaterOrEqual,
            "!=" => ThresholdOperator.NotEqual,
            _ => ThresholdOperator.Equal,
        };
        expression = new ThresholdExpression(aggregation, percentile, op, double.Parse(m.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>The aggregation as k6 writes it: <c>avg</c>, <c>p(99.9)</c>.</summary>
    public string AggregationName => Aggregation switch
    {
        ThresholdAggregation.Percentile => $"p({Percentile.ToString(CultureInfo.InvariantCulture)})",
        _ => Aggregation.ToString().ToLowerInvariant(),
    };

    /// <summary>Whether the threshold holds for <paramref name="actual"/>; never for NaN.</summary>
    public bool Holds(double actual) => !double.IsNaN(actual) && Operator switch
    {
        ThresholdOperator.Less => actual < Value,
        ThresholdOperator.LessOrEqual => actual <= Value,
        ThresholdOperator.Greater => actual > Value,
        ThresholdOperator.GreaterOrEqual => actual >= Value,
        ThresholdOperator.Equal => actual == Value,
        _ => actual != Value,
    };

    /// <summary>Whether k6 allows this aggregation on a metric of <paramref name="type"/>.</summary>
    public bool AppliesTo(MetricType type) => type switch
    {
        MetricType.Counter => Aggregation is ThresholdAggregation.Count or ThresholdAggregation.Rate,
        MetricType.Gauge => Aggregation is ThresholdAggregation.Value,
        MetricType.Rate => Aggregation is ThresholdAggregation.Rate,
        _ => Aggregation is ThresholdAggregation.Avg or ThresholdAggregation.Min or ThresholdAggregation.Max
            or ThresholdAggregation.Med or ThresholdAggregation.Percentile,
    };
}
