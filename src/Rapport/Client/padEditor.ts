// The pad's editor: CodeMirror with @codemirror/collab and the extensions the room adds to it (the
// size limit, the watchers that send edits and cursors, the others' cursors, the theme).
import { EditorView, basicSetup } from "codemirror";
import { ViewPlugin, type ViewUpdate } from "@codemirror/view";
import { Compartment, EditorState, type Extension } from "@codemirror/state";
import { collab } from "@codemirror/collab";
import { syntaxFor } from "./languages";
import { remoteCursors } from "./cursors";
import { padTheme } from "./padTheme";
import type { PadOpened } from "./hubMessages";

/** A paste or drop this large is a neutral fact worth telling the interviewer. */
const largePaste = 200;

/** What the editor tells the rest of the pad. */
export type EditorHooks = {
  report: (text: string) => void;
  /** The text changed here: there may be edits to push. */
  edited: () => void;
  /** The text or the selection changed here: the cursor may have moved. */
  moved: () => void;
  /** The candidate's side only: a large paste, described in words. */
  onLargePaste?: (detail: string) => void;
  styleNonce: string;
  /** Starts read-only: this side only watches. */
  readOnly?: boolean;
};

/** The parts of the editor's configuration that change while it runs: the syntax (language switches) and whether it is editable (the end). */
export type EditorCompartments = { syntax: Compartment; editing: Compartment };

/** A fresh editor state at the server's text and version, in `language`, with this connection's client id. */
export function padState(from: PadOpened, language: string, compartments: EditorCompartments, hooks: EditorHooks): EditorState {
  return EditorState.create({
    doc: from.text,
    extensions: [
      basicSetup, padTheme, compartments.syntax.of(syntaxFor(language)), compartments.editing.of(hooks.readOnly ? readOnlyExtension : []),
      collab({ startVersion: from.version, clientID: from.clientId }),
      editWatcher(hooks), largePasteWatcher(hooks.onLargePaste), sizeLimit(from.maxDocumentLength, hooks.report),
      remoteCursors, EditorView.contentAttributes.of({ "aria-label": "Shared code pad" }), EditorView.cspNonce.of(hooks.styleNonce),
    ],
  });
}

/** Refuses a local edit that would make the pad longer than the server keeps, with the reason, before it is sent. */
function sizeLimit(maxLength: number, report: (text: string) => void): Extension {
  return EditorState.transactionFilter.of(tr => {
    if (tr.docChanged && tr.newDoc.length > maxLength && tr.newDoc.length > tr.startState.doc.length) {
      report(`The pad holds at most ${maxLength.toLocaleString()} characters, so that edit was not added.`);
      return [];
    }
    return tr;
  });
}

/** Tells the sync loop of every edit and every cursor move made in this editor. */
function editWatcher(hooks: EditorHooks): Extension {
  return ViewPlugin.fromClass(class {
    update(update: ViewUpdate) {
      if (update.docChanged) hooks.edited();
      if (update.docChanged || update.selectionSet) hooks.moved();
    }
  });
}

/** Measures each paste and drop; a large one is reported as so many characters (and lines). */
function largePasteWatcher(onLargePaste: ((detail: string) => void) | undefined): Extension {
  if (!onLargePaste) return [];
  return ViewPlugin.fromClass(class {
    update(update: ViewUpdate) {
      for (const tr of update.transactions) {
        if (!tr.isUserEvent("input.paste") && !tr.isUserEvent("input.drop")) continue;
        let characters = 0, lines = 0;
        tr.changes.iterChanges((_fa, _ta, _fb, _tb, inserted) => { characters += inserted.length; lines += inserted.lines - 1; });
        if (characters >= largePaste) onLargePaste(`${characters} characters${lines ? `, ${lines + 1} lines` : ""}`);
      }
    }
  });
}

const readOnlyExtension: Extension = [EditorState.readOnly.of(true), EditorView.editable.of(false)];

/** Makes the editor read-only: the interview ended (the text stays to read), or this side only watches. */
export const readOnly = (compartments: EditorCompartments) => compartments.editing.reconfigure(readOnlyExtension);
