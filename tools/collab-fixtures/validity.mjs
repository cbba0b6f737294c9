// The "validity" fixture kind: which change sets, pushed at the current version, the authority must
// accept and which it must refuse, and why. The verdict comes from the real libraries' behaviour:
// a change set is refused when @codemirror/state or @codemirror/collab, handed it, throws or does
// something other than what they do with the same edit written the way the library writes it
// (ChangeSet.of over its individual changes), or leaves half a surrogate pair in a text an editor
// or the server holds. A static classification (`classify`) names the reason; the script stops if
// the two ever disagree, so a library upgrade that changes what breaks cannot pass unnoticed.
import { ChangeSet, EditorState, Text } from "@codemirror/state";
import { collab, rebaseUpdates, receiveUpdates, sendableUpdates } from "@codemirror/collab";

export const VALIDITY_COUNT = 400;

// Cycled by case index, so every form meets every place.
const FORMS = ["library-made", "kept-zero", "empty-replacement", "empty-mixed", "split-kept", "split-change", "too-short", "too-long", "surrogate", "malformed"];
const PLACES = ["start", "middle", "end", "several"];
const SURROGATE_EDITS = ["delete-from", "delete-to", "insert", "replace-from", "replace-to", "replace-both"];

const toText = (string) => Text.of(string.split("\n"));
// How an editor loads a text it receives whole (Open): split into lines at \n, \r\n and \r.
const freshLines = (string) => JSON.stringify(EditorState.create({ doc: string }).doc.toJSON());
const pairAt = (text, pos) => pos > 0 && pos < text.length && /[\ud800-\udbff]/.test(text[pos - 1]) && /[\udc00-\udfff]/.test(text[pos]);

/** The reason class the authority must give, from the change set's structure; null when it is valid. */
export function classify(doc, json) {
  let changes;
  try {
    changes = ChangeSet.fromJSON(JSON.parse(json));
  } catch {
    return "malformed";
  }
  // fromJSON takes any number as a length and any string as a line; the library's own change sets
  // only ever hold non-negative integers and lines without breaks.
  const parts = JSON.parse(json);
  const lengths = parts.map((part) => (typeof part === "number" ? part : part[0]));
  const lines = parts.flatMap((part) => (Array.isArray(part) ? part.slice(1) : []));
  if (lengths.some((n) => !Number.isInteger(n) || n < 0) || lines.some((line) => /[\r\n]/.test(line))) return "malformed";
  if (changes.length !== doc.length) return "length";
  if (parts.some((part) => part === 0)) return "empty-kept";
  let split = false;
  changes.iterChanges((fromA, toA) => (split ||= pairAt(doc, fromA) || pairAt(doc, toA)));
  return split ? "surrogate" : null;
}

/** What the libraries do wrong with this change set on `doc`, or null when they treat it as the edit it describes. */
export function misbehaviour(doc, json, boundaries) {
  let changes;
  try {
    changes = ChangeSet.fromJSON(JSON.parse(json));
  } catch (e) {
    return `fromJSON: ${e.message}`;
  }
  const attempt = (what, run) => {
    try {
      return { value: run() };
    } catch (e) {
      return { error: `${what}: ${e.message}` };
    }
  };
  const applied = attempt("apply", () => changes.apply(toText(doc)));
  if (applied.error) return applied.error;
  const specs = [];
  const individual = attempt("iterChanges", () => changes.iterChanges((from, to, _fromB, _toB, insert) => specs.push({ from, to, insert }), true));
  if (individual.error) return individual.error;
  const normal = attempt("ChangeSet.of", () => ChangeSet.of(specs, doc.length));
  if (normal.error) return normal.error;
  const after = applied.value.toString();
  // A text that arrives by JSON is split into lines at every break; an editor's must match it.
  if (JSON.stringify(applied.value.toJSON()) !== freshLines(after)) return "apply: a line holds a line break";
  const afterBoundaries = boundaries(after);

  // Partners at every position an editor can produce: an insertion, a deletion and a replacement.
  const partnersOn = (text, positions) => positions.flatMap((from, i) => {
    const to = positions[i + 1] ?? from;
    return [{ from, insert: "P" }, ...(to > from ? [{ from, to }, { from, to, insert: "R" }] : [])].map((spec) => ChangeSet.of([spec], text.length));
  });
  const partners = partnersOn(doc, boundaries(doc));
  const nexts = partnersOn(after, afterBoundaries);
  const positions = (desc) => Array.from({ length: desc.length + 1 }, (_, pos) => [desc.mapPos(pos, -1), desc.mapPos(pos, 1)]);

  // Everything an editor or the server computes from a received change set, as text.
  const observe = (u) => {
    const seen = [];
    for (const p of partners) {
      for (const before of [false, true]) {
        seen.push(["map", () => p.map(u, before).apply(u.apply(toText(doc))).toString()]);
        seen.push(["map", () => u.map(p, before).apply(p.apply(toText(doc))).toString()]);
        seen.push(["mapDesc", () => JSON.stringify(positions(p.mapDesc(u, before)))]);
        seen.push(["mapDesc", () => JSON.stringify(positions(u.mapDesc(p, before)))]);
      }
    }
    for (const v of nexts) {
      seen.push(["compose", () => u.compose(v).apply(toText(doc)).toString()]);
      seen.push(["composeDesc", () => JSON.stringify(positions(u.desc.composeDesc(v.desc)))]);
    }
    for (let i = 0; i < partners.length; i++) {
      seen.push(["collab", () => JSON.stringify(session(doc, u, partners[i], partners[(i * 7 + 3) % partners.length]))]);
    }
    return seen.map(([what, run]) => [what, attempt(what, run)]);
  };
  const got = observe(changes);
  const expected = observe(normal.value);
  for (let i = 0; i < got.length; i++) {
    const [what, result] = got[i];
    if (result.error) return result.error;
    if (result.value !== expected[i][1].value) return `${what}: differs from the same edit written as the library writes it`;
    if (!result.value.isWellFormed()) return `${what}: leaves half a surrogate pair`;
  }
  return null;
}

