// What the room hub (its pad included) and the replay page send the browser, and what the hub takes: the
// server's contracts as TypeScript, under the server's names, so the pad, the room and the replay
// read the same shapes and a renamed field fails the build instead of showing "undefined".
// SignalR's JSON protocol sends camelCase names; a Guid and a DateTimeOffset arrive as strings (ISO
// 8601 for times), a C# `string?` as `string | null`. The C# record each type mirrors is named
// above it; change both together.
import type { HubConnection } from "@microsoft/signalr";

/** A CodeMirror ChangeSet's JSON (ChangeSet.toJSON): a kept length, or [deleted length, ...inserted lines]. Collab's ChangeSetJsonConverter reads and writes the same. */
export type ChangeSetJson = (number | [number, ...string[]])[];

// ---- Sent to a page before its connection is closed for good (IEndedConnectionClient) ----

/** ConnectionEndedView; `message` is written for the person, `reason` is one of CandidateConnections' reasons or RoomAccess.AccessEnded (staff). */
export type ConnectionEndedView = {
  reason: "link-withdrawn" | "link-replaced" | "link-expired" | "too-many-connections" | "interview-ended" | "interview-cancelled" | "access-ended";
  message: string;
};

/** IEndedConnectionClient. */
export interface EndedConnectionClient {
  ConnectionEnded(ended: ConnectionEndedView): void;
}

// ---- The room hub (RoomHub*.cs, RoomContracts.cs) ----

/** AgendaSection: a section as the candidate sees it. */
export type AgendaSection = { title: string; kind: string; minutes: number };
/** InterviewerSection: a section with the ids of its alternative questions, for the panel. */
export type InterviewerSection = AgendaSection & { questionIds: string[] };
/** SectionChangeView. */
export type SectionChangeView = { sectionIndex: number; title: string; startedAt: string };
/** RevealedHintView: `from` is "your interviewer" on the candidate's side (RevealedHintView.FromYourInterviewer). */
export type RevealedHintView = { questionTitle: string; step: number; text: string; from: string; at: string };
/** CandidateQuestionView: the prompt and examples as HTML rendered on the server; starter code by language id. */
export type CandidateQuestionView = { title: string; promptHtml: string; examplesHtml: string; starterCode: Record<string, string> };
/** ChosenQuestionView: `testsLanguage` is set when the question has tests the candidate can run. */
export type ChosenQuestionView = { sectionIndex: number; question: CandidateQuestionView; questionId: string; testsLanguage: string | null };
/** ChosenQuestion (RoomState.cs): which question a section uses, at which version. */
export type ChosenQuestion = { sectionIndex: number; questionId: string; version: number };
/** NoteView. */
export type NoteView = { text: string; signal: string | null; author: string; at: string };
/** FactView: `kind` as SessionFactWords knows it, `detail` already worded by the server. */
export type FactView = { kind: string; detail: string; at: string };
/** ParticipantView: role is "candidate" or "interviewer". */
export type ParticipantView = { name: string; role: string; at: string };
/** PresentPersonView (RoomAttendance.cs): a display name and a role, nothing more; a "shadow" only watches. */
export type PresentPersonView = { name: string; role: "candidate" | "interviewer" | "shadow" };
/** PanelPartView (RoomLead.cs): this connection's part in its room; only `mayAct` may change what the candidate sees. */
export type PanelPartView = { seat: "interviewer" | "shadow" | "reverse-shadow" | "staff"; mayAct: boolean; mayTakeOver: boolean; mayHandBack: boolean; says: string };
/** InterviewEndedView: who ended the interview, when, and where the scorecard is written. */
export type InterviewEndedView = { by: string; at: string; scorecardUrl: string };

/** Hint (Questions/Format/QuestionDocument.cs): one step of a hint ladder. */
export type Hint = { step: number; when: string; text: string; unlocks: string | null };
/**
 * QuestionDocument (Questions/Format/QuestionDocument.cs), the parts the panel's page reads: the
 * server sends the whole document (rubric, follow-ups, reference solutions…) to interviewers only.
 */
