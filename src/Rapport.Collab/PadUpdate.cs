using System.Text.Json;

namespace Rapport.Collab;

/// <summary>
/// One accepted update in a pad's append-only log: the edit as it applies to the document at
/// <see cref="BaseVersion"/> (after rebasing, if it came in stale), and who made it.
/// </summary>
/// <param name="BaseVersion">The version this update applies to; the document is at <c>BaseVersion + 1</c> after it.</param>
/// <param name="ClientId">The connection that pushed it (@codemirror/collab's <c>clientID</c>).</param>
/// <param name="Changes">The edit, in CodeMirror's ChangeSet form.</param>
/// <param name="Effects">Opaque shared effects the client attached, passed along unmapped; the server does not interpret them.</param>
public sealed record PadUpdate(int BaseVersion, string ClientId, ChangeSet Changes, JsonElement? Effects = null);
