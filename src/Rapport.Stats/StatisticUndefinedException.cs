namespace Rapport.Stats;

/// <summary>
/// Thrown when the input is valid but the statistic has no value for it, for example an
/// agreement coefficient on ratings that never vary (0/0). Reports show the message instead of
/// a number, so a NaN never reaches a reader.
/// </summary>
public sealed class StatisticUndefinedException : InvalidOperationException
{
    public StatisticUndefinedException()
    {
    }

    public StatisticUndefinedException(string message)
        : base(message)
    {
    }

    public StatisticUndefinedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