export type QuestionDocument = {
  id: string;
  candidate: { title: string };
  interviewer: { hints: Hint[]; tests: { language: string } | null };
};

/** CandidateRoomView: what a candidate's connection receives on joining, built from candidate-safe parts only. */
export type CandidateRoomView = {
  candidateName: string;
  interviewerNames: string[];
  agenda: AgendaSection[];
  currentSection: SectionChangeView | null;
  questions: ChosenQuestionView[];
  hints: RevealedHintView[];
  serverNow: string;
  plannedStart: string;
  present: PresentPersonView[];
  /** Who of the panel shadows, and why, in sentences for the candidate. */
  shadowing: string[];
};

/** InterviewerRoomView: the panel's view on joining. */
export type InterviewerRoomView = {
  candidateName: string;
  agenda: InterviewerSection[];
  currentSection: SectionChangeView | null;
  questions: QuestionDocument[];
  chosen: ChosenQuestion[];
  hints: RevealedHintView[];
  notes: NoteView[];
  facts: FactView[];
  serverNow: string;
  present: PresentPersonView[];
  nudges: NudgeView[];
  part: PanelPartView;
};

/** NudgeView (Coaching/NudgeWatch.cs): a quiet nudge for the panel; `key` names the situation it is about. */
export type NudgeView = { key: string; kind: string; says: string; at: string };

/** QuestionTestOutcome (Questions/Testing/QuestionTestProgram.cs): a hidden test arrives with its name and pass or fail only. */
export type QuestionTestOutcome = {
  name: string; visible: boolean; passed: boolean; message: string; call: string | null; expected: string | null; actual: string | null;
};
/** RunStartedView. */
export type RunStartedView = { runId: string; language: string; by: string; questionTitle: string | null; at: string };
/** RunOutputView: a piece of a running program's output, as it arrives. */
export type RunOutputView = { runId: string; channel: "stdout" | "stderr"; text: string };
/** RunFinishedView: the complete output, in order, and the tests' outcomes. */
export type RunFinishedView = {
  runId: string; verdict: string; message: string; stdout: string; stderr: string; outputTruncated: boolean;
  wallMilliseconds: number; compilerMessages: string[]; tests: QuestionTestOutcome[]; at: string;
};

/** IRoomClient: what the room hub pushes, the pad's messages (PadEvents) included. Past tense: these already happened. */
export interface RoomClient extends EndedConnectionClient, PadEvents {
  ParticipantJoined(participant: ParticipantView): void;
  PresenceChanged(present: PresentPersonView[]): void;
  SectionChanged(change: SectionChangeView): void;
  QuestionChosen(question: ChosenQuestionView): void;
  HintRevealed(hint: RevealedHintView): void;
  NoteAdded(note: NoteView): void;
  FactRecorded(fact: FactView): void;
  RunStarted(run: RunStartedView): void;
  RunOutput(output: RunOutputView): void;
  RunFinished(run: RunFinishedView): void;
  InterviewEnded(ended: InterviewEndedView): void;
  Nudged(nudge: NudgeView): void;
  NudgeDismissed(key: string): void;
  LeadChanged(says: string): void;
}

/** RoomHub's methods the page calls (an id is a Guid's string), with what each returns; the pad's (PadCalls) on the same connection. */
export interface RoomHub extends PadCalls {
  JoinAsCandidate(): CandidateRoomView;
  JoinAsInterviewer(interviewId: string): InterviewerRoomView;
  EndInterview(interviewId: string): InterviewEndedView;
  MoveToSection(interviewId: string, sectionIndex: number): void;
  ChooseQuestion(interviewId: string, sectionIndex: number, questionId: string): void;
  RevealHint(interviewId: string, questionId: string, step: number): void;
  AddNote(interviewId: string, text: string, signal: string | null): void;
  DismissNudge(interviewId: string, key: string): void;
  MyPart(interviewId: string): PanelPartView;
  WhoIsHere(): PresentPersonView[];
  TakeTheLead(interviewId: string): PanelPartView;
  HandBackTheLead(interviewId: string): PanelPartView;
  RecordFact(kind: string, detail: string | null): void;
  RunAsCandidate(language: string, testsOf: string | null): RunStartedView;
  Run(interviewId: string, language: string, testsOf: string | null): RunStartedView;
}

