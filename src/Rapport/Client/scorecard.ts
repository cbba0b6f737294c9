// The scorecard page's draft, saved as the interviewer types: a second after the last keystroke
// (and at once when the tab is hidden or closed) through PUT /api/interviews/{id}/scorecard/draft
// with the draft version this page last saw. Another tab's newer save is never overwritten: the
// server refuses the stale version (409) and the page offers to reload. The language check's
// findings from each save appear under their evidence. Without this module the page is a plain
// form with Save draft and Submit buttons.

/** ScorecardContent and SignalRating on the server (JSON, camelCase). */
type SignalRating = { question: string; signal: string; level: number | null; evidence: string | null; moments: number[] };
type ScorecardContent = { ratings: SignalRating[]; recommendation: string | null; why: string | null };
/** LanguageCheckFinding and EvidenceFindings on the server. */
type Finding = { kind: string; matched: string; start: number; length: number; suggestion: string; why: string };
type EvidenceFindings = { rating: number; question: string; signal: string; findings: Finding[] };
type ScorecardResponse = { draftVersion: number; findings: EvidenceFindings[] };
type Problem = { title?: string; errors?: Record<string, string[]> };

/** Quiet time after the last keystroke before saving. */
const debounce = 1000;
/** Characters of context either side of a highlighted phrase, as the server renders it. */
const around = 40;
/** Browsers refuse keepalive requests with larger bodies. */
const keepaliveLimit = 60_000;

const form = document.querySelector<HTMLFormElement>("form[data-scorecard]");
if (form) start(form);
document.querySelectorAll<HTMLButtonElement>("button[data-insert-note]").forEach(button => {
  button.hidden = false;
  button.addEventListener("click", () => insertNote(button));
});
document.querySelectorAll<HTMLTextAreaElement>("textarea[data-evidence]").forEach(area => {
  area.addEventListener("input", () => count(area));
});

function start(form: HTMLFormElement) {
  const url = `/api/interviews/${form.dataset.interview}/scorecard/draft`;
  const versionInput = form.querySelector<HTMLInputElement>("input[data-version]")!;
  const status = form.querySelector<HTMLElement>("[data-save-status]")!;
  const reloadOffer = form.querySelector<HTMLElement>("[data-reload-offer]")!;
  let version = Number(versionInput.value);
  let timer: number | undefined;
  let inFlight = false;
  let dirty = false;
  let stopped = false;
  let retries = 0;

  status.hidden = false;
  status.textContent = "Drafts save as you type.";

  const say = (text: string) => { status.textContent = text; };
  const schedule = (delay: number) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = window.setTimeout(() => { timer = undefined; void save(false); }, delay);
  };

  const save = async (leaving: boolean) => {
    if (stopped || !dirty) return;
    if (inFlight) { schedule(debounce); return; }
    inFlight = true;
    dirty = false;
    const content = read(form);
    const body = JSON.stringify({ content, version });
    let response: Response | undefined;
    try {
      response = await fetch(url, {
        method: "PUT",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body,
        credentials: "same-origin",
        keepalive: leaving && body.length < keepaliveLimit,
      });
    } catch {
      response = undefined;
    }
    inFlight = false;

    if (response?.ok) {
      const saved = (await response.json()) as ScorecardResponse;
      version = saved.draftVersion;
      versionInput.value = String(version);
      retries = 0;
      clearProblems(form);
      showFindings(form, saved.findings, content);
      say(`Saved · ${new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}`);
      if (dirty) schedule(debounce);
      return;
    }

    if (response?.status === 409) {
      // Another tab saved since (or submitted): never overwrite it; let the person choose.
      stopped = true;
      const problem = (await response.json().catch(() => ({}))) as Problem;
      say(`Not saved: ${problem.title ?? "this scorecard changed elsewhere."} What you typed here since the last save is still on this page; copy it before reloading if you need it.`);
      reloadOffer.hidden = false;
      return;
    }

    if (response?.status === 400) {
      const problem = (await response.json().catch(() => ({}))) as Problem;
      showProblems(form, problem.errors ?? {});
      say("Not saved: fix the problems marked below; it saves again as you type.");
      return;
    }

    // The network or the server failed: keep the changes and try again, less and less often.
    dirty = true;
    retries++;
    say("Not saved — retrying");
    schedule(Math.min(30_000, 2000 * 2 ** Math.min(retries - 1, 4)));
  };

  form.addEventListener("input", () => {
    if (stopped) return;
    dirty = true;
    schedule(debounce);
  });
  form.addEventListener("change", () => {
    if (stopped) return;
    dirty = true;
    schedule(debounce);
  });
  // Losing the tab loses nothing: whatever is pending goes now.
  const flush = () => {
    if (timer !== undefined) { clearTimeout(timer); timer = undefined; }
    void save(true);
  };
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") flush(); });
  window.addEventListener("pagehide", flush);
  reloadOffer.querySelector("button[data-reload]")?.addEventListener("click", () => location.reload());

  form.addEventListener("submit", (event) => {
    const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
    if (submitter?.value === "save") {
      // Saving by hand is the same save, without leaving the page.
      event.preventDefault();
      dirty = true;
      flush();
      return;
    }
    if (submitter?.value === "submit") {
      if (!confirm("Submit and lock this scorecard? After this, a change is an amendment with a reason, and both versions are kept.")) {
        event.preventDefault();
        return;
      }
      // The form carries everything; a save still waiting would only be refused as stale.
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    }
  });
}

