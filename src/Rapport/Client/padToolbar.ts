// The pad's toolbar: the language menu, "Load starter code", and the question asked before the
// starter code replaces someone's code. The server decides what is allowed (SwitchLanguage,
// LoadStarterCode); this code asks and follows what the room hub says.
import { hubRefusal, type PadLanguage, type PadLanguageView, type PadOpened } from "./hubMessages";
import type { PadConnection } from "./padSync";

export type LanguageMenu = {
  /** The pad's language as this side last heard it. */
  readonly current: string;
  /** The pad was opened (again): its language is the server's. */
  opened: (opened: PadOpened) => void;
  /** Offers these languages, the pad's own selected. */
  fill: (languages: PadLanguage[]) => void;
  /** Someone switched the pad's language. */
  switched: (language: PadLanguageView) => void;
  /** A question was chosen: the menu follows its languages; `loadsStarter` also switches and asks for its starter code. */
  questionChosen: (loadsStarter: boolean) => Promise<void>;
  /** The interview ended: nothing left to choose. */
  hide: () => void;
  /** This side only watches (false) or leads again (true): the menu and "Load starter code" follow. */
  enable: (enabled: boolean) => void;
};

export type ToolbarHooks = {
  report: (text: string) => void;
  /** Whether the pad is empty (starter code then goes in without asking). */
  padIsEmpty: () => boolean;
  /** Called with the pad's language whenever this side learns it changed. */
  onLanguage?: (language: string) => void;
};

export function languageMenu(hub: PadConnection, host: HTMLElement, language: string, hooks: ToolbarHooks): { menu: LanguageMenu; editorHost: HTMLElement } {
  const { report } = hooks;
  const { toolbar, select, starterPrompt, editorHost } = drawToolbar(host);

  const fill = (languages: PadLanguage[]) => {
    select.replaceChildren(...languages.map(l => new Option(l.label, l.id, false, l.id === language)));
  };
  const askAboutStarter = () => {
    starterPrompt.hidden = false;
    starterPrompt.querySelector("button")?.focus();
  };
  const switchLanguage = async (id: string) => {
    try {
      const result = await hub.invoke("SwitchLanguage", id);
      if (result.starterWaiting) askAboutStarter();
    } catch (error) {
      select.value = language;
      report(hubRefusal(error));
    }
  };
  const loadStarter = () => {
    starterPrompt.hidden = true;
    hub.invoke("LoadStarterCode").catch(error => report(hubRefusal(error)));
  };

  select.addEventListener("change", () => { void switchLanguage(select.value); });
  toolbar.querySelector<HTMLButtonElement>("[data-load-starter]")!.addEventListener("click", () => {
    if (hooks.padIsEmpty()) { loadStarter(); } else { askAboutStarter(); }
  });
  starterPrompt.querySelector<HTMLButtonElement>("[data-replace]")!.addEventListener("click", loadStarter);
  starterPrompt.querySelector<HTMLButtonElement>("[data-keep]")!.addEventListener("click", () => { starterPrompt.hidden = true; });

  const menu: LanguageMenu = {
    get current() { return language; },
    opened: opened => { language = opened.language; },
    fill,
    switched: switched => {
      language = switched.language;
      select.value = language;
      hooks.onLanguage?.(language);
      report(`The pad is now in ${switched.label} (switched by ${switched.by}).`);
    },
    // A newly chosen question may narrow the languages (the menu follows) and its starter code goes
    // into an empty or untouched pad by itself, in the pad's language if still offered, else the first.
    questionChosen: async loadsStarter => {
      try {
        const languages = await hub.invoke("Languages");
        fill(languages);
        const next = languages.some(l => l.id === language) ? language : languages[0]?.id;
        if (loadsStarter && next) await switchLanguage(next);
      } catch (error) {
        report(hubRefusal(error));
      }
    },
    hide: () => {
      toolbar.hidden = true;
      starterPrompt.hidden = true;
    },
    enable: enabled => {
      select.disabled = !enabled;
      toolbar.querySelector<HTMLButtonElement>("[data-load-starter]")!.disabled = !enabled;
      if (!enabled) starterPrompt.hidden = true;
    },
  };
  return { menu, editorHost };
}

function drawToolbar(host: HTMLElement) {
  const toolbar = document.createElement("div");
  toolbar.className = "pad-toolbar";
  const label = document.createElement("label");
  label.textContent = "Language";
  label.htmlFor = "pad-language";
  const select = document.createElement("select");
  select.id = "pad-language";
  const load = document.createElement("button");
  load.type = "button";
  load.dataset.loadStarter = "";
  load.textContent = "Load starter code";
  toolbar.append(label, " ", select, " ", load);
  const starterPrompt = document.createElement("p");
  starterPrompt.className = "pad-starter";
  starterPrompt.hidden = true;
  starterPrompt.append("Replace the code in the pad, for everyone, with the question's starter code? The code now in the pad stays in the replay. ");
  for (const [text, key] of [["Replace with starter code", "replace"], ["Keep the pad as it is", "keep"]]) {
    const button = document.createElement("button");
    button.type = "button";
    button.dataset[key] = "";
    button.textContent = text;
    starterPrompt.append(button, " ");
  }
  const editorHost = document.createElement("div");
  host.replaceChildren(toolbar, starterPrompt, editorHost);
  return { toolbar, select, starterPrompt, editorHost };
}