/**
 * `u` pushed by client P at version 0; client B's stale edit `m` rebased over it; editor A, holding
 * the unsent local edit `l`, receives both one at a time (and, in a second editor, as one batch),
 * then pushes. Throws when the library does; returns every text involved.
 */
function session(doc, u, l, m) {
  const editor = () => EditorState.create({ doc, extensions: [collab({ clientID: "A" })] }).update({ changes: l }).state;
  const pushed = { changes: u, clientID: "P" };
  const [stale] = rebaseUpdates([{ changes: m, clientID: "B" }], [pushed]);
  let server = stale.changes.apply(u.apply(toText(doc)));
  let a = receiveUpdates(receiveUpdates(editor(), [pushed]).state, [stale]).state;
  const batched = receiveUpdates(editor(), [pushed, stale]).state;
  server = sendableUpdates(a)[0].changes.apply(server);
  const [atOnce] = rebaseUpdates([{ changes: l, clientID: "A" }], [pushed, stale]);
  const text = server.toString();
  if (a.doc.toString() !== text) throw new Error("the editor and the server diverged");
  if (JSON.stringify(a.doc.toJSON()) !== freshLines(text)) throw new Error("the editor's lines differ from a fresh load");
  return [text, batched.doc.toString(), atOnce.changes.apply(stale.changes.apply(u.apply(toText(doc)))).toString()];
}

function insertAt(parts, places, make) {
  const out = parts.slice();
  for (const at of places.sort((x, y) => y - x)) out.splice(at, 0, make());
  return out;
}

/** Where in a JSON form of `count` parts an empty span goes. */
function placesFor(place, count, h) {
  if (place === "start") return [0];
  if (place === "end") return [count];
  if (place === "middle") return [1 + h.int(count - 1)];
  return Array.from({ length: 2 + h.int(3) }, () => h.int(count + 1));
}

export function validityCase(h, index) {
  const form = FORMS[index % FORMS.length];
  const place = PLACES[Math.floor(index / FORMS.length) % PLACES.length];
  for (;;) {
    const made = attemptCase(h, form, place, index);
    if (made) return made;
  }
}

