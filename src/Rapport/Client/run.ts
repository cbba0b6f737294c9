// Run in the room: either side presses Run, both see the output stream in and the verdict
// arrive. The server decides what may be shown (a hidden test arrives as a name and pass/fail
// only); this code draws what it is sent.
import { hubRefusal, type RoomClient, type RoomHub, type TypedHub } from "./hubMessages";

export type RunPanel = {
  offerTests(questionId: string, title: string, language: string): void;
  /** The pad switched language: Run follows when it can run that language (a plain-text pad keeps the last choice). */
  followPad(language: string): void;
};

export function setUpRun(root: HTMLElement, connection: TypedHub<RoomHub, RoomClient>, side: "candidate" | "interviewer", interviewId: string,
  beforeRun: () => Promise<void>, announce: (text: string) => void): RunPanel {
  const panel = root.querySelector<HTMLElement>("[data-region=run]");
  if (!panel) return { offerTests() {}, followPad() {} };
  const part = <T extends HTMLElement>(selector: string) => panel.querySelector<T>(selector)!;
  const available = panel.dataset.runAvailable === "true";
  const language = part<HTMLSelectElement>("select[data-run-language]");
  const runCode = part<HTMLButtonElement>("button[data-run-code]");
  const testButtons = part<HTMLElement>("[data-region=run-tests-buttons]");
  const status = part<HTMLElement>("[data-region=run-status]");
  const output = part<HTMLElement>("[data-region=run-output]");
  const tests = part<HTMLElement>("[data-region=run-tests]");
  let current: string | null = null;

  const buttons = () => [runCode, ...testButtons.querySelectorAll<HTMLButtonElement>("button")];
  const setBusy = (busy: boolean) => buttons().forEach(b => { b.disabled = busy || !available || language.options.length === 0; });

  async function start(testsOf: string | null, testsLanguage?: string) {
    if (testsLanguage && language.value !== testsLanguage) {
      if (![...language.options].some(o => o.value === testsLanguage)) { status.textContent = `These tests need ${testsLanguage}, which this interview cannot run.`; return; }
      language.value = testsLanguage;
    }
    setBusy(true);
    status.textContent = "Sending your latest edits…";
    try {
      await beforeRun();
      await (side === "candidate"
        ? connection.invoke("RunAsCandidate", language.value, testsOf)
        : connection.invoke("Run", interviewId, language.value, testsOf));
    } catch (error) {
      status.textContent = hubRefusal(error);
      announce(status.textContent);
      setBusy(false);
    }
  }

  const line = (text: string, cls?: string) => { const span = document.createElement("span"); span.textContent = text; if (cls) span.className = cls; return span; };

  runCode.addEventListener("click", () => start(null));
  connection.on("RunStarted", run => {
    current = run.runId;
    output.replaceChildren();
    tests.replaceChildren();
    status.textContent = `${run.by} ran ${run.questionTitle ? `the tests of “${run.questionTitle}”` : "the code"}; running…`;
    setBusy(true);
  });
  connection.on("RunOutput", chunk => {
    if (chunk.runId !== current) return;
    output.append(line(chunk.text, chunk.channel === "stderr" ? "stderr" : undefined));
  });
  connection.on("RunFinished", run => {
    if (current !== null && run.runId !== current) return;
    current = null;
    // The final output replaces what streamed: it is complete and in order.
    output.replaceChildren(
      ...run.compilerMessages.map(m => line(m + "\n", "stderr")),
      line(run.stdout),
      line(run.stderr, "stderr"),
      ...(run.outputTruncated ? [line("\n[output cut off here]", "muted")] : []));
    tests.replaceChildren(...run.tests.map(test => {
      const item = document.createElement("li");
      item.className = test.passed ? "passed" : "failed";
      item.append(line(`${test.passed ? "✓ passed" : "✗ failed"}: ${test.name}${test.visible ? "" : " (hidden)"}. `), line(test.passed ? "" : test.message));
      if (test.visible && test.call) {
        const detail = document.createElement("pre");
        detail.textContent = `${test.call}\nexpected: ${test.expected ?? ""}${test.actual !== null ? `\nactual:   ${test.actual}` : ""}`;
        item.append(detail);
      }
      return item;
    }));
    status.textContent = run.message;
    announce(run.message);
    setBusy(false);
  });
  setBusy(false);

  return {
    followPad(padLanguage: string) {
      if ([...language.options].some(o => o.value === padLanguage)) language.value = padLanguage;
    },
    offerTests(questionId: string, title: string, testsLanguage: string) {
      if (testButtons.querySelector(`[data-question="${CSS.escape(questionId)}"]`)) return;
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.question = questionId;
      button.textContent = `Run tests: ${title}`;
      button.addEventListener("click", () => start(questionId, testsLanguage));
      testButtons.append(" ", button);
      setBusy(current !== null);
    },
  };
}
