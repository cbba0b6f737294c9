using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Features.Questions.Format;

namespace Rapport.Tests.Questions;

public sealed record CaseResult(string Name, bool Passed, string? Actual, string? Error);

/// <summary>
/// Runs a question's tests against code with the host's /usr/bin/python3 and numpy. Only for the
/// bank's own reference solutions in tests, which are reviewed files: candidate code runs only in
/// the sandbox. TODO(#4): run these through the sandbox's job API once it lands.
/// </summary>
public static class HostPythonHarness
{
    public const string Python = "/usr/bin/python3";

    public static async Task<List<CaseResult>> RunAsync(QuestionTests tests, string solution)
    {
        var spec = new JsonObject
        {
            ["solution"] = solution,
            ["setup"] = tests.Setup,
            ["cases"] = new JsonArray([.. tests.Cases.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["call"] = c.Call,
                ["expected"] = c.ExpectedJson is null ? null : JsonNode.Parse(c.ExpectedJson),
                ["tolerance"] = c.Tolerance,
                ["check"] = c.Check,
            })]),
        };
        var harness = Path.Combine(Path.GetTempPath(), $"rapport-harness-{Guid.NewGuid():N}.py");
        await using (var resource = typeof(QuestionParser).Assembly.GetManifestResourceStream("Rapport.QuestionHarness.py")!)
        await using (var file = File.Create(harness))
        {
            await resource.CopyToAsync(file);
        }

        try
        {
            var info = new ProcessStartInfo(Python, [harness]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(info)!;
            await process.StandardInput.WriteAsync(spec.ToJsonString());
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
            Assert.True(process.ExitCode == 0, $"the harness failed: {error}");
            return [.. (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonSerializer.Deserialize<CaseResult>(line, JsonSerializerOptions.Web)!)];
        }
        finally
        {
            File.Delete(harness);
        }
    }
}
