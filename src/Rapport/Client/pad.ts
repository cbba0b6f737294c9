// The shared pad: CodeMirror 6 with @codemirror/collab against the pad hub. Received updates are
// applied one at a time, as the server rebases them (see docs/adr/0005-collab.md); cursors travel
// in the same ordered stream, so each lands on the text it was meant for.
import { HubConnectionBuilder, HubConnection, HubConnectionState, LogLevel } from "@microsoft/signalr";
import { EditorView, basicSetup } from "codemirror";
import { ViewPlugin, ViewUpdate } from "@codemirror/view";
import { ChangeSet, Compartment, EditorState } from "@codemirror/state";
import { collab, getSyncedVersion, receiveUpdates, sendableUpdates } from "@codemirror/collab";
import { PadLanguage, syntaxFor } from "./languages";
import { RemoteCursor, cursorLeft, cursorMoved, mapSelection, remoteCursors } from "./cursors";
import { ConnectionEnded, connectionEnded, reconnectPolicy } from "./ended";
import { padTheme } from "./padTheme";

type Message = { version: number; clientId: string; changes: unknown };
type Cursor = RemoteCursor & { version: number };
type Opened = { version: number; text: string; clientId: string; language: string; languages: PadLanguage[]; cursors: Cursor[]; maxDocumentLength: number };
type Incoming = { kind: "update"; update: Message } | { kind: "cursor"; cursor: Cursor };

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
  onEnded?: (why: ConnectionEnded | null) => void;
};

/**
 * questionChosen: refreshes the language menu; the side that `loadsStarter` also switches and asks for the starter code.
 * end: closes the pad's connection and leaves the text to read, no longer editable.
 */
export type Pad = { view: EditorView; questionChosen: (loadsStarter: boolean) => void; end: () => Promise<void> };

const largePaste = 200;
const maxPushBytes = 512 * 1024;
/** Pushes at most ten a second (edits made meanwhile go together), well inside the server's per-connection rate. */
const pushEvery = 100;
const rateRefusal = "Too many messages";

/** The server's reason, without SignalR's wrapping. */
const reason = (error: any) => String(error?.message ?? error).replace(/^.*HubException: /, "");

