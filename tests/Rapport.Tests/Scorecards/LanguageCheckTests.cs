using System.Text.Json;
using Rapport.Features.Questions.Format;
using Rapport.Features.Scorecards;
using Rapport.Tests.Questions;

namespace Rapport.Tests.Scorecards;

public sealed class LanguageCheckTests
{
    private static readonly string ShippedYaml = File.ReadAllText(Path.Combine(StarterBankTests.BankFolderPath, LanguageCheckList.FileName));

    private static readonly LanguageCheck Shipped = LanguageCheck.FromYaml(ShippedYaml);

    private static readonly string[] Rubric =
    [
        "needs the whole approach explained",
        "finds the quadratic approach only",
        "finds the linear approach with a hint",
        "finds the linear approach alone",
    ];

    /// <summary>For each category of the shipped list, evidence an interviewer might really write, and the words it should highlight.</summary>
    public static TheoryData<string, string, string> RealisticEvidence => new()
    {
        { "culture-fit", "Friendly, but I'm not sure about culture fit with the team.", "culture fit" },
        { "age", "Solved it, though he is aged 50 and might struggle with our stack.", "aged" },
        { "accent-and-speech", "Strong accent made the first explanation hard for me to follow.", "accent" },
        { "appearance", "Turned up scruffy, but the heap solution was right.", "scruffy" },
        { "family", "Mentioned she is pregnant, so availability may be an issue.", "pregnant" },
        { "origin", "Good candidate, but we would need to check their nationality first.", "nationality" },
        { "religion", "Wore a hijab; explained the sliding window clearly.", "hijab" },
        { "health-and-disability", "Uses a wheelchair, so the onsite could be awkward.", "wheelchair" },
        { "nerves", "Seemed nervous at first and stalled on the base case.", "nervous" },
        { "coded-personality", "Pushed back aggressively when I suggested a hash map.", "aggressively" },
        { "gendered-wording", "He/she should revisit the edge cases.", "He/she" },
    };

    [Fact]
    public void RealisticEvidence_CoversEveryCategoryOfTheShippedList()
    {
        var covered = RealisticEvidence.Select(row => (string)row[0]).ToHashSet();

        Assert.Equal(Shipped.List.Categories.Select(c => c.Id).Order(), covered.Order());
    }

    [Theory]
    [MemberData(nameof(RealisticEvidence))]
    public void RealisticEvidence_IsFoundInItsCategory_WithTheWordsHighlighted(string category, string evidence, string words)
    {
        var finding = Assert.Single(Shipped.Review(evidence, 2, Rubric));

        Assert.Equal(LanguageCheckFindingKind.ListedPhrase, finding.Kind);
        Assert.Equal(category, finding.Category);
        Assert.Equal(evidence.IndexOf(words, StringComparison.Ordinal), finding.Start);
        Assert.Equal(words.Length, finding.Length);
        Assert.Equal(words, finding.Matched);
        Assert.False(string.IsNullOrWhiteSpace(finding.Suggestion));
        Assert.False(string.IsNullOrWhiteSpace(finding.Why));
        Assert.Equal(Shipped.List.Categories.Single(c => c.Id == category).Name, finding.CategoryName);
    }

    [Theory]
    [InlineData("Clear message to the user, and good engagement with the hints.")]
    [InlineData("Checked memory usage and the page size before batching; worried about voltage drop in the sensor data.")]
    [InlineData("Computed the average storage per image and the manager's quota.")]
    [InlineData("Added a foreign key and spotted the race condition in the update.")]
    [InlineData("Proposed a double-blind test and noted that the matrix fits in memory.")]
    [InlineData("The model is a good fit to the data; made the loop 10x faster with numpy.")]
    [InlineData("Pinned an older version of numpy; found the sweet spot for k.")]
    [InlineData("Grouped Visa and Mastercard transactions separately; saw a dramatic drop in loss.")]
    [InlineData("She shed the quadratic loop and he said why; they used a dict.")]
    [InlineData("Explained the trade-off between accuracy and latency; the message queue decoupled ingestion.")]
    [InlineData("Handled the damaged rows, the agenda and the stage of the pipeline.")]
    public void EverydayTechnicalEvidence_IsNotFlagged(string evidence)
    {
        Assert.DoesNotContain(Shipped.Review(evidence, 3, Rubric), f => f.Kind == LanguageCheckFindingKind.ListedPhrase);
    }

