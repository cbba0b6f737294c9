// The replay player: plays a finished interview from its room log at 1× to 16×, skipping the
// quiet stretches if asked, and jumps to any moment of the timeline (a note, a hint) in place.
// The page works without it: every moment also has its own link, rendered on the server.
import { ChangeSet, Text } from "@codemirror/state";

type Moment = { sequence: number; at: number; changes: unknown | null };

const player = document.querySelector<HTMLElement>("[data-replay]");
if (player) start(player);

function start(player: HTMLElement) {
  const moments: Moment[] = JSON.parse(player.dataset.moments ?? "[]");
  if (moments.length === 0) return;
  const code = document.querySelector<HTMLElement>("[data-region=code] code")!;
  const play = player.querySelector<HTMLButtonElement>("[data-play]")!;
  const speed = player.querySelector<HTMLSelectElement>("[data-speed]")!;
  const skipIdle = player.querySelector<HTMLInputElement>("[data-skip-idle]")!;
  const position = player.querySelector<HTMLInputElement>("[data-position]")!;
  const clock = player.querySelector<HTMLElement>("[data-clock]")!;
  const status = player.querySelector<HTMLElement>("[data-replay-status]")!;
  const end = moments[moments.length - 1].at;
  /** A quiet stretch longer than this (in the interview's time) is skipped when asked. */
  const idle = 10_000;

  let doc = Text.empty;
  let applied = 0; // how many moments the text holds
  let now = 0; // ms from the start of the interview
  let timer: number | undefined;
  let last = 0;

  const index = (sequence: number) => Math.max(0, moments.findIndex(m => m.sequence === sequence));
  const format = (ms: number) => `${String(Math.floor(ms / 60000)).padStart(2, "0")}:${String(Math.floor(ms / 1000) % 60).padStart(2, "0")}`;

  /** Shows everything up to and including moment i; going back starts again from the empty pad. */
  const showUpTo = (i: number) => {
    if (i + 1 < applied) { doc = Text.empty; applied = 0; }
    for (; applied <= i; applied++) {
      const changes = moments[applied].changes;
      if (changes) doc = ChangeSet.fromJSON(changes).apply(doc);
    }
    code.textContent = doc.length ? doc.toString() : "(empty)";
    const sequence = moments[i].sequence;
    document.querySelectorAll<HTMLElement>("ol.timeline li[data-sequence]").forEach(item => {
      const current = Number(item.dataset.sequence) <= sequence && !(Number(item.nextElementSibling?.getAttribute("data-sequence") ?? Infinity) <= sequence);
      item.classList.toggle("current", current);
      if (current) item.setAttribute("aria-current", "step"); else item.removeAttribute("aria-current");
    });
    position.value = String(now);
    clock.textContent = `${format(now)} of ${format(end)}`;
    history.replaceState(null, "", `?at=${sequence}`);
  };

  const momentAt = (ms: number) => {
    let i = 0;
    while (i + 1 < moments.length && moments[i + 1].at <= ms) i++;
    return i;
  };

  const pause = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    play.textContent = "Play";
  };

  const tick = () => {
    const wall = performance.now();
    now += (wall - last) * Number(speed.value);
    last = wall;
    const next = moments[momentAt(now) + 1];
    if (skipIdle.checked && next && next.at - now > idle) {
      status.textContent = `Skipped ${format(next.at - now)} without activity.`;
      now = next.at;
    }
    if (now >= end) { now = end; pause(); status.textContent = "The end of the interview."; }
    showUpTo(momentAt(now));
  };

  play.addEventListener("click", () => {
    if (timer !== undefined) { pause(); return; }
    if (now >= end) now = 0;
    last = performance.now();
    play.textContent = "Pause";
    status.textContent = "";
    timer = window.setInterval(tick, 100);
  });
  position.addEventListener("input", () => { now = Number(position.value); showUpTo(momentAt(now)); });
  // A timeline entry (a note, a hint, a section) jumps the player to its moment without leaving the page.
  document.querySelectorAll<HTMLAnchorElement>("ol.timeline li[data-sequence] a").forEach(link => link.addEventListener("click", event => {
    event.preventDefault();
    const i = index(Number(link.closest<HTMLElement>("li")!.dataset.sequence));
    now = moments[i].at;
    showUpTo(i);
    status.textContent = `Jumped to ${format(now)}.`;
  }));

  const startAt = index(Number(player.dataset.at));
  now = moments[startAt].at;
  showUpTo(startAt);
  player.hidden = false;
}
