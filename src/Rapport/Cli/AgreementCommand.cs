using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Rapport.Features.Insights;
using Rapport.Stats;

namespace Rapport.Cli;

/// <summary><c>rapport agreement --ratings FILE.csv</c>: how well interviewers agree on double-scored interviews.</summary>
internal static class AgreementCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var ratings = RatingsFile.RatingsOption();
        var scale = RatingsFile.ScaleOption();
        var metric = new Option<string?>("--metric") { Description = "Krippendorff's alpha for one level of measurement only: nominal, ordinal, interval or ratio (default: all four)." };
        metric.AcceptOnlyFromAmong("nominal", "ordinal", "interval", "ratio");
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var agreement = new Command("agreement", "Agreement between interviewers on double-scored interviews (units are one signal of one question in one interview): Krippendorff's alpha, the intraclass correlations and the kappas that apply.")
        {
            ratings, scale, metric, json,
        };
        agreement.SetAction(async (parsed, ct) =>
        {
            var import = await RatingsFile.ReadAsync(parsed.GetValue(ratings)!, parsed.GetValue(scale)!, error, ct);
            if (import is null)
            {
                return 1;
            }

            AlphaMetric[] metrics = parsed.GetValue(metric) is { } one ? [Enum.Parse<AlphaMetric>(one, ignoreCase: true)] : Enum.GetValues<AlphaMetric>();
            var report = Agreement.Measure(import.Ratings!, metrics);
            await output.WriteAsync(parsed.GetValue(json) ? JsonSerializer.Serialize(report, ReportJson.Options) + "\n" : Text(report));
            return report.UnitsWithTwoOrMoreRatings == 0 ? 1 : 0;
        });
        return agreement;
    }

    private static string Text(AgreementReport report)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{report.Units} unit(s) (a signal of a question in an interview), {report.Raters} interviewer(s), {report.Ratings} rating(s); {report.UnitsWithTwoOrMoreRatings} unit(s) rated by two or more.");
        foreach (var note in report.Notes)
        {
            text.AppendLine(note);
        }

        text.AppendLine();
        text.AppendLine("Krippendorff's alpha (1 is perfect agreement, 0 is chance; 0.8 is a common bar, 0.667 the lowest for tentative conclusions):");
        foreach (var alpha in report.KrippendorffAlpha)
        {
            text.AppendLine(alpha.Alpha is { } value
                ? $"  {alpha.Metric,-9} {value:0.000}   ({alpha.UnitsUsed} unit(s) used{(alpha.UnitsWithOneRating > 0 ? $", {alpha.UnitsWithOneRating} with one rating left out" : "")})"
                : $"  {alpha.Metric,-9} -       {alpha.Note}");
        }

        text.AppendLine();
        if (report.IntraclassCorrelation.Values is { } icc)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Intraclass correlations (Shrout and Fleiss), over {icc.Units} unit(s) rated by all {icc.Raters} interviewers:");
            text.AppendLine(CultureInfo.InvariantCulture, $"  ICC(1,1) {icc.Icc1Single:0.000}   ICC(2,1) {icc.Icc2Single:0.000}   ICC(3,1) {icc.Icc3Single:0.000}   (one interviewer)");
            text.AppendLine(CultureInfo.InvariantCulture, $"  ICC(1,k) {icc.Icc1Average:0.000}   ICC(2,k) {icc.Icc2Average:0.000}   ICC(3,k) {icc.Icc3Average:0.000}   (the mean of {icc.Raters})");
        }
        else
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Intraclass correlations: {report.IntraclassCorrelation.Note}");
        }

        text.AppendLine();
        if (report.CohenKappa is { } kappas)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Kappas of {kappas.FirstRater} and {kappas.SecondRater}:{(kappas.Note is null ? "" : " " + kappas.Note)}");
            Kappa(text, "Cohen's kappa", kappas.Unweighted);
            Kappa(text, "weighted, linear", kappas.LinearWeights);
            Kappa(text, "weighted, quadratic", kappas.QuadraticWeights);
        }
        else
        {
            text.AppendLine("Cohen's and weighted kappa: not computed, they compare exactly two interviewers.");
        }

        text.AppendLine(report.FleissKappa.Values is { } fleiss
            ? $"Fleiss' kappa: {fleiss.Kappa:0.000} ({fleiss.Subjects} unit(s), {fleiss.RatersPerSubject} ratings each)"
            : $"Fleiss' kappa: {report.FleissKappa.Note}");
        return text.ToString();
    }

    private static void Kappa(StringBuilder text, string name, KappaRow? kappa)
    {
        if (kappa is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {name,-20} {kappa.Kappa:0.000}   95% {kappa.Lower95:0.000} to {kappa.Upper95:0.000}   ({kappa.Subjects} unit(s))");
        }
    }
}
