// The collab loop between the editor and the room hub's pad. Received updates are applied one at a time,
// as the server rebases them (see docs/adr/0005-collab.md); cursors travel in the same ordered
// stream, so each lands on the text it was meant for. Local edits go out at most ten a second, and
// after a reconnect or a refused push the editor starts again from the server's text.
import { HubConnectionState } from "@microsoft/signalr";
import type { EditorView } from "@codemirror/view";
import { ChangeSet, type EditorState } from "@codemirror/state";
import { getSyncedVersion, receiveUpdates, sendableUpdates } from "@codemirror/collab";
import { cursorMoved, mapSelection } from "./cursors";
import { hubRefusal, type ChangeSetJson, type PadCursorView, type PadOpened, type PadUpdateMessage, type RoomClient, type RoomHub, type TypedHub } from "./hubMessages";

/** The room's connection, which the pad shares. */
export type PadConnection = TypedHub<RoomHub, RoomClient>;

/** What arrives from the server, in its order: an accepted update, or someone's cursor at a version. */
type Incoming = { kind: "update"; update: PadUpdateMessage } | { kind: "cursor"; cursor: PadCursorView };

const maxPushBytes = 512 * 1024;
/** Pushes at most ten a second (edits made meanwhile go together), well inside the server's per-connection rate. */
const pushEvery = 100;
const rateRefusal = "Too many messages";

export type SyncHooks = {
  report: (text: string) => void;
  /** Opens the pad afresh on the server (a new client id). */
  reopen: () => Promise<PadOpened>;
  /** A fresh editor state at what the server just opened. */
  stateFor: (opened: PadOpened) => EditorState;
  /** The editor started again from `opened` (its languages, its language). */
  restarted: (opened: PadOpened) => void;
  /** Something was applied or sent: this side's cursor may be worth sending. */
  cursorMayHaveMoved: () => void;
};

export type PadSync = {
  /** Queues what the server sent and applies it in order. */
  receive: (incoming: Incoming[]) => void;
  /** Sends this side's unsent edits, when the connection and the rate allow. */
  push: () => void;
  /** Starts again from the server's text; `keepEdits` makes this side's unsent edits again on top. */
  resync: (keepEdits: boolean) => Promise<void>;
  /** While starting again, nothing is sent. */
  readonly resyncing: boolean;
};

export const updates = (messages: PadUpdateMessage[]): Incoming[] => messages.map(update => ({ kind: "update", update }));
export const cursors = (moved: PadCursorView[]): Incoming[] => moved.map(cursor => ({ kind: "cursor", cursor }));

const applyUpdate = (view: EditorView, update: PadUpdateMessage) =>
  view.dispatch(receiveUpdates(view.state, [{ changes: ChangeSet.fromJSON(update.changes), clientID: update.clientId }]));

