using System.Text.Json;

namespace Rapport.Collab;

/// <summary>
/// One update as a client pushes it: changes against the document at the push's version followed
/// by the client's earlier unconfirmed updates. The client id comes from the connection, never
/// from the payload, so there is none here.
/// </summary>
/// <param name="Changes">The edit.</param>
/// <param name="Effects">Opaque shared effects (JSON) to pass to other clients with the edit.</param>
public sealed record PushedUpdate(ChangeSet Changes, JsonElement? Effects = null);
