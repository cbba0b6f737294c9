// The live room in the browser: joins the room hub, keeps the agenda clock, and shows hints,
// notes and session facts as the server pushes them. The server decides what each side may
// receive; this code only draws what arrives.
import { HubConnectionBuilder, HubConnection, LogLevel } from "@microsoft/signalr";
import { openPad, Pad } from "./pad";
import { setUpRun } from "./run";
import { sendableUpdates } from "@codemirror/collab";
import { ConnectionEnded, connectionEnded, reconnectPolicy, refusedByServer } from "./ended";

type Section = { title: string; kind: string; minutes: number; questionIds?: string[] };
type SectionChange = { sectionIndex: number; title: string; startedAt: string };
type Hint = { questionTitle: string; step: number; text: string; from: string; at: string };
type Note = { text: string; signal: string | null; author: string; at: string };
type Fact = { kind: string; detail: string; at: string };
type CandidateQuestion = { title: string; promptHtml: string; examplesHtml: string; starterCode: Record<string, string> };
type Chosen = { question: CandidateQuestion; questionId: string; testsLanguage: string | null };
/** PresentPersonView on the server: a display name and "candidate" or "interviewer", nothing more. */
type Person = { name: string; role: "candidate" | "interviewer" };

const root = document.querySelector<HTMLElement>("[data-room]")!;
const side = root.dataset.room as "candidate" | "interviewer";
const interviewId = root.dataset.interviewId ?? "";
const token = root.dataset.token ?? "";
let clockOffset = 0; // server time minus local time, so both sides count down the same seconds
let agenda: Section[] = [];
let current: SectionChange | null = null;
let present: Person[] = [];
let plannedStart: number | null = null; // the candidate's side: when the interview is planned (server time)
const questionTitles = new Map<string, string>(); // the interviewer's side: question id → title, for the agenda's buttons

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string) => {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (cls) node.className = cls;
  return node;
};
const region = (name: string) => root.querySelector<HTMLElement>(`[data-region="${name}"]`)!;
const announce = (message: string) => { region("status").textContent = message; };
// The server's HubException text, without the client library's "An unexpected error…" preamble.
const reason = (error: any) => String(error?.message ?? error).replace(/^.*HubException: /s, "");
const names = (people: Person[]) => new Intl.ListFormat("en", { type: "conjunction" }).format(people.map(p => p.name));
const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
// Facts are context for the interviewer, worded as what happened and nothing more.
const factWords: Record<string, string> = { "tab-hidden": "Switched away from the interview tab", "tab-visible": "Came back to the interview tab", "large-paste": "Pasted into the pad:" };
const factText = (fact: Fact) => `${time(fact.at)} ${factWords[fact.kind] ?? fact.kind} ${fact.detail}`.trim();

function drawAgenda() {
  const list = region("agenda");
  list.replaceChildren(...agenda.map((s, i) => {
    const item = el("li", `${s.title} · ${s.minutes} min`);
    if (current && current.sectionIndex === i) { item.setAttribute("aria-current", "step"); item.className = "current"; }
    if (side === "interviewer") {
      const go = el("button", "Start this section");
      go.type = "button";
      go.addEventListener("click", () => connection.invoke("MoveToSection", interviewId, i));
      item.append(" ", go);
      for (const questionId of s.questionIds ?? []) {
        const choose = el("button", `Use ${questionTitles.get(questionId) ?? questionId}`);
        choose.type = "button";
        choose.addEventListener("click", () => connection.invoke("ChooseQuestion", interviewId, i, questionId));
        item.append(" ", choose);
      }
    }
    return item;
  }));
}