export function padSync(hub: PadConnection, view: () => EditorView, hooks: SyncHooks): PadSync {
  const { report } = hooks;
  const queue: Incoming[] = [];
  let processing = false, resyncing = false, pushing = false;
  let lastPush = 0;
  let pushTimer: number | undefined;

  const receive = (incoming: Incoming[]) => {
    queue.push(...incoming);
    void process();
  };

  const process = async () => {
    if (processing) return;
    processing = true;
    try {
      while (queue.length && !resyncing) {
        const next = queue[0];
        const synced = getSyncedVersion(view().state);
        if (next.kind === "cursor") {
          queue.shift();
          showCursor(next.cursor, synced);
          continue;
        }
        if (next.update.version < synced) { queue.shift(); continue; }
        if (next.update.version > synced) {
          // A gap (a missed message): fetch what is missing, then go on in order.
          const missing = await hub.invoke("Pull", synced);
          queue.splice(0, queue.length, ...updates(missing), ...queue.filter(m => m.kind === "cursor"));
          continue;
        }
        queue.shift();
        applyUpdate(view(), next.update);
      }
    } catch (error) {
      report(`The pad lost track of the shared text and will catch up when reconnected: ${hubRefusal(error)}`);
    } finally {
      processing = false;
    }
    push();
    hooks.cursorMayHaveMoved();
  };

  // A cursor is exact at the version it was mapped to; an older or newer one is skipped (the next move corrects it).
  const showCursor = (cursor: PadCursorView, synced: number) => {
    if (cursor.version !== synced) return;
    const editor = view();
    let { anchor, head } = cursor;
    for (const update of sendableUpdates(editor.state)) [anchor, head] = mapSelection(update.changes, anchor, head);
    editor.dispatch({ effects: cursorMoved.of({ ...cursor, anchor, head }) });
  };

  const push = async () => {
    const unsent = sendableUpdates(view().state);
    if (pushing || resyncing || unsent.length === 0 || hub.connection.state !== HubConnectionState.Connected) return;
    const wait = lastPush + pushEvery - Date.now();
    if (wait > 0) {
      pushTimer ??= window.setTimeout(() => { pushTimer = undefined; void push(); }, wait);
      return;
    }
    lastPush = Date.now();
    pushing = true;
    let again = 50;
    try {
      const result = await hub.invoke("Push", getSyncedVersion(view().state), batchOf(unsent.map(u => u.changes)));
      if (!result.accepted) {
        report(`Your last edit could not be kept (${result.problem}); the pad now shows the shared text.`);
        pushing = false;
        await resync(false);
        return;
      }
    } catch (error) {
      // Refused for speed, or the connection dropped: the edits stay in the editor and go again.
      again = 1000;
      if (hub.connection.state === HubConnectionState.Connected && !hubRefusal(error).startsWith(rateRefusal)) report(`Your edits are kept and will be sent again: ${hubRefusal(error)}`);
    } finally {
      pushing = false;
    }
    if (sendableUpdates(view().state).length) setTimeout(push, again);
  };

  /**
   * After a reconnect (a new connection is a new client id) or a refused push: confirm what the
   * server accepted from us under the old id, then start again from the server's text with the
   * new id, with our unsent edits (if kept) made again on top, so they are pushed once more.
   */
  const resync = async (keepEdits: boolean) => {
    resyncing = true;
    let opened: PadOpened;
    try {
      opened = await hooks.reopen();
      const editor = view();
      const missed = await hub.invoke("Pull", getSyncedVersion(editor.state));
      for (const update of missed) {
        if (update.version !== getSyncedVersion(editor.state) || update.version >= opened.version) continue;
        applyUpdate(editor, update);
      }
      const caughtUp = getSyncedVersion(editor.state) === opened.version;
      const unsent = keepEdits && caughtUp ? sendableUpdates(editor.state).map(u => u.changes) : [];
      if (keepEdits && !caughtUp) report("The pad could not keep your unsent edits; it now shows the shared text.");
      editor.setState(hooks.stateFor(opened));
      for (const changes of unsent) editor.dispatch({ changes });
      hooks.restarted(opened);
    } finally {
      resyncing = false;
    }
    receive(cursors(opened.cursors));
  };

  return { receive, push: () => { void push(); }, resync, get resyncing() { return resyncing; } };
}

/** A long offline stretch can leave many edits: the first of them that the server accepts in one message. */
function batchOf(unsent: readonly ChangeSet[]): ChangeSetJson[] {
  const batch: ChangeSetJson[] = [];
  let bytes = 0;
  for (const changes of unsent.slice(0, 100)) {
    const json: ChangeSetJson = changes.toJSON();
    bytes += JSON.stringify(json).length;
    if (batch.length && bytes > maxPushBytes) break;
    batch.push(json);
  }
  return batch;
}

/** Others see this side's cursor only while the pad holds no unsent edits of ours, so its numbers mean the same on the server. */
export function cursorSender(hub: PadConnection, view: () => EditorView, paused: () => boolean) {
  let lastSent = "";
  let timer: number | undefined;
  const send = () => {
    const state = view().state;
    if (paused() || hub.connection.state !== HubConnectionState.Connected || sendableUpdates(state).length) return;
    const version = getSyncedVersion(state);
    const { anchor, head } = state.selection.main;
    const key = `${version}:${anchor}:${head}`;
    if (key === lastSent) return;
    lastSent = key;
    hub.invoke("MoveCursor", version, anchor, head).catch(() => { lastSent = ""; });
  };
  return {
    /** Sends the cursor shortly, once for a burst of moves. */
    schedule: () => {
      if (timer !== undefined) return;
      timer = window.setTimeout(() => { timer = undefined; send(); }, 150);
    },
    /** A new client id: the server has no cursor of ours yet, so the next one goes even if unmoved. */
    forget: () => { lastSent = ""; },
  };
}