    [Theory]
    [InlineData("Hired? He is aged 50.", "aged")]
    [InlineData("A middle-aged engineer.", "aged")]
    [InlineData("Their aggressiveness showed.", "aggressiveness")]
    [InlineData("The candidate’s aggressive’s tone", "aggressive’s")]
    [InlineData("Bossiness in the pairing part.", "Bossiness")]
    [InlineData("Answered nervously.", "nervously")]
    [InlineData("A pair of ninjas.", "ninjas")]
    [InlineData("He is a 50-year-old engineer.", "50-year-old")]
    [InlineData("He is 50 years old.", "50 years old")]
    [InlineData("She is in her 50s.", "in her 50s")]
    [InlineData("Not a CULTURE-FIT.", "CULTURE-FIT")]
    [InlineData("Definitely a culture   fit.", "culture   fit")]
    [InlineData("He / she should check it.", "He / she")]
    public void Phrases_MatchWholeWords_WithTheirEndingsAndSpacingVariants(string evidence, string words)
    {
        var finding = Assert.Single(Shipped.Review(evidence, null, []));

        Assert.Equal(words, finding.Matched);
        Assert.Equal(evidence.IndexOf(words, StringComparison.Ordinal), finding.Start);
    }

    [Theory]
    [InlineData("culture\u2011fit", "non-breaking hyphen")]
    [InlineData("culture\u2014fit", "em dash")]
    [InlineData("culture \u2013 fit", "spaced en dash")]
    [InlineData("culture\u00A0fit", "no-break space")]
    [InlineData("culture\u200Bfit", "zero-width space")]
    [InlineData("culture \uFB01t", "fi ligature")]
    [InlineData("ＣＵＬＴＵＲＥ ＦＩＴ", "full-width letters")]
    [InlineData("c\u0075\u0308lture fit", "a combining diaeresis in the word")]
    [InlineData("cültüre fït", "precomposed accents")]
    [InlineData("𝐜𝐮𝐥𝐭𝐮𝐫𝐞 𝐟𝐢𝐭", "mathematical bold letters (surrogate pairs)")]
    [InlineData("cul\u00ADture fit", "a soft hyphen inside the word")]
    public void UnicodeVariants_AreFound_AndTheHighlightCoversExactlyWhatWasTyped(string typed, string what)
    {
        var evidence = $"🙂 Not sure about {typed}👍 really.";

        var finding = Assert.Single(Shipped.Review(evidence, null, []));

        Assert.True("culture-fit" == finding.Category, what);
        Assert.Equal(evidence.IndexOf(typed, StringComparison.Ordinal), finding.Start);
        Assert.Equal(typed, finding.Matched);
        Assert.Equal(typed, evidence.Substring(finding.Start, finding.Length));
    }

    [Fact]
    public void ACombiningMarkAfterTheLastLetter_IsPartOfTheHighlight_AndShiftsNothingAfterIt()
    {
        const string evidence = "Seemed ner\u0301vous\u0301 and then aggressive\u0308.";

        var findings = Shipped.Review(evidence, null, []);

        Assert.Equal(["ner\u0301vous\u0301", "aggressive\u0308"], findings.Select(f => f.Matched));
        Assert.All(findings, f => Assert.Equal(f.Matched, evidence.Substring(f.Start, f.Length)));
        Assert.Equal(evidence.IndexOf("aggressive", StringComparison.Ordinal), findings[1].Start);
    }

    [Fact]
    public void EmojiJoinedToAWord_DoNotHideIt_AndIndicesCountUtf16Units()
    {
        const string evidence = "👩‍💻ninja👩‍💻";

        var finding = Assert.Single(Shipped.Review(evidence, null, []));

        Assert.Equal(5, finding.Start);
        Assert.Equal("ninja", finding.Matched);
    }

