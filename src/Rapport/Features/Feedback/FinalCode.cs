using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Collab;
using Rapport.Data;
using Rapport.Features.Rooms;

namespace Rapport.Features.Feedback;

/// <summary>The candidate's code as the pad held it when they moved on from a coding question (or the interview ended).</summary>
/// <param name="Question">The question's id.</param>
/// <param name="Title">The question's title, as the candidate saw it.</param>
/// <param name="Language">The pad's language then.</param>
/// <param name="Code">The pad's text, exactly.</param>
public sealed record FinalCode(string Question, string Title, string Language, string Code)
{
    /// <summary>The kinds of question where the candidate writes code in the pad.</summary>
    public static readonly IReadOnlyList<string> CodingKinds = ["coding", "debugging", "data-analysis"];

    public string FileName => $"{Question}.{Language switch
    {
        "python" => "py",
        "javascript" => "js",
        "typescript" => "ts",
        "cpp" => "cpp",
        "csharp" => "cs",
        "sql" => "sql",
        _ => "txt",
    }}";

    public static string ListToJson(IReadOnlyList<FinalCode> code) => JsonSerializer.Serialize(code, JsonSerializerOptions.Web);

    public static IReadOnlyList<FinalCode> ListFromJson(string json) => JsonSerializer.Deserialize<List<FinalCode>>(json, JsonSerializerOptions.Web) ?? [];

    /// <summary>
    /// Replays the pad from the room's log (what everyone in the room saw, never the interviewers'
    /// channel), taking its text each time the interview moved from one question to another, and at
    /// the end. A question asked twice keeps its later text.
    /// </summary>
    public static async Task<List<FinalCode>> ReadAsync(AppDbContext db, Guid interviewId, InterviewMaterial material, CancellationToken ct)
    {
        string[] types = ["question-chosen", "pad-updated", "pad-language-changed"];
        var events = await db.RoomEvents.AsNoTracking()
            .Where(e => e.InterviewId == interviewId && e.Audience == RoomAudience.Everyone && types.Contains(e.Type))
            .OrderBy(e => e.Sequence)
            .Select(e => new { e.Type, e.Payload })
            .ToListAsync(ct);
        var found = new List<FinalCode>();
        var text = "";
        string? current = null;
        string? language = null;
        foreach (var e in events)
        {
            switch (RoomEventPayload.Deserialize(e.Type, e.Payload))
            {
                case QuestionChosen chosen when chosen.QuestionId != current:
                    Take(current);
                    current = chosen.QuestionId;
                    break;
                case PadUpdated update:
                    text = ChangeSet.FromJson(update.Changes, text.Length).Apply(text);
                    break;
                case PadLanguageChanged switched:
                    language = switched.Language;
                    break;
            }
        }

        Take(current);
        return found;

        void Take(string? question)
        {
            if (question is null || string.IsNullOrWhiteSpace(text) || !material.Questions.TryGetValue(question, out var pinned)
                || !CodingKinds.Contains(pinned.Question.Kind))
            {
                return;
            }

            found.RemoveAll(c => c.Question == question);
            found.Add(new FinalCode(question, pinned.Question.Title, language ?? (pinned.Question.Languages.Count > 0 ? pinned.Question.Languages[0] : "text"), text));
        }
    }
}
