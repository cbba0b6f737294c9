namespace Rapport.Stats;

/// <summary>How many applicants of one self-identified group applied and how many were selected.</summary>
public sealed record GroupOutcome
{
    public GroupOutcome(string group, int applicants, int selected)
    {
        if (string.IsNullOrWhiteSpace(group))
        {
            throw new ArgumentException("Every group needs a name, as the applicants self-identified.", nameof(group));
        }

        Check(selected, applicants, $"group '{group}'");
        Group = group;
        Applicants = applicants;
        Selected = selected;
    }

    public string Group { get; }

    public int Applicants { get; }

    public int Selected { get; }

    public double SelectionRate => Applicants == 0 ? 0 : Selected / (double)Applicants;

    internal static void Check(int selected, int applicants, string who)
    {
        if (applicants < 0 || selected < 0)
        {
            throw new ArgumentException(
                $"For {who}, applicants ({applicants}) and selected ({selected}) must be counts of at least 0.",
                nameof(applicants));
        }

        if (selected > applicants)
        {
            throw new ArgumentException(
                $"For {who}, {selected} were selected out of only {applicants} applicants. Selected cannot exceed applicants; check that the two columns are not swapped.",
                nameof(selected));
        }
    }
}