    [Fact]
    public void OverlappingPhrases_GiveOneFinding_TheLongestEarliest()
    {
        var finding = Assert.Single(Shipped.Review("Has a foreign accent.", null, []));

        Assert.Equal(("foreign accent", "accent-and-speech"), (finding.Matched, finding.Category));
    }

    [Fact]
    public void SeveralPhrases_ComeInTheOrderTheyAppear()
    {
        const string evidence = "Too aggressive, a bit bossy, and not a culture fit.";

        var findings = Shipped.Review(evidence, 2, Rubric);

        Assert.Equal(["aggressive", "bossy", "culture fit"], findings.Select(f => f.Matched));
        Assert.Equal(findings.Select(f => f.Start).Order(), findings.Select(f => f.Start));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n\t")]
    [InlineData("\u200B\u00A0")]
    [InlineData("—")]
    [InlineData("👍")]
    [InlineData("...")]
    public void EvidenceWithoutWords_ForAGivenLevel_IsEmpty(string? evidence)
    {
        var finding = Assert.Single(Shipped.Review(evidence, 3, Rubric));

        Assert.Equal(LanguageCheckFindingKind.EmptyEvidence, finding.Kind);
        Assert.Equal((0, 0, ""), (finding.Start, finding.Length, finding.Matched));
        Assert.Equal(Shipped.List.Empty.Instead, finding.Suggestion);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void NoEvidence_ForASignalNotAssessed_IsFine(string? evidence)
    {
        Assert.Empty(Shipped.Review(evidence, null, Rubric));
    }

    [Theory]
    [InlineData("Good.")]
    [InlineData("  Solid, meets the bar.  ")]
    [InlineData("3/4")]
    [InlineData("L3 - strong hire")]
    [InlineData("The candidate was great overall.")]
    [InlineData("Level 3, no concerns.")]
    [InlineData("N/A")]
    [InlineData("Very GOOD!!")]
    [InlineData("Finds the linear approach with a hint.")]
    [InlineData("Found the linear approach with a hint.")]
    [InlineData("Good: finds the linear approach, with a hint.")]
    public void EvidenceThatOnlyRestatesTheLevel_IsNoticed_AndTheWholeTextHighlighted(string evidence)
    {
        var finding = Assert.Single(Shipped.Review(evidence, 3, Rubric));

        Assert.Equal(LanguageCheckFindingKind.RestatesLevel, finding.Kind);
        Assert.Equal(evidence.Trim(), finding.Matched);
        Assert.Equal(evidence.Trim(), evidence.Substring(finding.Start, finding.Length));
        Assert.Equal(Shipped.List.Restating.Advice.Instead, finding.Suggestion);
    }

    [Theory]
    [InlineData("Good: found the linear approach after my hint about storing seen values, then tested duplicates [3, 3].")]
    [InlineData("Wrote a dict of value to index in one pass; asked whether numbers repeat.")]
    [InlineData("Strong: explained why the hash map makes it linear.")]
    [InlineData("Hint 2 needed.")]
    public void EvidenceThatSaysWhatHappened_DoesNotRestate(string evidence)
    {
        Assert.Empty(Shipped.Review(evidence, 3, Rubric));
    }

    [Fact]
    public void TheRubricOfAnotherLevel_OrNoRubric_IsNotTakenForThisLevel()
    {
        const string evidence = "Finds the linear approach with a hint.";

        Assert.Empty(Shipped.Review(evidence, 1, Rubric));
        Assert.Empty(Shipped.Review(evidence, 3, []));
    }

    [Fact]
    public void TheLevelsName_CountsAsRestating()
    {
        Assert.Empty(Shipped.Review("Promising", 3, Rubric));
        Assert.Equal(LanguageCheckFindingKind.RestatesLevel, Assert.Single(Shipped.Review("Promising", 3, Rubric, levelName: "Promising")).Kind);
    }

    [Fact]
    public void RestatingEvidence_WithAListedPhrase_GetsBothFindings()
    {
        var findings = Shipped.Review("Good culture fit", 3, Rubric);

        Assert.Equal([LanguageCheckFindingKind.ListedPhrase], findings.Select(f => f.Kind));

        findings = Shipped.Review("Great vibes.", 3, Rubric);
        Assert.Equal([LanguageCheckFindingKind.ListedPhrase], findings.Select(f => f.Kind));
    }

    [Fact]
    public void ALevelBelowOne_IsAProgrammingError()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Shipped.Review("x", 0, Rubric));
    }

