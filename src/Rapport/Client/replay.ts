// The replay player: plays a finished interview from its room log at 1× to 16×, skipping the
// quiet stretches if asked, and jumps to any moment of the timeline (a note, a hint) in place.
// The page works without it: every moment also has its own link, rendered on the server.
import { ChangeSet, Text } from "@codemirror/state";
import type { ReplayMoment } from "./hubMessages";

const player = document.querySelector<HTMLElement>("[data-replay]");
if (player) start(player);

function start(player: HTMLElement) {
  // Written by the server (ReplayMoments.ForPlayer) into the page, so it has that shape.
  const moments: ReplayMoment[] = JSON.parse(player.dataset.moments ?? "[]");
  if (moments.length === 0) return;
  const code = document.querySelector<HTMLElement>("[data-region=code] code")!;
  const play = player.querySelector<HTMLButtonElement>("[data-play]")!;
  const speed = player.querySelector<HTMLSelectElement>("[data-speed]")!;
  const skipIdle = player.querySelector<HTMLInputElement>("[data-skip-idle]")!;
  const position = player.querySelector<HTMLInputElement>("[data-position]")!;
  const clock = player.querySelector<HTMLElement>("[data-clock]")!;
  const status = player.querySelector<HTMLElement>("[data-replay-status]")!;
  const end = moments[moments.length - 1].at;
  /** A quiet stretch longer than this (in the interview's time) is idle: the server's own threshold, handed over by the page. */
  const idle = Number(player.dataset.idleMs);
  // The header and the step links above the player follow it, so they always say where it is.
  const header = {
    number: document.querySelector<HTMLElement>("[data-moment-number]"),
    time: document.querySelector<HTMLTimeElement>("[data-moment-header] time"),
    says: document.querySelector<HTMLElement>("[data-moment-says]"),
  };
  const steps = new Map([...document.querySelectorAll<HTMLAnchorElement>("a[data-step]")].map(a => [a.dataset.step!, a]));
  const localTime = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  /** The replay's own address at a moment: the page's path, never the site's root (the page has a base href). */
  const addressOf = (sequence: number) => {
    const url = new URL(location.href);
    url.searchParams.set("at", String(sequence));
    return url.pathname + url.search;
  };
  /** The first moment after i that ends a quiet stretch longer than idle, or the last: the server's NextActivity. */
  const nextActivity = (i: number) => {
    for (let j = i + 1; j < moments.length; j++) if (moments[j].at - moments[j - 1].at > idle) return j;
    return moments.length - 1;
  };

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
    showHeader(i);
    history.replaceState(null, "", addressOf(sequence));
  };

  const showHeader = (i: number) => {
    const moment = moments[i];
    if (header.number) header.number.textContent = String(moment.sequence);
    if (header.says) header.says.textContent = moment.says;
    if (header.time) {
      header.time.dateTime = moment.time;
      header.time.textContent = localTime.format(new Date(moment.time));
    }
    const targets: Record<string, number> = {
      start: 0, previous: Math.max(0, i - 1), next: Math.min(moments.length - 1, i + 1), skip: nextActivity(i), end: moments.length - 1,
    };
    for (const [step, link] of steps) {
      if (!(step in targets)) continue;
      link.href = addressOf(moments[targets[step]].sequence);
      link.dataset.moment = String(targets[step]);
    }
  };

  /** Moves the player to moment i in place, as if it had played there. */
  const seek = (i: number) => {
    now = moments[i].at;
    showUpTo(i);
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
    const current = momentAt(now);
    const next = moments[current + 1];
    // The same idle stretch as the server's: a gap between two moments longer than the threshold.
    if (skipIdle.checked && next && next.at - moments[current].at > idle) {
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
    seek(i);
    status.textContent = `Jumped to ${format(now)}.`;
  }));
  // Start, Previous, Next, Skip and End step the player in place too (their addresses still work on their own).
  steps.forEach(link => link.addEventListener("click", event => {
    event.preventDefault();
    const i = Number(link.dataset.moment);
    seek(i);
    status.textContent = `Moment ${moments[i].sequence}, at ${format(now)}.`;
  }));

  seek(index(Number(player.dataset.at)));
  player.hidden = false;
}