function tick() {
  if (ended) return;
  const clock = region("clock");
  if (!current) { clock.textContent = notStarted(); return; }
  const section = agenda[current.sectionIndex];
  const elapsed = (Date.now() + clockOffset - new Date(current.startedAt).getTime()) / 1000;
  const left = Math.max(0, Math.round(section.minutes * 60 - elapsed));
  clock.textContent = `${section.title}: ${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")} left`;
  if (side === "interviewer") {
    const cue = region("cue");
    const theirs = agenda.findIndex(s => s.kind === "candidate-questions");
    // Gentle, private cues: near the end of a section, and before the candidate's own questions get squeezed.
    cue.textContent = left > 0 && left <= 120 ? `About ${Math.ceil(left / 60)} minute(s) left in this section.`
      : left === 0 && theirs > current.sectionIndex ? "Time is up for this section; the candidate's questions come next." : "";
  }
}

// Before the first section: what is true now, said kindly. Past the planned time with nobody from
// the panel here, the candidate hears that someone is coming, not that nothing has started.
function notStarted(): string {
  if (side === "interviewer") return "The interview has not started yet.";
  const panel = present.filter(p => p.role === "interviewer");
  if (panel.length > 0) return `${names(panel)} ${panel.length === 1 ? "is" : "are"} here; the interview will begin in a moment.`;
  if (plannedStart !== null && Date.now() + clockOffset >= plannedStart) return "Your interviewer will be with you shortly.";
  return "The interview has not started yet.";
}

function drawPresence(people: Person[]) {
  const before = present;
  present = people;
  region("presence").replaceChildren(...people.map(p => el("li",
    `${p.name} (${p.role === "candidate" ? (side === "candidate" ? "you" : "candidate") : "interviewer"})`)));
  for (const gone of before.filter(b => !people.some(p => p.name === b.name && p.role === b.role))) announce(`${gone.name} left the room.`);
  tick();
}

function addHint(hint: Hint) {
  const item = el("li");
  item.append(el("strong", side === "candidate" ? `A hint from ${hint.from}: ` : `Hint ${hint.step} (${hint.questionTitle}), ${time(hint.at)}: `), el("span", hint.text));
  const list = region("hints");
  list.append(item);
  if (side === "candidate") {
    // The hints box beside the pad scrolls on its own: keep the newest hint in view there.
    const box = region("hints-box");
    box.scrollTop = box.scrollHeight;
    announce(`A hint from ${hint.from}: ${hint.text}`);
  }
}

function showQuestion(question: CandidateQuestion) {
  const box = region("question");
  const prompt = el("div", undefined, "prose");
  prompt.innerHTML = question.promptHtml; // rendered on the server from the bank, raw HTML disabled
  const parts: Node[] = [el("h2", question.title), prompt];
  if (question.examplesHtml) { const examples = el("div", undefined, "prose"); examples.innerHTML = question.examplesHtml; parts.push(el("h3", "Examples"), examples); }
  for (const [language, code] of Object.entries(question.starterCode)) { parts.push(el("h3", `Starter code (${language})`)); const pre = el("pre"); pre.append(el("code", code)); parts.push(pre); }
  box.replaceChildren(...parts);
}

let refused = false;
// Never give up reconnecting during an interview, unless the server no longer takes the candidate's link.
const builder = new HubConnectionBuilder().configureLogging(LogLevel.Warning)
  .withAutomaticReconnect(reconnectPolicy(side === "candidate", () => { refused = true; }));
const connection: HubConnection = (side === "candidate"
  ? builder.withUrl("/hubs/room", { accessTokenFactory: () => token })
  : builder.withUrl("/hubs/room")).build();

// The server ended the candidate's connections for good (see ended.ts): say why, kindly, and stop.
// Without a reason (a reconnect refused), the page's own words stand: the link no longer works.
let ended = false;
async function endRoom(why: ConnectionEnded | null) {
  if (ended) return;
  ended = true;
  const notice = region("ended");
  if (why) {
    const headings: Record<string, string> = {
      "too-many-connections": "This interview is open in other tabs",
      "interview-ended": "Thank you: the interview has ended",
      "interview-cancelled": "This interview has been cancelled",
    };
    notice.querySelector("h2")!.textContent = headings[why.reason] ?? "This link no longer opens the room";
    notice.querySelector("p")!.textContent = why.message;
  }
  notice.hidden = false;
  notice.focus();
  region("clock").textContent = "";
  await Promise.allSettled([connection.stop(), pad?.end() ?? Promise.resolve()]);
}
connection.on(connectionEnded, (why: ConnectionEnded) => { endRoom(why); });
connection.onclose(() => { if (refused) endRoom(null); });