// ---- The pad, on the room's connection (RoomHub.Pad.cs, .Cursors.cs, .Languages.cs, PadLanguages.cs, PadPresence.cs) ----

/** PadLanguage: a language the pad offers, by the server's id (PadLanguages.cs). */
export type PadLanguage = { id: string; label: string };
/** PadCursorView: someone's cursor or selection, exact at `version`; `colour` indexes the pad's palette (0 is the candidate's). */
export type PadCursorView = { clientId: string; name: string; colour: number; version: number; anchor: number; head: number };
/** PadOpened: the pad as it stands when a connection opens it. */
export type PadOpened = {
  version: number; text: string; clientId: string; language: string; languages: PadLanguage[]; cursors: PadCursorView[]; maxDocumentLength: number;
};
/** PadUpdateMessage: an accepted update, based on `version`, and the client that made it. */
export type PadUpdateMessage = { version: number; clientId: string; changes: ChangeSetJson };
/** PadPushed: whether a push was kept, the pad's version, and the reason when not. */
export type PadPushed = { accepted: boolean; version: number; problem: string | null };
/** PadLanguageView: the pad's language changed, by whom. */
export type PadLanguageView = { language: string; label: string; by: string };
/** PadLanguageSwitched: `starterWaiting` says the caller may ask whether to replace the pad with the starter code. */
export type PadLanguageSwitched = { language: string; starterLoaded: boolean; starterWaiting: boolean };

/** What the room hub pushes to a connection that opened the pad (IRoomClient's pad part). */
export interface PadEvents {
  PadUpdated(updates: PadUpdateMessage[]): void;
  CursorMoved(cursor: PadCursorView): void;
  CursorLeft(clientId: string): void;
  LanguageSwitched(language: PadLanguageView): void;
}

/** The room hub's pad methods, with what each returns: OpenPad opens the pad of the room the connection joined. */
export interface PadCalls {
  OpenPad(): PadOpened;
  Push(version: number, changes: ChangeSetJson[]): PadPushed;
  Pull(version: number): PadUpdateMessage[];
  MoveCursor(version: number, anchor: number, head: number): void;
  Languages(): PadLanguage[];
  SwitchLanguage(language: string): PadLanguageSwitched;
  LoadStarterCode(): PadPushed;
}

// ---- The replay page (ReplayMoments.ForPlayer, handed over in data-moments) ----

/** One moment of the room log: ms from the start, the instant (ISO), the pad's change if an edit, and the server's words for it. */
export type ReplayMoment = { sequence: number; at: number; time: string; changes: ChangeSetJson | null; says: string };

// ---- A connection with the names and shapes above ----

type Methods<T> = { [K in keyof T]: (...args: never[]) => unknown };

/**
 * A hub connection whose calls and events are checked against a hub's contract (`Server`, what the
 * page may invoke) and its client interface (`Client`, what the server pushes). The connection
 * itself (start, stop, reconnecting) stays the SignalR one.
 */
export type TypedHub<Server extends Methods<Server>, Client extends Methods<Client>> = {
  connection: HubConnection;
  invoke<M extends keyof Server & string>(method: M, ...args: Parameters<Server[M]>): Promise<ReturnType<Server[M]>>;
  on<E extends keyof Client & string>(event: E, handler: (...args: Parameters<Client[E]>) => void): void;
};

export function typedHub<Server extends Methods<Server>, Client extends Methods<Client>>(connection: HubConnection): TypedHub<Server, Client> {
  return {
    connection,
    invoke: (method, ...args) => connection.invoke(method, ...args),
    on: (event, handler) => connection.on(event, handler),
  };
}

/** An error's message, or what was thrown as text. */
export const errorText = (error: unknown): string => error instanceof Error ? error.message : String(error);

/** The server's refusal (a HubException's text), without the client library's "An unexpected error…" preamble. */
export const hubRefusal = (error: unknown): string => errorText(error).replace(/^.*HubException: /s, "");
