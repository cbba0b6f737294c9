// Generates the conformance fixtures that tests/Rapport.Collab.Tests replays against the C# port.
// The REAL @codemirror/state (and @codemirror/collab for rebasing) computes every expected value;
// a seeded PRNG makes the output byte-for-byte reproducible. Run: npm ci && node generate.mjs
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ChangeDesc, ChangeSet, EditorSelection, EditorState, MapMode, Text } from "@codemirror/state";
import { collab, getSyncedVersion, rebaseUpdates, receiveUpdates, sendableUpdates } from "@codemirror/collab";
import { VALIDITY_COUNT, validityCase } from "./validity.mjs";

const SEED = 0x5eed_0005;
const COUNTS = { of: 150, apply: 200, map: 200, compose: 200, mapPos: 150, json: 150, rebase: 100 };
const OUT = join(dirname(fileURLToPath(import.meta.url)), "../../tests/Rapport.Collab.Tests/Fixtures");

// mulberry32: small, fast, and the same sequence on every machine.
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
// Kinds added later draw from their own PRNG, so that adding one leaves the others byte-identical.
const VALIDITY_SEED = 0x5eed_0a11;
let random = mulberry32(SEED);
const versionOf = (name) => JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url))).version;
const LIBRARIES = { "@codemirror/state": versionOf("@codemirror/state"), "@codemirror/collab": versionOf("@codemirror/collab") };
const int = (n) => Math.floor(random() * n);
const pick = (items) => items[int(items.length)];
const chance = (p) => random() < p;

// Astral characters (two UTF-16 units each), multi-line text and plain ASCII, mixed.
const DOC_PIECES = ["a", "b", "c", "x", "y", "z", " ", "\n", "\n\n", "é", "中", "😀", "𝄞", "ab", "🙂x", "{}", "\t"];
// Inserted text may also carry \r\n and \r, which ChangeSet.of splits into lines like \n.
const INSERT_PIECES = [...DOC_PIECES, "\r\n", "\r"];

function randomText(pieces, maxPieces) {
  let text = "";
  for (let i = 1 + int(maxPieces); i > 0; i--) text += pick(pieces);
  return text;
}

function randomDoc() {
  return chance(0.12) ? "" : randomText(DOC_PIECES, 16);
}

// Positions an editor can produce: never between the two halves of a surrogate pair (a lone
// surrogate cannot cross a System.Text.Json wire, so the server never sees one).
function boundaries(text) {
  const positions = [];
  for (let pos = 0; pos <= text.length; pos++) {
    const low = text.charCodeAt(pos);
    const high = text.charCodeAt(pos - 1);
    if (!(low >= 0xdc00 && low < 0xe000 && high >= 0xd800 && high < 0xdc00)) positions.push(pos);
  }
  return positions;
}

// Change specs in the coordinates of `text`, in any order and possibly overlapping (ChangeSet.of
// composes overlapping specs). Biased towards insertions at one shared position and deletions
// that run to the end of the document.
function randomSpecs(text, allowEmpty = true) {
  const positions = boundaries(text);
  const length = text.length;
  const count = allowEmpty && chance(0.08) ? 0 : 1 + int(4);
  const hot = pick(positions);
  const specs = [];
  for (let i = 0; i < count; i++) {
    let from;
    let to;
    const kind = random();
    if (kind < 0.2) {
      from = to = hot;
    } else if (kind < 0.35) {
      from = pick(positions);
      to = length;
    } else {
      const a = pick(positions);
      const b = chance(0.3) ? a : pick(positions);
      from = Math.min(a, b);
      to = Math.max(a, b);
    }
    let insert = chance(0.3) ? "" : randomText(INSERT_PIECES, 4);
    if (from === to && insert === "") insert = pick(DOC_PIECES);
    specs.push({ from, to, insert });
  }
  return specs;
}

const randomChanges = (text, allowEmpty = true) => ChangeSet.of(randomSpecs(text, allowEmpty), text.length);
const toText = (string) => Text.of(string.split("\n"));
const applyTo = (changes, string) => changes.apply(toText(string)).toString();

function assertNoLoneSurrogates(value) {
  const json = JSON.stringify(value);
  if (/\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/i.test(json)) {
    throw new Error(`lone surrogate in fixture: ${json}`);
  }
}

// Filled by the rebase sessions: each stale push, rebased over all its unseen updates at once.
const rebaseUpdatesCases = [];