connection.on("SectionChanged", (change: SectionChange) => { current = change; drawAgenda(); tick(); announce(`Now: ${change.title}`); });
connection.on("HintRevealed", addHint);
connection.on("QuestionChosen", (chosen: Chosen) => {
  if (side === "candidate") { showQuestion(chosen.question); offerTests(chosen); } else openLadder(chosen.questionId);
  // Both menus follow the question's languages; one side asks for the starter code, so it is loaded once.
  pad?.questionChosen(side !== "candidate");
});
connection.on("ParticipantJoined", (p: { name: string; role: string }) => announce(`${p.name} joined.`));
connection.on("PresenceChanged", drawPresence);
const noteItem = (note: Note) => el("li", `${time(note.at)} ${note.author}${note.signal ? ` [${note.signal}]` : ""}: ${note.text}`);
connection.on("NoteAdded", (note: Note) => {
  const notes = region("notes");
  notes.append(noteItem(note));
  notes.scrollTop = notes.scrollHeight;
});
connection.on("FactRecorded", (fact: Fact) => region("facts").append(el("li", factText(fact))));

// The panel ends the interview for everyone; the candidate's side hears it as ConnectionEnded.
type Ended = { by: string; at: string; scorecardUrl: string };
function showEnded(endedView: Ended) {
  const box = region("interview-ended");
  box.querySelector("p")!.textContent = `${endedView.by} ended the interview at ${time(endedView.at)}. The room is closed for the candidate.`;
  box.querySelector<HTMLAnchorElement>("a")!.href = endedView.scorecardUrl;
  box.hidden = false;
  root.querySelector<HTMLButtonElement>("[data-end-interview]")?.setAttribute("hidden", "");
  announce("The interview has ended.");
}
connection.on("InterviewEnded", showEnded);
root.querySelector<HTMLButtonElement>("[data-end-interview]")?.addEventListener("click", () => {
  if (!confirm("End the interview for everyone? The room closes for the candidate.")) return;
  connection.invoke("EndInterview", interviewId).then(showEnded, error => announce(String(error.message ?? error)));
});

let padOpened = false;
let pad: Pad | undefined;

// Run sends the pad as the server has it: wait (briefly) until this side's edits are confirmed.
async function padSynced() {
  for (let i = 0; pad && sendableUpdates(pad.view.state).length > 0 && i < 40; i++) await new Promise(r => setTimeout(r, 50));
}
const run = setUpRun(root, connection, side, interviewId, padSynced, announce);
const offerTests = (chosen: Chosen) => { if (chosen.testsLanguage) run.offerTests(chosen.questionId, chosen.question.title, chosen.testsLanguage); };

async function enter() {
  const view = side === "candidate" ? await connection.invoke("JoinAsCandidate") : await connection.invoke("JoinAsInterviewer", interviewId);
  clockOffset = new Date(view.serverNow).getTime() - Date.now();
  agenda = view.agenda;
  current = view.currentSection;
  if (side === "candidate") plannedStart = new Date(view.plannedStart).getTime();
  else for (const q of view.questions) questionTitles.set(q.id, q.candidate.title);
  drawAgenda();
  drawPresence(view.present);
  region("hints").replaceChildren();
  view.hints.forEach(addHint);
  if (side === "candidate") {
    for (const chosen of view.questions) { showQuestion(chosen.question); offerTests(chosen); }
  } else {
    region("notes").replaceChildren(...view.notes.map(noteItem));
    region("facts").replaceChildren(...view.facts.map((f: Fact) => el("li", factText(f))));
    drawLadders(view.questions);
    for (const chosen of view.chosen as { questionId: string }[]) openLadder(chosen.questionId);
  }
  tick();
  announce("Connected.");
  const padHost = root.querySelector<HTMLElement>("[data-region=pad]");
  if (padHost && !padOpened) {
    padOpened = true;
    pad = await openPad(padHost, {
      interviewId, token, styleNonce: root.dataset.styleNonce ?? "", report: announce, onLanguage: run.followPad,
      onLargePaste: side === "candidate" ? detail => { connection.invoke("RecordFact", "large-paste", detail).catch(() => {}); } : undefined,
      onEnded: side === "candidate" ? why => { endRoom(why); } : undefined,
    });
    if (ended) await pad.end();
  }
}

