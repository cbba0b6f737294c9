namespace Rapport.Sandbox.Tests;

public sealed class OutputComparerTests
{
    [Theory]
    [InlineData("42\n", "42", true)]
    [InlineData("a b\r\nc\n\n\n", "a b  \nc", true)]
    [InlineData("1 2", "1  2", false)]
    [InlineData("1\n2", "2\n1", false)]
    [InlineData("  x", "x", false)]
    public void Exact_ForgivesLineEndingsTrailingSpaceAndTrailingBlankLines_Only(string expected, string actual, bool matches) =>
        Assert.Equal(matches, OutputComparer.Matches(expected, actual, null));

    [Theory]
    [InlineData("0.3333 0.6667", "[0.33333333 0.66666667]", 1e-3, 0, true)]
    [InlineData("0.3333 0.6667", "[0.33333333 0.66666667]", 1e-6, 0, false)]
    [InlineData("1000000", "1000001", 0, 1e-5, true)]
    [InlineData("1000000", "1000100", 0, 1e-5, false)]
    [InlineData("[1, 2, 3]", "1 2 3", 1e-9, 0, true)]
    [InlineData("1 2 3", "1 2", 1, 0, false)]
    [InlineData("nan inf -inf", "NaN Infinity -Infinity", 1e-9, 0, true)]
    [InlineData("inf", "-inf", 1e9, 0, false)]
    [InlineData("accuracy 0.91", "accuracy 0.9100004", 1e-4, 0, true)]
    [InlineData("accuracy 0.91", "precision 0.91", 1e-4, 0, false)]
    public void WithTolerance_ComparesNumbersWithinIt_AndWordsExactly(string expected, string actual, double absolute, double relative, bool matches) =>
        Assert.Equal(matches, OutputComparer.Matches(expected, actual, new NumericTolerance(absolute, relative)));
}