export async function openPad(host: HTMLElement, options: PadOptions): Promise<Pad> {
  const { interviewId, token, report } = options;
  let refused = false;
  // Never give up reconnecting during an interview, unless the server no longer takes the candidate's link.
  const builder = new HubConnectionBuilder().configureLogging(LogLevel.Warning).withAutomaticReconnect(reconnectPolicy(token !== "", () => { refused = true; }));
  const hub: HubConnection = (token ? builder.withUrl("/hubs/pad", { accessTokenFactory: () => token }) : builder.withUrl("/hubs/pad")).build();
  // Before starting: a connection the server refuses hears why at once.
  hub.on(connectionEnded, (why: ConnectionEnded) => options.onEnded?.(why));
  hub.onclose(() => { if (refused) options.onEnded?.(null); });
  await hub.start();
  const openPadHub = (): Promise<Opened> => token ? hub.invoke("OpenAsCandidate") : hub.invoke("Open", interviewId);
  let opened = await openPadHub();

  const { toolbar, select, starterPrompt, editorHost } = drawToolbar(host);
  const syntax = new Compartment();
  const editing = new Compartment();
  const queue: Incoming[] = [];
  let processing = false, resyncing = false, pushing = false;
  let lastPush = 0;
  let pushTimer: number | undefined;
  let language = opened.language;
  let lastCursor = "";
  let cursorTimer: number | undefined;
  let view: EditorView;

  const fillLanguages = (languages: PadLanguage[]) => {
    select.replaceChildren(...languages.map(l => new Option(l.label, l.id, false, l.id === language)));
  };

  // Refuses a local edit that would make the pad longer than the server keeps, with the reason, before it is sent.
  const sizeLimit = EditorState.transactionFilter.of(tr => {
    if (tr.docChanged && tr.newDoc.length > opened.maxDocumentLength && tr.newDoc.length > tr.startState.doc.length) {
      report(`The pad holds at most ${opened.maxDocumentLength.toLocaleString()} characters, so that edit was not added.`);
      return [];
    }
    return tr;
  });

  const watcher = ViewPlugin.fromClass(class {
    update(update: ViewUpdate) {
      if (update.docChanged) push();
      if (update.docChanged || update.selectionSet) scheduleCursor();
      if (options.onLargePaste) {
        for (const tr of update.transactions) {
          if (!tr.isUserEvent("input.paste") && !tr.isUserEvent("input.drop")) continue;
          let characters = 0, lines = 0;
          tr.changes.iterChanges((_fa, _ta, _fb, _tb, inserted) => { characters += inserted.length; lines += inserted.lines - 1; });
          if (characters >= largePaste) options.onLargePaste(`${characters} characters${lines ? `, ${lines + 1} lines` : ""}`);
        }
      }
    }
  });

  const stateFor = (from: Opened) => EditorState.create({
    doc: from.text,
    extensions: [basicSetup, padTheme, syntax.of(syntaxFor(language)), editing.of([]), collab({ startVersion: from.version, clientID: from.clientId }), watcher, sizeLimit,
      remoteCursors, EditorView.contentAttributes.of({ "aria-label": "Shared code pad" }), EditorView.cspNonce.of(options.styleNonce)],
  });

  const showCursors = (cursors: Cursor[]) => {
    for (const cursor of cursors) queue.push({ kind: "cursor", cursor });
    process();
  };

  const process = async () => {
    if (processing) return;
    processing = true;
    try {
      while (queue.length && !resyncing) {
        const next = queue[0];
        const synced = getSyncedVersion(view.state);
        if (next.kind === "cursor") {
          queue.shift();
          // A cursor is exact at the version it was mapped to; an older or newer one is skipped (the next move corrects it).
          if (next.cursor.version !== synced) continue;
          let { anchor, head } = next.cursor;
          for (const update of sendableUpdates(view.state)) [anchor, head] = mapSelection(update.changes, anchor, head);
          view.dispatch({ effects: cursorMoved.of({ ...next.cursor, anchor, head }) });
          continue;
        }
        if (next.update.version < synced) { queue.shift(); continue; }
        if (next.update.version > synced) {
          // A gap (a missed message): fetch what is missing, then go on in order.
          const missing: Message[] = await hub.invoke("Pull", synced);
          queue.splice(0, queue.length, ...missing.map(update => ({ kind: "update" as const, update })), ...queue.filter(m => m.kind === "cursor"));
          continue;
        }
        queue.shift();
        view.dispatch(receiveUpdates(view.state, [{ changes: ChangeSet.fromJSON(next.update.changes), clientID: next.update.clientId }]));
      }
    } catch (error: any) {
      report(`The pad lost track of the shared text and will catch up when reconnected: ${reason(error)}`);
    } finally {
      processing = false;
    }
    push();
    scheduleCursor();
  };

  const push = async () => {
    const updates = sendableUpdates(view.state);
    if (pushing || resyncing || updates.length === 0 || hub.state !== HubConnectionState.Connected) return;
    const wait = lastPush + pushEvery - Date.now();
    if (wait > 0) {
      pushTimer ??= window.setTimeout(() => { pushTimer = undefined; push(); }, wait);
      return;
    }
    lastPush = Date.now();
    pushing = true;
    let again = 50;
    try {
      // A long offline stretch can leave many edits: send them in parts the server accepts in one message.
      const batch: unknown[] = [];
      let bytes = 0;
      for (const update of updates.slice(0, 100)) {
        const json = update.changes.toJSON();
        bytes += JSON.stringify(json).length;
        if (batch.length && bytes > maxPushBytes) break;
        batch.push(json);
      }
      const result = await hub.invoke("Push", getSyncedVersion(view.state), batch);
      if (!result.accepted) {
        report(`Your last edit could not be kept (${result.problem}); the pad now shows the shared text.`);
        pushing = false;
        await resync(false);
        return;
      }
    } catch (error: any) {
      // Refused for speed, or the connection dropped: the edits stay in the editor and go again.
      again = 1000;
      if (hub.state === HubConnectionState.Connected && !reason(error).startsWith(rateRefusal)) report(`Your edits are kept and will be sent again: ${reason(error)}`);
    } finally {
      pushing = false;
    }
    if (sendableUpdates(view.state).length) setTimeout(push, again);
  };

  // Others see this cursor only while the pad holds no unsent edits of ours, so its numbers mean the same on the server.
  const scheduleCursor = () => {
    if (cursorTimer !== undefined) return;
    cursorTimer = window.setTimeout(() => { cursorTimer = undefined; sendCursor(); }, 150);
  };
  const sendCursor = () => {
    if (resyncing || hub.state !== HubConnectionState.Connected || sendableUpdates(view.state).length) return;
    const version = getSyncedVersion(view.state);
    const { anchor, head } = view.state.selection.main;
    const key = `${version}:${anchor}:${head}`;
    if (key === lastCursor) return;
    lastCursor = key;
    hub.invoke("MoveCursor", version, anchor, head).catch(() => { lastCursor = ""; });
  };

  /**
   * After a reconnect (a new connection is a new client id) or a refused push: confirm what the
   * server accepted from us under the old id, then start again from the server's text with the
   * new id, with our unsent edits (if kept) made again on top, so they are pushed once more.
   */
  const resync = async (keepEdits: boolean) => {
    resyncing = true;
    try {
      opened = await openPadHub();
      language = opened.language;
      const missed: Message[] = await hub.invoke("Pull", getSyncedVersion(view.state));
      for (const update of missed) {
        if (update.version !== getSyncedVersion(view.state) || update.version >= opened.version) continue;
        view.dispatch(receiveUpdates(view.state, [{ changes: ChangeSet.fromJSON(update.changes), clientID: update.clientId }]));
      }
      const caughtUp = getSyncedVersion(view.state) === opened.version;
      const unsent = keepEdits && caughtUp ? sendableUpdates(view.state).map(u => u.changes) : [];
      if (keepEdits && !caughtUp) report("The pad could not keep your unsent edits; it now shows the shared text.");
      view.setState(stateFor(opened));
      for (const changes of unsent) view.dispatch({ changes });
      fillLanguages(opened.languages);
      options.onLanguage?.(language);
      lastCursor = "";
    } finally {
      resyncing = false;
    }
    showCursors(opened.cursors);
  };

  view = new EditorView({ parent: editorHost, state: stateFor(opened) });
  fillLanguages(opened.languages);
  showCursors(opened.cursors);
  options.onLanguage?.(language);

  hub.on("PadUpdated", (messages: Message[]) => { queue.push(...messages.map(update => ({ kind: "update" as const, update }))); process(); });
  hub.on("CursorMoved", (cursor: Cursor) => { queue.push({ kind: "cursor", cursor }); process(); });
  hub.on("CursorLeft", (clientId: string) => view.dispatch({ effects: cursorLeft.of(clientId) }));
  hub.on("LanguageSwitched", (switched: { language: string; label: string; by: string }) => {
    language = switched.language;
    select.value = language;
    view.dispatch({ effects: syntax.reconfigure(syntaxFor(language)) });
    options.onLanguage?.(language);
    report(`The pad is now in ${switched.label} (switched by ${switched.by}).`);
  });
  hub.onreconnecting(() => report("Reconnecting the pad… your edits are kept."));
  hub.onreconnected(async () => { await resync(true); report("The pad is connected again."); });

  const askAboutStarter = () => {
    starterPrompt.hidden = false;
    starterPrompt.querySelector("button")?.focus();
  };
  const switchLanguage = async (id: string) => {
    try {
      const result = await hub.invoke("SwitchLanguage", id);
      if (result.starterWaiting) askAboutStarter();
    } catch (error: any) {
      select.value = language;
      report(reason(error));
    }
  };
  select.addEventListener("change", () => switchLanguage(select.value));
  toolbar.querySelector<HTMLButtonElement>("[data-load-starter]")!.addEventListener("click", () => {
    if (view.state.doc.length === 0) { loadStarter(); } else { askAboutStarter(); }
  });
  const loadStarter = () => {
    starterPrompt.hidden = true;
    hub.invoke("LoadStarterCode").catch(error => report(reason(error)));
  };
  starterPrompt.querySelector<HTMLButtonElement>("[data-replace]")!.addEventListener("click", loadStarter);
  starterPrompt.querySelector<HTMLButtonElement>("[data-keep]")!.addEventListener("click", () => { starterPrompt.hidden = true; });

  // A newly chosen question may narrow the languages (the menu follows) and its starter code goes
  // into an empty or untouched pad by itself, in the pad's language if still offered, else the first.
  const questionChosen = async (loadsStarter: boolean) => {
    try {
      const languages: PadLanguage[] = await hub.invoke("Languages");
      opened = { ...opened, languages };
      fillLanguages(languages);
      const next = languages.some(l => l.id === language) ? language : languages[0]?.id;
      if (loadsStarter && next) await switchLanguage(next);
    } catch (error: any) {
      report(reason(error));
    }
  };
  const end = async () => {
    view.dispatch({ effects: editing.reconfigure([EditorState.readOnly.of(true), EditorView.editable.of(false)]) });
    toolbar.hidden = true;
    starterPrompt.hidden = true;
    await hub.stop();
  };
  return { view, questionChosen: loadsStarter => { questionChosen(loadsStarter); }, end };
}

function drawToolbar(host: HTMLElement) {
  const toolbar = document.createElement("div");
  toolbar.className = "pad-toolbar";
  const label = document.createElement("label");
  label.textContent = "Language";
  label.htmlFor = "pad-language";
  const select = document.createElement("select");
  select.id = "pad-language";
  const load = document.createElement("button");
  load.type = "button";
  load.dataset.loadStarter = "";
  load.textContent = "Load starter code";
  toolbar.append(label, " ", select, " ", load);
  const starterPrompt = document.createElement("p");
  starterPrompt.className = "pad-starter";
  starterPrompt.hidden = true;
  starterPrompt.append("Replace the code in the pad, for everyone, with the question's starter code? The code now in the pad stays in the replay. ");
  for (const [text, key] of [["Replace with starter code", "replace"], ["Keep the pad as it is", "keep"]]) {
    const button = document.createElement("button");
    button.type = "button";
    button.dataset[key] = "";
    button.textContent = text;
    starterPrompt.append(button, " ");
  }
  const editorHost = document.createElement("div");
  host.replaceChildren(toolbar, starterPrompt, editorHost);
  return { toolbar, select, starterPrompt, editorHost };
}
