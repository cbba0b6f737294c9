// The pad's colours, as the page's CSS custom properties (--pad-*, defined in app.css for the
// light, dark and high-contrast themes). CodeMirror's own defaults are light-only: on the dark
// theme its selection, gutter, tooltips and syntax colours were unreadable. Keeping the colours in
// app.css lets the theme switch follow without JavaScript, and lets one test check every pair
// against WCAG AA (tests/Rapport.Tests/Rooms/PadThemeContrastTests.cs).
import { EditorView } from "@codemirror/view";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { tags as t } from "@lezer/highlight";

const v = (name: string) => `var(--pad-${name})`;

// Rules that CodeMirror's base themes also set: ours come later in the page and win at equal specificity.
const editorColours = EditorView.theme({
  "&": { color: v("text"), backgroundColor: v("bg") },
  ".cm-content": { caretColor: v("cursor") },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: v("cursor"), borderLeftWidth: "2px" },
  ".cm-selectionBackground, &.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-content ::selection": { backgroundColor: v("selection") },
  ".cm-activeLine": { backgroundColor: v("active-line") },
  ".cm-gutters": { backgroundColor: v("gutter-bg"), color: v("gutter-text"), borderRight: `1px solid ${v("gutter-border")}` },
  ".cm-activeLineGutter": { backgroundColor: v("active-line-gutter"), color: v("text") },
  "&.cm-focused .cm-matchingBracket": { backgroundColor: v("match"), outline: `1px solid ${v("gutter-text")}` },
  "&.cm-focused .cm-nonmatchingBracket": { backgroundColor: "transparent", outline: `1px solid ${v("invalid")}` },
  ".cm-searchMatch": { backgroundColor: v("match"), outline: `1px solid ${v("gutter-text")}` },
  ".cm-selectionMatch": { backgroundColor: v("match") },
  ".cm-foldPlaceholder": { backgroundColor: v("gutter-bg"), color: v("gutter-text"), border: `1px solid ${v("gutter-border")}` },
  ".cm-tooltip": { backgroundColor: v("gutter-bg"), color: v("text"), border: `1px solid ${v("gutter-border")}` },
  ".cm-tooltip-autocomplete ul li[aria-selected]": { backgroundColor: v("selection"), color: v("text") },
  ".cm-panels": { backgroundColor: v("gutter-bg"), color: v("text") },
  ".cm-panels.cm-panels-top": { borderBottom: `1px solid ${v("gutter-border")}` },
  ".cm-panels.cm-panels-bottom": { borderTop: `1px solid ${v("gutter-border")}` },
  ".cm-button, .cm-textfield": { backgroundImage: "none", backgroundColor: v("bg"), color: v("text"), border: `1px solid ${v("gutter-border")}` },
});

// Every tag CodeMirror's default highlight style colours, mapped onto the pad's few colours.
const highlight = HighlightStyle.define([
  { tag: [t.comment, t.lineComment, t.blockComment, t.docComment, t.meta], color: v("comment"), fontStyle: "italic" },
  { tag: [t.keyword, t.controlKeyword, t.definitionKeyword, t.moduleKeyword, t.operatorKeyword, t.modifier, t.self], color: v("keyword") },
  { tag: [t.string, t.special(t.string), t.regexp, t.escape, t.character, t.inserted], color: v("string") },
  { tag: [t.number, t.bool, t.atom, t.null, t.literal, t.unit, t.url, t.labelName, t.contentSeparator], color: v("number") },
  { tag: [t.definition(t.variableName), t.function(t.variableName), t.function(t.propertyName), t.definition(t.propertyName), t.macroName, t.special(t.variableName)], color: v("definition") },
  { tag: [t.typeName, t.className, t.namespace, t.standard(t.variableName)], color: v("type") },
  { tag: [t.invalid, t.deleted], color: v("invalid") },
  { tag: t.link, textDecoration: "underline" },
  { tag: t.heading, fontWeight: "bold", textDecoration: "underline" },
  { tag: t.emphasis, fontStyle: "italic" },
  { tag: t.strong, fontWeight: "bold" },
  { tag: t.strikethrough, textDecoration: "line-through" },
]);

export const padTheme = [editorColours, syntaxHighlighting(highlight)];
