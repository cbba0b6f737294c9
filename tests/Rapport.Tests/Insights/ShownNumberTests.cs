using Rapport.Infrastructure;

namespace Rapport.Tests.Insights;

public sealed class ShownNumberTests
{
    [Theory]
    [InlineData(-0.001, "0.00")] // a difficulty of -0.001 printed as "-0.00"
    [InlineData(-0.0049, "0.00")]
    [InlineData(-0.005, "-0.01")]
    [InlineData(0.004, "0.00")]
    [InlineData(-1.234, "-1.23")]
    [InlineData(2.5, "2.50")]
    [InlineData(1e-300, "0.00")]
    public void Fixed_TwoDecimals_NeverPrintsANegativeZero(double value, string shown) =>
        Assert.Equal(shown, ShownNumber.Fixed(value));

    [Fact]
    public void Fixed_OfIeeeNegativeZero_HasNoSign()
    {
        Assert.Equal("0.00", ShownNumber.Fixed(-0.0));
        Assert.Equal("0.0", ShownNumber.Fixed(-0.04, 1));
        Assert.Equal("0.000", ShownNumber.Fixed(-0.0004, 3));
    }

    [Fact]
    public void Fixed_OfNoNumber_IsADash() => Assert.Equal("—", ShownNumber.Fixed(double.NaN));

    [Theory]
    [InlineData(0, "0 ratings")]
    [InlineData(1, "1 rating")]
    [InlineData(2, "2 ratings")]
    [InlineData(1001, "1001 ratings")]
    public void Count_AgreesWithItsNoun(int count, string shown) =>
        Assert.Equal(shown, ShownNumber.Count(count, "rating", "ratings"));

    [Theory]
    [InlineData(1e-55, "< 0.1 %")] // what probabilityAboveBar printed before
    [InlineData(0, "< 0.1 %")]
    [InlineData(0.000999, "< 0.1 %")]
    [InlineData(0.001, "0.1 %")]
    [InlineData(0.0014, "0.1 %")]
    [InlineData(0.5, "50.0 %")]
    [InlineData(0.87349, "87.3 %")]
    [InlineData(0.999, "99.9 %")]
    [InlineData(0.99901, "> 99.9 %")] // would round to "100.0 %"
    [InlineData(1, "> 99.9 %")]
    public void Probability_ShowsOneDecimalAndNoFalsePrecision(double probability, string shown) =>
        Assert.Equal(shown, ShownNumber.Probability(probability));

    [Fact]
    public void Probability_OfNoNumber_IsADash() => Assert.Equal("—", ShownNumber.Probability(double.NaN));

    [Theory]
    [InlineData(1e-12, "< 0.001")]
    [InlineData(0.0123, "0.012")]
    public void PValue_BelowOneInAThousand_IsNotPrintedAsZero(double p, string shown) =>
        Assert.Equal(shown, ShownNumber.PValue(p));
}
