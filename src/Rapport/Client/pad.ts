// The shared pad: CodeMirror 6 with @codemirror/collab against the pad hub. openPad puts the parts
// together: the connection (here), the editor (padEditor.ts), the collab loop and the cursor
// sender (padSync.ts), and the toolbar's language menu (padToolbar.ts).
import { HubConnectionBuilder, LogLevel } from "@microsoft/signalr";
import { EditorView } from "codemirror";
import { Compartment } from "@codemirror/state";
import { syntaxFor } from "./languages";
import { cursorLeft } from "./cursors";
import { reconnectPolicy } from "./ended";
import { typedHub, type ConnectionEndedView, type PadClient, type PadHub, type PadOpened } from "./hubMessages";
import { padState, readOnly, type EditorCompartments } from "./padEditor";
import { cursorSender, cursors, padSync, updates, type PadConnection } from "./padSync";
import { languageMenu } from "./padToolbar";

export type PadOptions = {
  interviewId: string;
  token: string;
  styleNonce: string;
  report: (text: string) => void;
  /** Called on the candidate's side for a paste this large, a neutral fact for the interviewer. */
  onLargePaste?: (detail: string) => void;
  /** Called with the pad's language id when the pad opens and whenever it changes (Run follows it). */
  onLanguage?: (language: string) => void;
  /**
   * On the candidate's side: the server ended the pad's connection for good, with its reason, or
   * (null) refused to let it reconnect. The page then ends the whole room (see ended.ts).
   */
  onEnded?: (why: ConnectionEndedView | null) => void;
};

/**
 * questionChosen: refreshes the language menu; the side that `loadsStarter` also switches and asks for the starter code.
 * end: closes the pad's connection and leaves the text to read, no longer editable.
 */
export type Pad = { view: EditorView; questionChosen: (loadsStarter: boolean) => void; end: () => Promise<void> };

export async function openPad(host: HTMLElement, options: PadOptions): Promise<Pad> {
  const { report } = options;
  const hub = await connectPad(options);
  const open = (): Promise<PadOpened> => options.token ? hub.invoke("OpenAsCandidate") : hub.invoke("Open", options.interviewId);
  const opened = await open();

  const { menu, editorHost } = languageMenu(hub, host, opened.language, {
    report, onLanguage: options.onLanguage, padIsEmpty: () => view.state.doc.length === 0,
  });
  const compartments: EditorCompartments = { syntax: new Compartment(), editing: new Compartment() };
  // The editor is made last: the loop and the cursor sender reach it only once edits and messages arrive.
  const sync = padSync(hub, () => view, {
    report,
    reopen: async () => {
      const again = await open();
      menu.opened(again);
      return again;
    },
    stateFor: from => stateFor(from),
    restarted: again => {
      menu.fill(again.languages);
      options.onLanguage?.(menu.current);
      outgoing.forget();
    },
    cursorMayHaveMoved: () => outgoing.schedule(),
  });
  const outgoing = cursorSender(hub, () => view, () => sync.resyncing);
  const stateFor = (from: PadOpened) => padState(from, menu.current, compartments, {
    report, styleNonce: options.styleNonce, onLargePaste: options.onLargePaste, edited: sync.push, moved: outgoing.schedule,
  });
  const view = new EditorView({ parent: editorHost, state: stateFor(opened) });

  menu.fill(opened.languages);
  sync.receive(cursors(opened.cursors));
  options.onLanguage?.(menu.current);

  hub.on("PadUpdated", messages => sync.receive(updates(messages)));
  hub.on("CursorMoved", cursor => sync.receive(cursors([cursor])));
  hub.on("CursorLeft", clientId => view.dispatch({ effects: cursorLeft.of(clientId) }));
  hub.on("LanguageSwitched", switched => {
    view.dispatch({ effects: compartments.syntax.reconfigure(syntaxFor(switched.language)) });
    menu.switched(switched);
  });
  hub.connection.onreconnecting(() => report("Reconnecting the pad… your edits are kept."));
  hub.connection.onreconnected(async () => { await sync.resync(true); report("The pad is connected again."); });

  const end = async () => {
    view.dispatch({ effects: readOnly(compartments) });
    menu.hide();
    await hub.connection.stop();
  };
  return { view, questionChosen: loadsStarter => { void menu.questionChosen(loadsStarter); }, end };
}

/** Connects to the pad hub: the candidate by their link's token, the panel by their sign-in. */
async function connectPad(options: PadOptions): Promise<PadConnection> {
  const { token } = options;
  let refused = false;
  // Never give up reconnecting during an interview, unless the server no longer takes the candidate's link.
  const builder = new HubConnectionBuilder().configureLogging(LogLevel.Warning).withAutomaticReconnect(reconnectPolicy(token !== "", () => { refused = true; }));
  const hub = typedHub<PadHub, PadClient>((token ? builder.withUrl("/hubs/pad", { accessTokenFactory: () => token }) : builder.withUrl("/hubs/pad")).build());
  // Before starting: a connection the server refuses hears why at once.
  hub.on("ConnectionEnded", why => options.onEnded?.(why));
  hub.connection.onclose(() => { if (refused) options.onEnded?.(null); });
  await hub.connection.start();
  return hub;
}
