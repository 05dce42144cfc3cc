namespace Flotilla.LoadTest.Thresholds;

/// <summary>k6's threshold comparisons; <c>===</c> is read as <see cref="Equal"/>, as in k6.</summary>
internal enum ThresholdOperator
{
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
}
