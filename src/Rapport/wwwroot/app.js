// Small enhancements; every page works without them.
(() => {
  // Show times in the reader's own time zone.
  const format = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  for (const el of document.querySelectorAll("time[data-local]")) {
    const when = new Date(el.getAttribute("datetime"));
    if (!Number.isNaN(when.getTime())) el.textContent = format.format(when);
  }

  // Planning form: start with the coordinator's own time zone.
  const zone = document.querySelector("input[data-default-time-zone]");
  if (zone && zone.value === "UTC") {
    try { zone.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"; } catch { /* keep UTC */ }
  }

  // Copy buttons for links shown once.
  document.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-copy]");
    if (!button) return;
    const input = document.getElementById(button.dataset.copy);
    const status = button.parentElement.querySelector(".copy-status");
    try {
      await navigator.clipboard.writeText(input.value);
      if (status) status.textContent = "Copied.";
    } catch {
      input.select();
      if (status) status.textContent = "Press Ctrl+C to copy.";
    }
  });
})();
