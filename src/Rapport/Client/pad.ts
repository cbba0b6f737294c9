// The shared pad: CodeMirror 6 with @codemirror/collab against the pad hub. Received updates are
// applied one at a time, as the server rebases them (see docs/adr/0005-collab.md).
import { HubConnectionBuilder, HubConnection, LogLevel } from "@microsoft/signalr";
import { EditorView, basicSetup } from "codemirror";
import { ViewPlugin, ViewUpdate } from "@codemirror/view";
import { ChangeSet, EditorState } from "@codemirror/state";
import { collab, getSyncedVersion, receiveUpdates, sendableUpdates } from "@codemirror/collab";
import { python } from "@codemirror/lang-python";

type Message = { version: number; clientId: string; changes: unknown };

export async function openPad(parent: HTMLElement, interviewId: string, token: string, styleNonce: string, report: (text: string) => void) {
  const builder = new HubConnectionBuilder().configureLogging(LogLevel.Warning).withAutomaticReconnect();
  const hub: HubConnection = (token ? builder.withUrl("/hubs/pad", { accessTokenFactory: () => token }) : builder.withUrl("/hubs/pad")).build();
  await hub.start();
  const openPadHub = () => token ? hub.invoke("OpenAsCandidate") : hub.invoke("Open", interviewId);
  const opened = await openPadHub();
  let pushing = false;
  let view: EditorView;
  const queue: Message[] = [];

  const receive = async (messages: Message[]) => {
    queue.push(...messages);
    while (queue.length) {
      const next = queue[0];
      const synced = getSyncedVersion(view.state);
      if (next.version < synced) { queue.shift(); continue; }
      if (next.version > synced) {
        // A gap (a reconnect, a missed message): fetch what is missing, then go on in order.
        queue.length = 0;
        queue.push(...await hub.invoke("Pull", synced));
        continue;
      }
      queue.shift();
      view.dispatch(receiveUpdates(view.state, [{ changes: ChangeSet.fromJSON(next.changes), clientID: next.clientId }]));
    }
    push();
  };

  const push = async () => {
    const updates = sendableUpdates(view.state);
    if (pushing || updates.length === 0) return;
    pushing = true;
    try {
      const result = await hub.invoke("Push", getSyncedVersion(view.state), updates.map(u => u.changes.toJSON()));
      if (!result.accepted) report(result.problem);
    } catch (error: any) {
      report(`Your last edit is kept and will be sent again: ${error.message ?? error}`);
    } finally {
      pushing = false;
    }
    // Edits made while this push was on its way go in the next one.
    if (sendableUpdates(view.state).length) setTimeout(push, 50);
  };

  const pusher = ViewPlugin.fromClass(class {
    update(update: ViewUpdate) { if (update.docChanged) push(); }
  });

  view = new EditorView({
    parent,
    state: EditorState.create({
      doc: opened.text,
      extensions: [basicSetup, python(), collab({ startVersion: opened.version, clientID: opened.clientId }), pusher,
        EditorView.contentAttributes.of({ "aria-label": "Shared code pad" }), EditorView.cspNonce.of(styleNonce)],
    }),
  });
  hub.on("PadUpdated", (messages: Message[]) => { receive(messages); });
  // A new connection is a new client id; unconfirmed edits stay in the editor and are pushed again.
  hub.onreconnected(async () => { await openPadHub(); receive(await hub.invoke("Pull", getSyncedVersion(view.state))); });
  return view;
}
