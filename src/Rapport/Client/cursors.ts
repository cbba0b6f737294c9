// The other people's cursors and selections in the pad, with their name and colour. Positions
// live in a state field that maps them through every change, as the server maps them
// (PadSelection.Map), so a cursor stays put between the moves its owner sends.
import { ChangeDesc, StateEffect, StateField } from "@codemirror/state";
import { Decoration, EditorView, WidgetType } from "@codemirror/view";
import type { PadCursorView } from "./hubMessages";

/** Someone's cursor as this editor holds it: a PadCursorView, mapped on through every change since its version. */
export type RemoteCursor = Omit<PadCursorView, "version">;

export const cursorMoved = StateEffect.define<RemoteCursor>();
export const cursorLeft = StateEffect.define<string>();

/** As CodeMirror maps a SelectionRange: a cursor sticks before an insertion, a range keeps insertions at its edges outside. */
export function mapSelection(changes: ChangeDesc, anchor: number, head: number): [number, number] {
  if (anchor === head) { const at = changes.mapPos(anchor, -1); return [at, at]; }
  const from = changes.mapPos(Math.min(anchor, head), 1), to = changes.mapPos(Math.max(anchor, head), -1);
  return head < anchor ? [to, from] : [from, to];
}

class Caret extends WidgetType {
  constructor(readonly name: string, readonly colour: number) { super(); }
  override eq(other: Caret) { return other.name === this.name && other.colour === this.colour; }
  override toDOM() {
    const caret = document.createElement("span");
    caret.className = `cm-remote-caret cm-remote-${this.colour}`;
    caret.setAttribute("role", "img");
    caret.setAttribute("aria-label", `${this.name}'s cursor`);
    // Drawn by CSS from the attribute, so the name is never part of the pad's text (copying, searching, tests).
    caret.dataset.name = this.name;
    return caret;
  }
  override ignoreEvent() { return true; }
}

const field = StateField.define<Map<string, RemoteCursor>>({
  create: () => new Map(),
  update(cursors, tr) {
    let next = cursors;
    if (tr.docChanged) {
      next = new Map();
      for (const [id, c] of cursors) {
        const [anchor, head] = mapSelection(tr.changes, c.anchor, c.head);
        next.set(id, { ...c, anchor, head });
      }
    }
    for (const effect of tr.effects) {
      if (effect.is(cursorMoved)) {
        if (next === cursors) next = new Map(cursors);
        const length = tr.newDoc.length;
        next.set(effect.value.clientId, { ...effect.value, anchor: Math.min(effect.value.anchor, length), head: Math.min(effect.value.head, length) });
      } else if (effect.is(cursorLeft)) {
        if (next === cursors) next = new Map(cursors);
        next.delete(effect.value);
      }
    }
    return next;
  },
  provide: f => EditorView.decorations.from(f, cursors => Decoration.set([...cursors.values()].flatMap(c => {
    const marks = [Decoration.widget({ widget: new Caret(c.name, c.colour), side: 1 }).range(c.head)];
    if (c.anchor !== c.head) {
      marks.push(Decoration.mark({ class: `cm-remote-selection cm-remote-${c.colour}`, attributes: { title: c.name } }).range(Math.min(c.anchor, c.head), Math.max(c.anchor, c.head)));
    }
    return marks;
  }), true)),
});

// Six colours that keep white text readable; the server hands out the index (0 is the candidate's).
const palette = ["#1d5fbf", "#a3201a", "#0b6b36", "#7b1fa2", "#8f4a00", "#00616b"];

const theme = EditorView.baseTheme({
  // Room above the first line for a name flag, which the scroller would otherwise clip.
  ".cm-content": { paddingTop: "1.3em" },
  ".cm-remote-caret": { position: "relative", borderLeft: "2px solid", marginLeft: "-1px", marginRight: "-1px" },
  ".cm-remote-caret::after": {
    content: "attr(data-name)",
    position: "absolute", bottom: "100%", left: "-2px", padding: "0 3px", borderRadius: "3px 3px 3px 0",
    fontSize: "0.75em", lineHeight: "1.3", whiteSpace: "nowrap", color: "#fff", pointerEvents: "none",
  },
  ...Object.fromEntries(palette.flatMap((colour, i) => [
    [`.cm-remote-caret.cm-remote-${i}`, { borderLeftColor: colour }],
    [`.cm-remote-caret.cm-remote-${i}::after`, { backgroundColor: colour }],
    [`.cm-remote-selection.cm-remote-${i}`, { backgroundColor: `${colour}33` }],
  ])),
});

export const remoteCursors = [field, theme];