    [Fact]
    public void Findings_RoundTripThroughJson_WithTheKindByName()
    {
        var findings = Shipped.Review("Good. Too aggressive, in her 50s.", 3, Rubric).Concat(Shipped.Review("", 2, Rubric)).ToList();

        var json = JsonSerializer.Serialize(findings, JsonSerializerOptions.Web);
        var back = JsonSerializer.Deserialize<List<LanguageCheckFinding>>(json, JsonSerializerOptions.Web)!;

        Assert.Contains("\"kind\":\"ListedPhrase\"", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"EmptyEvidence\"", json, StringComparison.Ordinal);
        Assert.Equal(findings, back);
    }

    [Fact]
    public void TheBuiltInList_IsTheShippedFile()
    {
        Assert.Equal(BankFolder.Normalize(ShippedYaml), BankFolder.Normalize(LanguageCheckList.DefaultSource()));
        Assert.Equal(Shipped.List.Phrases, LanguageCheck.BuiltIn.List.Phrases);
        Assert.Null(LanguageCheck.BuiltIn.Version);
    }

    [Theory]
    [InlineData("fit*", "fitting", true)]
    [InlineData("fit*", "fits", true)]
    [InlineData("fit*", "fitness", true)]
    [InlineData("fit*", "outfit", false)]
    [InlineData("bossy*", "bossier", true)]
    [InlineData("bossy*", "bossiness", true)]
    [InlineData("age*", "aging", true)]
    [InlineData("age*", "ageing", true)]
    [InlineData("age*", "aged", true)]
    [InlineData("age*", "page", false)]
    [InlineData("age*", "agent", false)]
    [InlineData("age", "aged", false)]
    [InlineData("age", "age's", true)]
    [InlineData("# year* old", "５０ years old", true)]
    [InlineData("# year* old", "fifty years old", false)]
    [InlineData("naïve", "NAIVE", true)]
    [InlineData("it's", "it’s", true)]
    [InlineData("he/she", "he/she", true)]
    [InlineData("he/she", "he", false)]
    public void PhrasePatterns_FollowTheDocumentedRules(string phrase, string evidence, bool found)
    {
        var check = LanguageCheck.FromYaml(ListWith(phrase));

        Assert.Equal(found, check.Review($"({evidence})", null, []).Count == 1);
    }

    [Fact]
    public void FromYaml_WithABadList_NamesTheProblemAndItsPlace()
    {
        var error = Assert.Throws<ArgumentException>(() => LanguageCheck.FromYaml(ListWith("culture fit").Replace("why: w", "why: \"\"", StringComparison.Ordinal)));

        Assert.Contains("language-check.yaml:7:", error.Message, StringComparison.Ordinal);
        Assert.Contains("'why' must be a non-empty text.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALongEvidence_IsReadWhole()
    {
        var evidence = string.Concat(Enumerable.Repeat("page usage message ", 5_000)) + "culture fit";

        var finding = Assert.Single(Shipped.Review(evidence, null, []));

        Assert.Equal(evidence.Length - "culture fit".Length, finding.Start);
    }

    internal static string ListWith(string phrase) => $"""
        categories:
          - id: test
            name: Test
            entries:
              - match: ["{phrase}"]
                instead: i
                why: w
        restating:
          instead: i
          why: w
          words: [good]
          filler: [the]
        empty:
          instead: i
          why: w

        """;
}