function attemptCase(h, form, place, index) {
  let doc = h.randomDoc();
  if (form === "surrogate" && !/[\ud800-\udbff]/.test(doc)) {
    const at = h.pick(h.boundaries(doc));
    doc = doc.slice(0, at) + h.pick(["😀", "𝄞", "🙂"]) + doc.slice(at);
  }
  if ((form === "too-short" || form === "malformed") && doc.length === 0) return null;
  const library = h.randomChanges(doc);
  const parts = library.toJSON();
  let variant = place;
  let json;
  if (form === "library-made") {
    json = parts;
    variant = "as-made";
  } else if (form === "kept-zero" || form === "empty-replacement" || form === "empty-mixed") {
    if (place === "middle" && parts.length < 2) return null;
    const make = form === "kept-zero" ? () => 0 : form === "empty-replacement" ? () => h.pick([[0], [0, ""]]) : () => h.pick([0, [0], [0, ""]]);
    json = insertAt(parts, placesFor(place, parts.length, h), make);
  } else if (form === "split-kept") {
    const kept = parts.flatMap((part, i) => (typeof part === "number" && part > 1 ? [i] : []));
    if (!kept.length) return null;
    variant = "split";
    json = parts.flatMap((part, i) => {
      if (!kept.includes(i) || (i !== kept[0] && !h.chance(0.5))) return [part];
      const first = 1 + h.int(part - 1);
      const rest = part - first;
      return rest > 1 && h.chance(0.4) ? [first, 1, rest - 1] : [first, rest];
    });
  } else if (form === "split-change") {
    // A deletion or replacement written as two: the same edit, its inner boundary anywhere, even inside a pair.
    const changed = parts.flatMap((part, i) => (Array.isArray(part) && part[0] > 1 ? [i] : []));
    if (!changed.length) return null;
    const i = h.pick(changed);
    const first = 1 + h.int(parts[i][0] - 1);
    json = [...parts.slice(0, i), [first], [parts[i][0] - first, ...parts[i].slice(1)], ...parts.slice(i + 1)];
    const inner = parts.slice(0, i).reduce((pos, part) => pos + (typeof part === "number" ? part : part[0]), first);
    variant = pairAt(doc, inner) ? "split-inside-pair" : "split-on-character";
  } else if (form === "too-short" || form === "too-long") {
    const delta = (1 + h.int(3)) * (form === "too-short" ? -1 : 1);
    const lengths = parts.flatMap((part, i) => ((typeof part === "number" ? part : part[0]) + delta >= 0 ? [i] : []));
    json = parts.slice();
    if (lengths.length && h.chance(0.7)) {
      const i = h.pick(lengths);
      json[i] = typeof json[i] === "number" ? json[i] + delta : [json[i][0] + delta, ...json[i].slice(1)];
    } else if (delta > 0) {
      json.push(delta);
    } else {
      return null;
    }
    variant = json.length > parts.length ? "appended" : "part-changed";
  } else if (form === "surrogate") {
    variant = SURROGATE_EDITS[Math.floor(index / FORMS.length) % SURROGATE_EDITS.length];
    const inside = Array.from({ length: doc.length + 1 }, (_, pos) => pos).filter((pos) => pairAt(doc, pos));
    const whole = h.boundaries(doc);
    const q = h.pick(inside);
    const before = whole.filter((pos) => pos < q);
    const after = whole.filter((pos) => pos > q);
    const text = h.pick(["x", "😀", "ab\ncd"]);
    const spec = {
      "delete-from": { from: q, to: h.pick(after) },
      "delete-to": { from: h.pick(before), to: q },
      insert: { from: q, to: q, insert: text },
      "replace-from": { from: q, to: h.pick(after), insert: text },
      "replace-to": { from: h.pick(before), to: q, insert: text },
      "replace-both": { from: q, to: h.pick(inside.filter((pos) => pos >= q)), insert: h.chance(0.5) ? "" : text },
    }[variant];
    if (spec.to === spec.from && !spec.insert) return null;
    json = ChangeSet.of([spec], doc.length).toJSON();
  } else {
    const n = doc.length;
    const bad = {
      "not-an-array": `"${n}"`, object: `{"keep": ${n}}`, "null-part": `[${n}, null]`, "empty-array": `[${n}, []]`,
      "text-length": `[${n}, ["1"]]`, "number-line": `[[${n}, 7]]`, "boolean-part": `[${n}, true]`, "text-part": `[${n}, "x"]`,
      "negative-kept": `[${n + 1}, -1]`, "negative-replaced": `[[-1, "x"], ${n + 1}]`, fractional: `[${n - 0.5}, [0.5, "x"]]`,
      "line-feed-in-line": `[${n}, [0, "a\\nb"]]`, "carriage-return-in-line": `[${n}, [0, "a\\r"]]`,
    };
    variant = Object.keys(bad)[Math.floor(index / FORMS.length) % Object.keys(bad).length];
    json = JSON.parse(bad[variant]);
  }

  const changes = JSON.stringify(json);
  const reason = classify(doc, changes);
  const seen = misbehaviour(doc, changes, h.boundaries);
  if ((reason === null) !== (seen === null)) {
    throw new Error(`validity: the static rule (${reason}) and the libraries (${seen}) disagree on ${changes} over ${JSON.stringify(doc)}`);
  }
  const c = { form, variant, doc, changes, accepted: reason === null, reason, library: seen };
  if (reason === null) {
    // A stale push from another client, rebased over the accepted one, as the server must.
    const stale = h.randomChanges(doc, false);
    const u = ChangeSet.fromJSON(json);
    const [rebased] = rebaseUpdates([{ changes: stale, clientID: "B" }], [{ changes: u, clientID: "P" }]);
    c.result = u.apply(toText(doc)).toString();
    c.stale = { changes: stale.toJSON(), rebased: rebased.changes.toJSON(), doc: rebased.changes.apply(u.apply(toText(doc))).toString() };
  }
  return c;
}
