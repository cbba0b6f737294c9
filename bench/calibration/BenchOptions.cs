using System.Globalization;

namespace Rapport.Stats.Bench;

internal sealed record BenchOptions(long Ratings, int Runs, int Threads, int Seed, string? Export, string Only, string? Read, int Coverage = 0)
{
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(100_000, 3, Environment.ProcessorCount, 42, null, "both", null);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            options = args[i] switch
            {
                "--ratings" => options with { Ratings = (long)double.Parse(value, CultureInfo.InvariantCulture) },
                "--runs" => options with { Runs = int.Parse(value, CultureInfo.InvariantCulture) },
                "--threads" => options with { Threads = int.Parse(value, CultureInfo.InvariantCulture) },
                "--seed" => options with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
                "--export" => options with { Export = value },
                "--read" => options with { Read = value },
                "--coverage" => options with { Coverage = int.Parse(value, CultureInfo.InvariantCulture) },
                "--only" => options with { Only = value is "rater" or "mixed" or "both" ? value : throw new ArgumentException("--only takes rater, mixed or both.") },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Options: --ratings N, --runs N, --threads N, --seed N, --export DIR, --only rater|mixed|both, --read FILE, --coverage SEEDS."),
            };
        }

        return options;
    }
}
