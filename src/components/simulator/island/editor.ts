/**
 * The program editor: prism-code-editor (about 7 KB) on a real <textarea>, so phone keyboards, paste and
 * screen readers work as in any text field. Tab is left to the browser (it moves focus, no trap); Escape
 * also leaves the editor. Loaded only when the playground shows a program.
 */
import { createEditor, type PrismEditor } from "prism-code-editor";
import { languages } from "prism-code-editor/prism";
import "prism-code-editor/layout.css";
import { asmGrammar } from "./asm-language";

export type { PrismEditor };

let registered = false;

export function mountEditor(
  parent: HTMLElement,
  options: { value: string; label: string; onChange: (value: string) => void; onEscape: () => void },
): PrismEditor {
  if (!registered) {
    languages.mnosasm = asmGrammar();
    registered = true;
  }
  const editor = createEditor(parent, {
    language: "mnosasm",
    value: options.value,
    lineNumbers: true,
    tabSize: 8,
    onUpdate: (value) => options.onChange(value),
  });
  editor.textarea.setAttribute("aria-label", options.label);
  editor.textarea.setAttribute("spellcheck", "false");
  editor.textarea.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      options.onEscape();
    }
  });
  return editor;
}

/** Marks the lines that have assembler errors (editor.lines[n] is line n). */
export function markErrorLines(editor: PrismEditor, lines: ReadonlySet<number>): void {
  for (let i = 1; i < editor.lines.length; i++) {
    editor.lines[i]?.classList.toggle("sim-error-line", lines.has(i));
  }
}

/** Puts the caret at a line and column (both 1-based) and focuses the editor. */
export function goTo(editor: PrismEditor, line: number, column: number): void {
  const lines = editor.value.split("\n");
  let at = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) at += (lines[i]?.length ?? 0) + 1;
  at += Math.max(0, column - 1);
  editor.textarea.focus();
  editor.textarea.setSelectionRange(at, at);
}
