// The live room in the browser: joins the room hub (one connection per person, the pad's too),
// keeps the agenda clock, and shows hints, notes and session facts as the server pushes them. The server decides what each side may
// receive; this code only draws what arrives.
import { HubConnectionBuilder, LogLevel } from "@microsoft/signalr";
import { openPad, type Pad } from "./pad";
import { setUpRun } from "./run";
import { sendableUpdates } from "@codemirror/collab";
import { reconnectPolicy, refusedByServer } from "./ended";
import {
  errorText, hubRefusal, typedHub, type AgendaSection, type CandidateQuestionView, type CandidateRoomView, type ChosenQuestionView,
  type ConnectionEndedView, type FactView, type InterviewEndedView, type InterviewerRoomView, type InterviewerSection, type NoteView, type NudgeView,
  type PanelPartView, type PresentPersonView, type QuestionDocument, type RevealedHintView, type RoomClient, type RoomHub, type SectionChangeView,
} from "./hubMessages";

/** What joining returned, by side: each side's view has its own shape. */
type Joined = { side: "candidate"; view: CandidateRoomView } | { side: "interviewer"; view: InterviewerRoomView };

const root = document.querySelector<HTMLElement>("[data-room]")!;
const side = root.dataset.room as "candidate" | "interviewer";
const interviewId = root.dataset.interviewId ?? "";
const token = root.dataset.token ?? "";
let clockOffset = 0; // server time minus local time, so both sides count down the same seconds
let agenda: (AgendaSection | InterviewerSection)[] = [];
let current: SectionChangeView | null = null;
let present: PresentPersonView[] = [];
let plannedStart: number | null = null; // the candidate's side: when the interview is planned (server time)
const questionTitles = new Map<string, string>(); // the interviewer's side: question id → title, for the agenda's buttons
let part: PanelPartView | null = null; // the interviewer's side: whether this person leads or watches (RoomLead.cs)
const watching = () => side === "interviewer" && part !== null && !part.mayAct;

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string) => {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (cls) node.className = cls;
  return node;
};
const region = (name: string) => root.querySelector<HTMLElement>(`[data-region="${name}"]`)!;
const announce = (message: string) => { region("status").textContent = message; };
const names = (people: PresentPersonView[]) => new Intl.ListFormat("en", { type: "conjunction" }).format(people.map(p => p.name));
const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
// Facts are context for the interviewer, worded as what happened and nothing more.
const factWords: Record<string, string> = { "tab-hidden": "Switched away from the interview tab", "tab-visible": "Came back to the interview tab", "large-paste": "Pasted into the pad:" };
const factText = (fact: FactView) => `${time(fact.at)} ${factWords[fact.kind] ?? fact.kind} ${fact.detail}`.trim();