/** The form's content, as the API takes it: one rating per line of the sheet, in the page's order. */
function read(form: HTMLFormElement): ScorecardContent {
  const ratings = [...form.querySelectorAll<HTMLElement>("[data-row]")].map(row => {
    const i = row.dataset.row;
    const level = row.querySelector<HTMLInputElement>(`input[name="ratings[${i}].level"]:checked`)?.value ?? "";
    const evidence = row.querySelector<HTMLTextAreaElement>(`textarea[name="ratings[${i}].evidence"]`)?.value ?? "";
    const moments = [...row.querySelectorAll<HTMLInputElement>(`input[name="ratings[${i}].moments"]:checked`)].map(m => Number(m.value));
    return {
      question: row.dataset.question ?? "",
      signal: row.dataset.signal ?? "",
      level: level === "" ? null : Number(level),
      evidence: evidence === "" ? null : evidence,
      moments: [...new Set(moments)],
    };
  });
  const recommendation = form.querySelector<HTMLInputElement>('input[name="recommendation"]:checked')?.value ?? null;
  const why = form.querySelector<HTMLTextAreaElement>('textarea[name="why"]')?.value ?? "";
  return { ratings, recommendation, why: why === "" ? null : why };
}

/** Appends a note's text to its line's evidence and links its moment. */
function insertNote(button: HTMLButtonElement) {
  const row = button.closest<HTMLElement>("[data-row]");
  const area = row?.querySelector<HTMLTextAreaElement>("textarea[data-evidence]");
  if (!row || !area) return;
  const text = button.dataset.insertNote ?? "";
  if (!area.value.includes(text)) {
    area.value = area.value.trim() === "" ? text : `${area.value.replace(/\s+$/, "")}\n${text}`;
  }
  const moment = row.querySelector<HTMLInputElement>(`input[type=checkbox][value="${button.dataset.sequence}"]`);
  if (moment) moment.checked = true;
  area.dispatchEvent(new Event("input", { bubbles: true }));
  area.focus();
}

function count(area: HTMLTextAreaElement) {
  const counter = area.closest(".field")?.querySelector("[data-count]");
  if (counter) counter.textContent = String(area.value.length);
}

function clearProblems(form: HTMLFormElement) {
  form.querySelectorAll<HTMLElement>("[data-problems]").forEach(slot => slot.replaceChildren());
}

/** Puts each problem beside its field, as the server does for the form without JavaScript. */
function showProblems(form: HTMLFormElement, errors: Record<string, string[]>) {
  clearProblems(form);
  for (const [field, messages] of Object.entries(errors)) {
    const slot = form.querySelector<HTMLElement>(`[data-problems="${CSS.escape(field)}"]`);
    for (const message of messages) {
      const line = document.createElement("div");
      line.className = "validation-message";
      line.textContent = message;
      (slot ?? form.querySelector<HTMLElement>("[data-save-status]")!).append(line);
    }
  }
}

/**
 * Renders the language check's findings under each evidence, as EvidenceFindingsList.razor does,
 * quoting the evidence as it was saved (the positions are into that text, not what was typed since).
 */
function showFindings(form: HTMLFormElement, all: EvidenceFindings[], saved: ScorecardContent) {
  form.querySelectorAll<HTMLElement>("[data-row]").forEach((row, i) => {
    const slot = row.querySelector<HTMLElement>("[data-findings]");
    if (!slot) return;
    const evidence = saved.ratings[i]?.evidence ?? "";
    const findings = all.filter(f => f.question === row.dataset.question && f.signal === row.dataset.signal).flatMap(f => f.findings);
    slot.replaceChildren();
    if (findings.length === 0) return;
    const intro = document.createElement("p");
    intro.className = "language-findings-intro";
    intro.textContent = "A second look at the wording (you can still submit as it is):";
    const list = document.createElement("ul");
    for (const finding of findings) {
      const item = document.createElement("li");
      const [before, matched, after] = context(evidence, finding);
      if (matched.length > 0) {
        const quote = document.createElement("q");
        const mark = document.createElement("mark");
        mark.textContent = matched;
        quote.append(before, mark, after);
        item.append(quote, " ");
      }
      const suggestion = document.createElement("span");
      suggestion.className = "suggestion";
      suggestion.textContent = finding.suggestion;
      const why = document.createElement("span");
      why.className = "muted";
      why.textContent = finding.why;
      item.append(suggestion, " ", why);
      list.append(item);
    }
    slot.append(intro, list);
  });
}

function context(evidence: string, finding: Finding): [string, string, string] {
  const { start, length } = finding;
  if (length === 0 || start < 0 || start + length > evidence.length) return ["", finding.matched, ""];
  const from = Math.max(0, start - around);
  const to = Math.min(evidence.length, start + length + around);
  return [
    (from > 0 ? "…" : "") + evidence.slice(from, start),
    evidence.slice(start, start + length),
    evidence.slice(start + length, to) + (to < evidence.length ? "…" : ""),
  ];
}