const generators = {
  // ChangeSet.of over unordered, overlapping specs.
  of() {
    const doc = randomDoc();
    const specs = randomSpecs(doc);
    return { length: doc.length, specs, changes: ChangeSet.of(specs, doc.length).toJSON() };
  },

  apply() {
    const doc = randomDoc();
    const changes = randomChanges(doc);
    const ranges = (individual) => {
      const out = [];
      changes.iterChanges((fromA, toA, fromB, toB, text) => out.push([fromA, toA, fromB, toB, text.toString()]), individual);
      return out;
    };
    return {
      doc,
      changes: changes.toJSON(),
      length: changes.length,
      newLength: changes.newLength,
      empty: changes.empty,
      result: applyTo(changes, doc),
      inverse: changes.invert(toText(doc)).toJSON(),
      invertedDesc: changes.desc.invertedDesc.toJSON(),
      ranges: ranges(false),
      individualRanges: ranges(true),
    };
  },

  // Two concurrent change sets on the same document, mapped over each other both ways.
  map() {
    const doc = randomDoc();
    const a = randomChanges(doc);
    const b = randomChanges(doc);
    const converged = applyTo(b.map(a), applyTo(a, doc));
    if (converged !== applyTo(a.map(b, true), applyTo(b, doc))) throw new Error("library did not converge");
    return {
      doc,
      a: a.toJSON(),
      b: b.toJSON(),
      mapped: a.map(b).toJSON(),
      mappedBefore: a.map(b, true).toJSON(),
      setMapDesc: a.mapDesc(b).toJSON(),
      setMapDescBefore: a.mapDesc(b, true).toJSON(),
      descMapDesc: a.desc.mapDesc(b.desc).toJSON(),
      descMapDescBefore: a.desc.mapDesc(b.desc, true).toJSON(),
      converged,
    };
  },

  compose() {
    const doc = randomDoc();
    const a = randomChanges(doc);
    const middle = applyTo(a, doc);
    const b = randomChanges(middle);
    const composed = a.compose(b);
    return {
      doc,
      a: a.toJSON(),
      b: b.toJSON(),
      composed: composed.toJSON(),
      composedDesc: a.desc.composeDesc(b.desc).toJSON(),
      result: applyTo(composed, doc),
    };
  },

  // Every position 0..length through mapPos with assoc -1/1 in each MapMode, plus selections and touchesRange.
  mapPos() {
    const doc = randomDoc();
    const changes = randomChanges(doc);
    const modes = [MapMode.Simple, MapMode.TrackDel, MapMode.TrackBefore, MapMode.TrackAfter];
    const positions = [];
    for (let pos = 0; pos <= doc.length; pos++) {
      const row = [pos];
      for (const mode of modes) for (const assoc of [-1, 1]) row.push(changes.mapPos(pos, assoc, mode));
      positions.push(row);
    }
    const selections = [];
    for (let i = 0; i < 6; i++) {
      const anchor = int(doc.length + 1);
      const head = chance(0.3) ? anchor : int(doc.length + 1);
      const assoc = pick([-1, 1]);
      const mapped = EditorSelection.single(anchor, head).map(changes, assoc).main;
      selections.push([anchor, head, assoc, mapped.anchor, mapped.head]);
    }
    const touches = [];
    for (let i = 0; i < 4; i++) {
      const a = int(doc.length + 1);
      const b = int(doc.length + 1);
      touches.push([Math.min(a, b), Math.max(a, b), changes.touchesRange(Math.min(a, b), Math.max(a, b))]);
    }
    return { changes: changes.toJSON(), desc: changes.desc.toJSON(), positions, selections, touches };
  },

  // fromJSON then toJSON, including forms the library accepts but never produces itself.
  json() {
    const doc = randomDoc();
    let parts = randomChanges(doc).toJSON();
    const form = pick(["library", "split-kept", "zero-part", "empty-line-deletion", "trailing-empty-line"]);
    if (form === "split-kept") {
      // Split a kept span in two: fromJSON keeps both sections.
      parts = parts.flatMap((part) => (typeof part === "number" && part > 1 ? [1, part - 1] : [part]));
    } else if (form === "zero-part") {
      parts.splice(int(parts.length + 1), 0, pick([0, [0]]));
    } else if (form === "empty-line-deletion") {
      // A deletion written as a replacement by one empty line serializes back as a plain deletion.
      parts = parts.map((part) => (Array.isArray(part) && part.length === 1 ? [part[0], ""] : part));
    } else if (form === "trailing-empty-line") {
      parts = parts.map((part) => (Array.isArray(part) && part.length > 1 && chance(0.5) ? [part[0], ...part.slice(1), ""] : part));
    }
    const input = JSON.stringify(parts);
    const changes = ChangeSet.fromJSON(JSON.parse(input));
    return {
      form,
      input,
      output: changes.toJSON(),
      desc: changes.desc.toJSON(),
      length: changes.length,
      newLength: changes.newLength,
      empty: changes.empty,
      descRoundTrip: ChangeDesc.fromJSON(changes.desc.toJSON()).toJSON(),
    };
  },

  // Several real collab clients edit, push from stale versions, re-send unconfirmed updates and
  // receive updates in partial batches. The server rebases a stale push with the library's
  // rebaseUpdates over each unseen update in turn, and clients receive updates one at a time:
  // mapping over a composition can differ from mapping over its parts, and only this pairing
  // converges whatever the batching (see docs/adr/0005-collab.md). Every stale push is also
  // recorded, with rebaseUpdates over all unseen updates at once, as a "rebaseUpdates" case.
  rebase() {
    const initial = randomDoc();
    const clientIDs = Array.from({ length: 2 + int(3) }, (_, i) => `client-${i}-${int(1e6).toString(36)}`);
    const clients = clientIDs.map((clientID) => EditorState.create({ doc: initial, extensions: [collab({ clientID })] }));
    const server = { updates: [], doc: toText(initial) };
    const pushes = [];
    const wireUpdate = (update) => ({ clientID: update.clientID, changes: update.changes.toJSON() });

    const push = (k) => {
      const sendable = sendableUpdates(clients[k]);
      if (!sendable.length) return;
      const version = getSyncedVersion(clients[k]);
      const wire = sendable.map(wireUpdate);
      const parse = () => wire.map((json) => ({ clientID: json.clientID, changes: ChangeSet.fromJSON(json.changes) }));
      const unseen = server.updates.slice(version);
      let received = parse();
      for (const update of unseen) received = rebaseUpdates(received, [update]);
      if (unseen.length) {
        rebaseUpdatesCases.push({
          updates: wire,
          over: unseen.map(wireUpdate),
          result: rebaseUpdates(parse(), unseen).map(wireUpdate),
        });
      }
      for (const update of received) {
        server.updates.push(update);
        server.doc = update.changes.apply(server.doc);
      }
      pushes.push({
        clientID: clientIDs[k],
        version,
        changes: wire.map((update) => update.changes),
        accepted: received.map((update) => update.changes.toJSON()),
        doc: server.doc.toString(),
      });
    };
    const pull = (k, all) => {
      const version = getSyncedVersion(clients[k]);
      const available = server.updates.length - version;
      const count = all ? available : int(available + 1);
      for (const update of server.updates.slice(version, version + count)) {
        clients[k] = receiveUpdates(clients[k], [update]).state;
      }
    };
    const edit = (k) => {
      clients[k] = clients[k].update({ changes: randomSpecs(clients[k].doc.toString(), false) }).state;
    };

    for (let step = 8 + int(24); step > 0; step--) {
      const k = int(clients.length);
      const action = random();
      if (action < 0.5) edit(k);
      else if (action < 0.8) push(k);
      else pull(k, false);
    }
    // Settle: everyone catches up and sends what is left until nothing is unconfirmed.
    for (let round = 0; clients.some((state) => sendableUpdates(state).length); round++) {
      if (round > 20) throw new Error("did not settle");
      for (let k = 0; k < clients.length; k++) {
        pull(k, true);
        push(k);
      }
    }
    for (let k = 0; k < clients.length; k++) pull(k, true);
    const final = server.doc.toString();
    for (const state of clients) if (state.doc.toString() !== final) throw new Error("clients diverged");
    return { initial, clientIDs, pushes, final, finalVersion: server.updates.length };
  },
};