function drawAgenda() {
  const list = region("agenda");
  list.replaceChildren(...agenda.map((s, i) => {
    const item = el("li", `${s.title} · ${s.minutes} min`);
    if (current && current.sectionIndex === i) { item.setAttribute("aria-current", "step"); item.className = "current"; }
    if (side === "interviewer") {
      const go = el("button", "Start this section");
      go.type = "button";
      go.dataset.acts = "";
      go.addEventListener("click", () => hub.invoke("MoveToSection", interviewId, i));
      item.append(" ", go);
      for (const questionId of "questionIds" in s ? s.questionIds : []) {
        const choose = el("button", `Use ${questionTitles.get(questionId) ?? questionId}`);
        choose.type = "button";
        choose.dataset.acts = "";
        choose.addEventListener("click", () => hub.invoke("ChooseQuestion", interviewId, i, questionId));
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

function drawPresence(people: PresentPersonView[]) {
  const before = present;
  present = people;
  region("presence").replaceChildren(...people.map(p => el("li",
    `${p.name} (${p.role === "candidate" ? (side === "candidate" ? "you" : "candidate") : p.role === "shadow" ? "shadowing" : "interviewer"})`)));
  for (const gone of before.filter(b => !people.some(p => p.name === b.name && p.role === b.role))) announce(`${gone.name} left the room.`);
  tick();
}

function addHint(hint: RevealedHintView) {
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

function showQuestion(question: CandidateQuestionView) {
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
// The room's address names its interview, so that with several servers every connection of the room meets on the one that holds it.
const address = `/hubs/room?interview=${encodeURIComponent(interviewId)}`;
const hub = typedHub<RoomHub, RoomClient>((side === "candidate"
  ? builder.withUrl(address, { accessTokenFactory: () => token })
  : builder.withUrl(address)).build());

// The server ended the candidate's connections for good (see ended.ts): say why, kindly, and stop.
// Without a reason (a reconnect refused), the page's own words stand: the link no longer works.
let ended = false;
async function endRoom(why: ConnectionEndedView | null) {
  if (ended) return;
  ended = true;
  const notice = region("ended");
  if (why) {
    const headings: Record<string, string> = {
      "too-many-connections": "This interview is open in other tabs",
      "interview-ended": "Thank you: the interview has ended",
      "interview-cancelled": "This interview has been cancelled",
      "access-ended": "Your access to this room has ended",
    };
    notice.querySelector("h2")!.textContent = headings[why.reason] ?? "This link no longer opens the room";
    notice.querySelector("p")!.textContent = why.message;
  }
  notice.hidden = false;
  notice.focus();
  region("clock").textContent = "";
  pad?.end();
  await hub.connection.stop();
}
hub.on("ConnectionEnded", why => { void endRoom(why); });
hub.connection.onclose(() => { if (refused) void endRoom(null); });

hub.on("SectionChanged", change => { current = change; drawAgenda(); tick(); announce(`Now: ${change.title}`); });
hub.on("HintRevealed", addHint);
hub.on("QuestionChosen", chosen => {
  if (side === "candidate") { showQuestion(chosen.question); offerTests(chosen); } else openLadder(chosen.questionId);
  // Both menus follow the question's languages; one side asks for the starter code, so it is loaded once.
  pad?.questionChosen(side !== "candidate" && !watching());
});
hub.on("ParticipantJoined", p => announce(`${p.name} joined.`));
let presenceHeard = 0;
hub.on("PresenceChanged", people => { presenceHeard++; drawPresence(people); });
const noteItem = (note: NoteView) => el("li", `${time(note.at)} ${note.author}${note.signal ? ` [${note.signal}]` : ""}: ${note.text}`);
hub.on("NoteAdded", note => {
  const notes = region("notes");
  notes.append(noteItem(note));
  notes.scrollTop = notes.scrollHeight;
});
hub.on("FactRecorded", fact => region("facts").append(el("li", factText(fact))));

// Nudges: quiet and private, for the panel alone (the server sends them only to the interviewers' group).
// Never a modal, never a sound: a line in the panel, with a button to put it away on every panel screen.
function addNudge(nudge: NudgeView) {
  const list = root.querySelector<HTMLElement>('[data-region="nudges"]');
  if (!list || list.querySelector(`[data-nudge="${CSS.escape(nudge.key)}"]`)) return;
  const item = el("li", undefined, "nudge");
  item.dataset.nudge = nudge.key;
  const dismiss = el("button", "Dismiss");
  dismiss.type = "button";
  dismiss.setAttribute("aria-label", `Dismiss: ${nudge.says}`);
  dismiss.addEventListener("click", () => { hub.invoke("DismissNudge", interviewId, nudge.key).catch((error: unknown) => announce(errorText(error))); });
  item.append(el("span", nudge.says), " ", dismiss);
  list.append(item);
}
function removeNudge(key: string) {
  root.querySelector(`[data-region="nudges"] [data-nudge="${CSS.escape(key)}"]`)?.remove();
}
hub.on("Nudged", addNudge);
hub.on("NudgeDismissed", removeNudge);

// Who leads: a shadow watches; in a reverse-shadowed interview the trainee leads until an interviewer
// takes over. Someone who watches keeps the whole view but not the controls that change the candidate's
// screen (CSS hides [data-acts]); the server refuses those calls from them anyway.
function applyPart(next: PanelPartView) {
  part = next;
  root.classList.toggle("watching", !next.mayAct);
  const box = region("part");
  box.hidden = next.says === "";
  region("part-says").textContent = next.says;
  root.querySelector<HTMLButtonElement>("[data-take-over]")!.hidden = !next.mayTakeOver;
  root.querySelector<HTMLButtonElement>("[data-hand-back]")!.hidden = !next.mayHandBack;
  pad?.watch(!next.mayAct);
}
hub.on("LeadChanged", says => {
  announce(says);
  hub.invoke("MyPart", interviewId).then(applyPart, (error: unknown) => announce(errorText(error)));
});
root.querySelector<HTMLButtonElement>("[data-take-over]")?.addEventListener("click", () => {
  hub.invoke("TakeTheLead", interviewId).then(applyPart, (error: unknown) => announce(errorText(error)));
});
root.querySelector<HTMLButtonElement>("[data-hand-back]")?.addEventListener("click", () => {
  hub.invoke("HandBackTheLead", interviewId).then(applyPart, (error: unknown) => announce(errorText(error)));
});

// The panel ends the interview for everyone; the candidate's side hears it as ConnectionEnded.
function showEnded(endedView: InterviewEndedView) {
  const box = region("interview-ended");
  box.querySelector("p")!.textContent = `${endedView.by} ended the interview at ${time(endedView.at)}. The room is closed for the candidate.`;
  box.querySelector<HTMLAnchorElement>("a")!.href = endedView.scorecardUrl;
  box.hidden = false;
  root.querySelector<HTMLButtonElement>("[data-end-interview]")?.setAttribute("hidden", "");
  announce("The interview has ended.");
}
hub.on("InterviewEnded", showEnded);
root.querySelector<HTMLButtonElement>("[data-end-interview]")?.addEventListener("click", () => {
  if (!confirm("End the interview for everyone? The room closes for the candidate.")) return;
  hub.invoke("EndInterview", interviewId).then(showEnded, (error: unknown) => announce(errorText(error)));
});

let padOpened = false;
let pad: Pad | undefined;

// Run sends the pad as the server has it: wait (briefly) until this side's edits are confirmed.
async function padSynced() {
  for (let i = 0; pad && sendableUpdates(pad.view.state).length > 0 && i < 40; i++) await new Promise(r => setTimeout(r, 50));
}
const run = setUpRun(root, hub, side, interviewId, padSynced, announce);
const offerTests = (chosen: ChosenQuestionView) => { if (chosen.testsLanguage) run.offerTests(chosen.questionId, chosen.question.title, chosen.testsLanguage); };

const join = async (): Promise<Joined> => side === "candidate"
  ? { side, view: await hub.invoke("JoinAsCandidate") }
  : { side, view: await hub.invoke("JoinAsInterviewer", interviewId) };

async function enter() {
  const heardBefore = presenceHeard;
  const joined = await join();
  const view = joined.view;
  clockOffset = new Date(view.serverNow).getTime() - Date.now();
  agenda = view.agenda;
  current = view.currentSection;
  if (joined.side === "candidate") {
    plannedStart = new Date(joined.view.plannedStart).getTime();
    region("shadowing").replaceChildren(...joined.view.shadowing.map(line => el("li", line)));
  } else {
    for (const q of joined.view.questions) questionTitles.set(q.id, q.candidate.title);
    applyPart(joined.view.part);
  }
  drawAgenda();
  drawPresence(view.present);
  // Someone came or went while this join was on its way: that news may be newer than the join's list, or older. Ask now.
  if (presenceHeard !== heardBefore) drawPresence(await hub.invoke("WhoIsHere"));
  region("hints").replaceChildren();
  view.hints.forEach(addHint);
  if (joined.side === "candidate") {
    for (const chosen of joined.view.questions) { showQuestion(chosen.question); offerTests(chosen); }
  } else {
    region("notes").replaceChildren(...joined.view.notes.map(noteItem));
    region("facts").replaceChildren(...joined.view.facts.map(f => el("li", factText(f))));
    region("nudges").replaceChildren();
    joined.view.nudges.forEach(addNudge);
    drawLadders(joined.view.questions);
    for (const chosen of joined.view.chosen) openLadder(chosen.questionId);
  }
  tick();
  announce("Connected.");
  const padHost = root.querySelector<HTMLElement>("[data-region=pad]");
  if (padHost && !padOpened) {
    padOpened = true;
    pad = await openPad(padHost, hub, {
      styleNonce: root.dataset.styleNonce ?? "", report: announce, onLanguage: run.followPad, watching,
      onLargePaste: side === "candidate" ? detail => { hub.invoke("RecordFact", "large-paste", detail).catch(() => {}); } : undefined,
    });
    if (ended) pad.end();
  } else if (pad) {
    // Joined again after a reconnect: the pad opens afresh on this connection, this side's unsent edits kept.
    await pad.rejoined();
  }
}

function drawLadders(questions: QuestionDocument[]) {
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
      reveal.dataset.acts = "";
      reveal.addEventListener("click", () => hub.invoke("RevealHint", interviewId, q.id, hint.step));
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
  hub.invoke("AddNote", interviewId, text.value, signal).then(() => { text.value = ""; showProblem(null); }, (error: unknown) => showProblem(hubRefusal(error)));
});
if (side === "candidate") {
  let hiddenAt = 0;
  document.addEventListener("visibilitychange", () => {
    if (document.hidden) hiddenAt = Date.now();
    const detail = document.hidden || !hiddenAt ? null : `after ${Math.round((Date.now() - hiddenAt) / 1000)} s`;
    hub.invoke("RecordFact", document.hidden ? "tab-hidden" : "tab-visible", detail).catch(() => {});
  });
}

hub.connection.onreconnecting(() => announce("Reconnecting… your edits are kept."));
// After a reconnect the server's view is the truth: draw it again from the log.
hub.connection.onreconnected(() => enter());
setInterval(tick, 1000);
hub.connection.start().then(enter).catch((error: unknown) => {
  if (ended) return;
  if (side === "candidate" && refusedByServer(error)) { void endRoom(null); return; }
  announce(`Could not join the room: ${errorText(error)}`);
});
