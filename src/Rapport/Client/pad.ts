// The shared pad: CodeMirror 6 with @codemirror/collab against the room hub, on the room's own
// connection (one per person). openPad puts the parts together: the editor (padEditor.ts), the
// collab loop and the cursor sender (padSync.ts), and the toolbar's language menu (padToolbar.ts).
import { EditorView } from "codemirror";
import { Compartment } from "@codemirror/state";
import { syntaxFor } from "./languages";
import { cursorLeft } from "./cursors";
import type { PadOpened } from "./hubMessages";
import { padState, readOnly, type EditorCompartments } from "./padEditor";
import { cursorSender, cursors, padSync, updates, type PadConnection } from "./padSync";
import { languageMenu } from "./padToolbar";

export type PadOptions = {
  styleNonce: string;
  report: (text: string) => void;
  /** Called on the candidate's side for a paste this large, a neutral fact for the interviewer. */
  onLargePaste?: (detail: string) => void;
  /** Called with the pad's language id when the pad opens and whenever it changes (Run follows it). */
  onLanguage?: (language: string) => void;
  /** Whether this side only watches (a shadow, or staff while a trainee leads): the pad is read-only and sends no cursor. */
  watching?: () => boolean;
};

/**
 * questionChosen: refreshes the language menu; the side that `loadsStarter` also switches and asks for the starter code.
 * rejoined: the room's connection came back and joined again; the pad opens afresh, keeping this side's unsent edits.
 * watch: makes the pad read-only (and sends no cursor) while this side only watches, editable again when it leads.
 * end: leaves the text to read, no longer editable (the room closes the connection).
 */
export type Pad = {
  view: EditorView; questionChosen: (loadsStarter: boolean) => void; rejoined: () => Promise<void>; watch: (watching: boolean) => void; end: () => void;
};

/** Opens the pad of the room `hub` has joined. */
export async function openPad(host: HTMLElement, hub: PadConnection, options: PadOptions): Promise<Pad> {
  const { report } = options;
  const open = (): Promise<PadOpened> => hub.invoke("OpenPad");
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
  const watching = options.watching ?? (() => false);
  const outgoing = cursorSender(hub, () => view, () => sync.resyncing || watching());
  const stateFor = (from: PadOpened) => padState(from, menu.current, compartments, {
    report, styleNonce: options.styleNonce, onLargePaste: options.onLargePaste, edited: sync.push, moved: outgoing.schedule, readOnly: watching(),
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

  let ended = false;
  const watch = (watching: boolean) => {
    if (ended) return;
    view.dispatch({ effects: watching ? readOnly(compartments) : compartments.editing.reconfigure([]) });
    menu.enable(!watching);
    if (!watching) outgoing.forget();
  };
  const end = () => {
    ended = true;
    view.dispatch({ effects: readOnly(compartments) });
    menu.hide();
  };
  return { view, questionChosen: loadsStarter => { void menu.questionChosen(loadsStarter); }, rejoined: () => sync.resync(true), watch, end };
}
