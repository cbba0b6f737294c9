// Syntax modes for the pad's languages, by the server's language ids (PadLanguages.cs).
import type { Extension } from "@codemirror/state";
import { StreamLanguage } from "@codemirror/language";
import { python } from "@codemirror/lang-python";
import { javascript } from "@codemirror/lang-javascript";
import { cpp } from "@codemirror/lang-cpp";
import { sql } from "@codemirror/lang-sql";
import { csharp } from "@codemirror/legacy-modes/mode/clike";

const modes: Record<string, () => Extension> = {
  python: () => python(),
  javascript: () => javascript(),
  typescript: () => javascript({ typescript: true }),
  cpp: () => cpp(),
  // No Lezer grammar for C# exists; the legacy clike mode highlights it well enough.
  csharp: () => StreamLanguage.define(csharp),
  sql: () => sql(),
};

export const syntaxFor = (id: string): Extension => modes[id]?.() ?? [];
