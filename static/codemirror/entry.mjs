// The parts of CodeMirror 6 that the SPARQL page's editor uses, as one global (window.CM).
// The editor itself (kg/ui/sparql_editor/frontend/editor.js) is plain JavaScript on top of these.
export { basicSetup } from "codemirror";
export { EditorView, keymap, placeholder } from "@codemirror/view";
export { EditorState, Prec, Compartment } from "@codemirror/state";
export { StreamLanguage, HighlightStyle, syntaxHighlighting, indentUnit } from "@codemirror/language";
export { indentWithTab } from "@codemirror/commands";
export { autocompletion, completeFromList } from "@codemirror/autocomplete";
export { setDiagnostics, lintGutter } from "@codemirror/lint";
export { sparql } from "@codemirror/legacy-modes/mode/sparql";
export { tags } from "@lezer/highlight";