function writeFixture(kind, cases, seed = SEED) {
  assertNoLoneSurrogates(cases);
  // One case per line keeps diffs of regenerated fixtures readable.
  const body = cases.map((c) => "    " + JSON.stringify(c)).join(",\n");
  const header = `{\n  "generator": "tools/collab-fixtures/generate.mjs",\n  "seed": ${seed},\n  "libraries": ${JSON.stringify(LIBRARIES)},\n  "kind": "${kind}",\n`;
  writeFileSync(join(OUT, `${kind}.json`), `${header}  "cases": [\n${body}\n  ]\n}\n`);
  console.log(`${kind}: ${cases.length} cases`);
  return cases.length;
}

mkdirSync(OUT, { recursive: true });
let total = 0;
for (const [kind, count] of Object.entries(COUNTS)) {
  total += writeFixture(kind, Array.from({ length: count }, () => generators[kind]()));
}
total += writeFixture("rebaseUpdates", rebaseUpdatesCases);
random = mulberry32(VALIDITY_SEED);
const helpers = { int, pick, chance, randomDoc, randomChanges, boundaries, toText, applyTo };
total += writeFixture("validity", Array.from({ length: VALIDITY_COUNT }, (_, i) => validityCase(helpers, i)), VALIDITY_SEED);
console.log(`total: ${total} cases in ${OUT}`);