function drawLadders(questions: { id: string; candidate: { title: string }; interviewer: { hints: { step: number; when: string; text: string }[]; tests: { language: string } | null } }[]) {
  for (const q of questions) if (q.interviewer.tests) run.offerTests(q.id, q.candidate.title, q.interviewer.tests.language);
  // One folded ladder per question: the panel stays one screen; the chosen question's ladder unfolds.
  region("ladders").replaceChildren(...questions.map(q => {
    const box = el("section");
    const ladder = el("details");
    ladder.dataset.questionId = q.id;
    ladder.append(el("summary", `${q.candidate.title} (${q.interviewer.hints.length} hints)`));
    const list = el("ol");
    for (const hint of q.interviewer.hints) {
      const item = el("li");
      const reveal = el("button", "Reveal");
      reveal.type = "button";
      reveal.addEventListener("click", () => connection.invoke("RevealHint", interviewId, q.id, hint.step));
      item.append(el("span", `${hint.when}: ${hint.text} `), reveal);
      list.append(item);
    }
    ladder.append(list);
    box.append(ladder);
    return box;
  }));
}

function openLadder(questionId: string) {
  const ladder = region("ladders").querySelector<HTMLDetailsElement>(`details[data-question-id="${CSS.escape(questionId)}"]`);
  if (ladder) ladder.open = true;
}

const notesForm = root.querySelector<HTMLFormElement>("form[data-notes]");
notesForm?.addEventListener("submit", event => {
  event.preventDefault();
  const text = notesForm.querySelector<HTMLTextAreaElement>("textarea")!;
  const signal = notesForm.querySelector<HTMLSelectElement>("select")!.value || null;
  const problem = region("note-error");
  // The refusal shows by the note box and is tied to it, so a screen reader hears it with the field.
  const showProblem = (message: string | null) => {
    problem.textContent = message ?? "";
    problem.hidden = message === null;
    if (message === null) { text.removeAttribute("aria-invalid"); text.removeAttribute("aria-describedby"); }
    else { text.setAttribute("aria-invalid", "true"); text.setAttribute("aria-describedby", problem.id); text.focus(); }
  };
  connection.invoke("AddNote", interviewId, text.value, signal).then(() => { text.value = ""; showProblem(null); }, error => showProblem(reason(error)));
});
if (side === "candidate") {
  let hiddenAt = 0;
  document.addEventListener("visibilitychange", () => {
    if (document.hidden) hiddenAt = Date.now();
    const detail = document.hidden || !hiddenAt ? null : `after ${Math.round((Date.now() - hiddenAt) / 1000)} s`;
    connection.invoke("RecordFact", document.hidden ? "tab-hidden" : "tab-visible", detail).catch(() => {});
  });
}

connection.onreconnecting(() => announce("Reconnecting…"));
// After a reconnect the server's view is the truth: draw it again from the log.
connection.onreconnected(() => enter());
setInterval(tick, 1000);
connection.start().then(enter).catch(error => {
  if (ended) return;
  if (side === "candidate" && refusedByServer(error)) { endRoom(null); return; }
  announce(`Could not join the room: ${error.message ?? error}`);
});
