using Rapport.Tests.Infrastructure;
using Rapport.Tests.Insights;

namespace Rapport.Tests.Cli;

public sealed class RatingsCommandTests : IDisposable
{
    private readonly RapportProcess rapport = new();

    public void Dispose() => rapport.Dispose();

    [Fact]
    public async Task RatingsImport_StoresOnce_ThenSkipsWhatIsStored_AndABadFileImportsNothing()
    {
        var file = Path.Combine(rapport.DataDirectory, "export.csv");
        await File.WriteAllTextAsync(file, RatingsFiles.FourFifthsExample());
        Assert.Equal(0, (await rapport.RunAsync(["migrate"])).ExitCode);

        var first = await rapport.RunAsync(["ratings", "import", file]);
        var second = await rapport.RunAsync(["ratings", "import", file]);
        await File.WriteAllTextAsync(file, RatingsFiles.FourFifthsExample() + "int-x,cand-x,ana,two-sum,problem_solving,9,2025-01-01,\n");
        var bad = await rapport.RunAsync(["ratings", "import", file]);

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Equal($"Imported {file}: 488 new rating(s), 0 already stored; 122 self-identification(s) recorded apart from the ratings.", first.Output.Trim());
        Assert.Equal($"Imported {file}: 0 new rating(s), 488 already stored; 0 self-identification(s) recorded apart from the ratings.", second.Output.Trim());
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains($"{file}: line 490, rating: The rating 9 is outside the scale", bad.Error, StringComparison.Ordinal);
        Assert.EndsWith("nothing was imported. Fix them and import again.", bad.Error.Trim(), StringComparison.Ordinal);
    }
}
