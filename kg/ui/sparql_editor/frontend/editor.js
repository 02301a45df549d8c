// The SPARQL page's editor: CodeMirror 6 (window.CM, from static/codemirror-sparql.js) speaking Streamlit's
// component protocol by hand (postMessage), so nothing but the app's own files is ever loaded.
"use strict";

(() => {
  const KEYWORDS = ("SELECT DISTINCT REDUCED CONSTRUCT DESCRIBE ASK WHERE OPTIONAL FILTER UNION MINUS GRAPH BIND VALUES " +
    "GROUP BY HAVING ORDER ASC DESC LIMIT OFFSET AS PREFIX BASE NOT EXISTS IN COUNT SUM MIN MAX AVG SAMPLE " +
    "GROUP_CONCAT SEPARATOR STR LANG LANGMATCHES DATATYPE BOUND IRI isIRI isLITERAL isBLANK REGEX CONTAINS " +
    "STRSTARTS STRENDS LCASE UCASE CONCAT COALESCE IF").split(" ");

  const ui = {
    box: document.getElementById("box"),
    mount: document.getElementById("editor"),
    run: document.getElementById("run"),
    runLabel: document.getElementById("run-label"),
    keys: document.getElementById("keys"),
    status: document.getElementById("status"),
  };
  const mac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
  const state = {
    editor: null, // {text(), setText(t), mark(error), focus()}
    loading: false,
    waiting: null, // the render that came before the editor was ready
    doc: null, // the document number Python last gave
    ran: null, // the text whose result the page shows
    pending: null, // the token of a run sent and not yet answered
    sent: null, // the text last sent
    stale: false,
    error: "",
    errorKey: "",
    applying: false, // true while the page's own text goes in: not an edit to report
    words: {},
    prefixes: {},
    terms: [],
  };

  function post(type, data) {
    window.parent.postMessage(Object.assign({ isStreamlitMessage: true, type }, data), "*");
  }

  function send(run) {
    const text = state.editor.text();
    state.sent = text;
    post("streamlit:setComponentValue", { value: { text, doc: state.doc, run: run || null }, dataType: "json" });
  }

  function runQuery() {
    if (!state.editor) return true;
    const token = Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
    state.pending = token;
    send(token);
    paint();
    // Should the page never answer (its script failed), the button comes back after a minute.
    setTimeout(() => { if (state.pending === token) { state.pending = null; paint(); } }, 60000);
    return true; // handled: no newline
  }

  function edited() {
    if (state.applying) return;
    const stale = state.ran !== null && state.editor.text() !== state.ran;
    if (stale !== state.stale) {
      state.stale = stale;
      send(null); // the page dims or restores the result
    }
    paint();
  }

  function left() {
    if (state.editor && state.editor.text() !== state.sent) send(null);
  }

  function paint() {
    const w = state.words;
    ui.runLabel.textContent = w.run || "";
    ui.keys.textContent = mac ? "⌘ Enter" : "Ctrl+Enter";
    ui.keys.title = w.keys || "";
    ui.run.disabled = state.pending !== null;
    let text = "";
    let kind = "";
    if (state.pending !== null) [text, kind] = [w.running, "running"];
    else if (state.stale) [text, kind] = [w.stale_short, "stale"];
    else if (state.error) [text, kind] = [state.error, "error"];
    ui.status.textContent = text || "";
    ui.status.className = kind;
    document.body.classList.toggle("stale", state.stale);
  }

  function resize() {
    post("streamlit:setFrameHeight", { height: Math.ceil(document.documentElement.getBoundingClientRect().height) + 2 });
  }

  // Completion: the project's prefixes (and a whole PREFIX line after the keyword), the terms of wtv:, keywords.
  function complete(context) {
    const before = context.matchBefore(/[A-Za-z_][\w.-]*:?[\w.-]*$/);
    if (!before && !context.explicit) return null;
    const word = before ? before.text : "";
    const from = before ? before.from : context.pos;
    const line = context.state.doc.lineAt(context.pos);
    const head = line.text.slice(0, context.pos - line.from - word.length);
    const prefixes = Object.entries(state.prefixes);
    if (/\bPREFIX\s+$/i.test(head)) {
      return { from, options: prefixes.map(([p, iri]) => ({ label: `${p}: <${iri}>`, type: "namespace" })) };
    }
    const colon = word.indexOf(":");
    if (colon >= 0) {
      const prefix = word.slice(0, colon);
      const options = state.terms.filter((t) => t.prefix === prefix).map((t) => ({
        label: `${prefix}:${t.name}`, type: t.kind === "class" ? "class" : "property", detail: t.label || "",
      }));
      return options.length ? { from, options, validFor: /^[\w.-]*:?[\w.-]*$/ } : null;
    }
    const options = prefixes.map(([p, iri]) => ({ label: `${p}:`, type: "namespace", detail: iri }))
      .concat(KEYWORDS.map((k) => ({ label: k, type: "keyword" })));
    return { from, options, validFor: /^[\w.-]*$/ };
  }

  // Typing over a selection that spans lines (Ctrl+A, then type) lost or mangled text when CodeMirror read the
  // change back from the DOM (Chromium 156, CodeMirror 6.44); the editor replaces such a selection itself.
  function typeOverLines(event, view) {
    const { doc, selection } = view.state;
    const acrossLines = selection.ranges.some((r) => doc.lineAt(r.from).number !== doc.lineAt(r.to).number);
    if (event.inputType !== "insertText" || event.isComposing || !event.data || !acrossLines) return false;
    event.preventDefault();
    view.dispatch(view.state.replaceSelection(event.data), { userEvent: "input.type", scrollIntoView: true });
    return true;
  }

  function cmEditor() {
    const CM = window.CM;
    // A wrapped line never breaks inside ?name or prefix:name (the browser would break after the "?").
    const style = CM.HighlightStyle.define([
      { tag: CM.tags.keyword, color: "#7a1fa2", fontWeight: "600" },
      { tag: CM.tags.atom, color: "#0b6e4f", whiteSpace: "nowrap" },
      { tag: CM.tags.local(CM.tags.variableName), color: "#1d4ed8", whiteSpace: "nowrap" },
      { tag: CM.tags.standard(CM.tags.variableName), color: "#9a3412" },
      { tag: CM.tags.string, color: "#b91c1c" },
      { tag: CM.tags.number, color: "#0f766e" },
      { tag: CM.tags.meta, color: "#6b7280" },
      { tag: CM.tags.comment, color: "#6b7280", fontStyle: "italic" },
      { tag: CM.tags.operator, color: "#374151" },
    ]);
    const run = { key: "Mod-Enter", run: runQuery, preventDefault: true };
    const view = new CM.EditorView({
      parent: ui.mount,
      state: CM.EditorState.create({
        doc: "",
        extensions: [
          CM.Prec.highest(CM.keymap.of([run, { key: "Ctrl-Enter", run: runQuery, preventDefault: true }])),
          CM.basicSetup,
          CM.keymap.of([CM.indentWithTab]),
          CM.StreamLanguage.define(CM.sparql),
          CM.syntaxHighlighting(style),
          CM.autocompletion({ override: [complete], activateOnTyping: true }),
          CM.lintGutter(),
          CM.placeholder(state.words.placeholder || ""),
          CM.EditorView.lineWrapping,
          CM.EditorView.contentAttributes.of({ "aria-label": state.words.label || "SPARQL" }),
          CM.EditorView.updateListener.of((update) => { if (update.docChanged) edited(); }),
          CM.EditorView.domEventHandlers({ blur: () => { left(); return false; }, beforeinput: typeOverLines }),
        ],
      }),
    });
    return {
      text: () => view.state.doc.toString(),
      setText: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
      focus: () => view.focus(),
      mark: (error) => {
        if (!error) {
          view.dispatch(CM.setDiagnostics(view.state, []));
          return;
        }
        const doc = view.state.doc;
        const line = doc.line(Math.min(Math.max(error.line, 1), doc.lines));
        let from = Math.min(line.from + Math.max(error.column, 1) - 1, line.to);
        const rest = line.text.slice(from - line.from).match(/^\S+/);
        let to = rest ? from + rest[0].length : from;
        if (to === from) [from, to] = [Math.max(line.from, from - 1), Math.max(line.from, from - 1) + (line.length ? 1 : 0)];
        view.dispatch(CM.setDiagnostics(view.state, [{ from, to, severity: "error", message: error.message }]));
        view.dispatch({ effects: CM.EditorView.scrollIntoView(from, { y: "center" }) });
      },
    };
  }

  // Without the bundle (static serving switched off): a text area with the same keys.
  function plainEditor() {
    const area = document.createElement("textarea");
    area.spellcheck = false;
    area.setAttribute("aria-label", state.words.label || "SPARQL");
    area.placeholder = state.words.placeholder || "";
    ui.mount.appendChild(area);
    ui.box.classList.add("plain");
    area.addEventListener("input", edited);
    area.addEventListener("blur", left);
    area.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        runQuery();
      }
    });
    return {
      text: () => area.value,
      setText: (text) => { area.value = text; },
      focus: () => area.focus(),
      mark: (error) => {
        if (!error) return;
        const lines = area.value.split("\n").slice(0, error.line - 1);
        const at = lines.reduce((n, l) => n + l.length + 1, 0) + error.column - 1;
        area.setSelectionRange(at, at + 1);
      },
    };
  }

  function load(assets, then) {
    if (!assets) {
      then(false);
      return;
    }
    const script = document.createElement("script");
    script.src = assets + "codemirror-sparql.js";
    script.onload = () => then(Boolean(window.CM));
    script.onerror = () => then(false);
    document.head.appendChild(script);
  }

  function theme(colors) {
    if (!colors) return;
    const root = document.documentElement.style;
    if (colors.textColor) root.setProperty("--text", colors.textColor);
    if (colors.backgroundColor) root.setProperty("--background", colors.backgroundColor);
    if (colors.secondaryBackgroundColor) root.setProperty("--panel", colors.secondaryBackgroundColor);
    if (colors.primaryColor) root.setProperty("--primary", colors.primaryColor);
    document.body.classList.toggle("dark", colors.base === "dark");
  }

  function render(args, colors) {
    if (!state.editor) {
      state.waiting = [args, colors];
      if (!state.loading) {
        state.loading = true;
        state.words = args.words || {};
        load(args.assets, (ok) => {
          state.editor = ok ? cmEditor() : plainEditor();
          const [waitingArgs, waitingColors] = state.waiting;
          render(waitingArgs, waitingColors);
        });
      }
      return;
    }
    state.words = args.words || {};
    state.prefixes = args.prefixes || {};
    state.terms = args.terms || [];
    document.documentElement.lang = state.words.lang || "nl";
    theme(colors);
    state.ran = typeof args.ran === "string" ? args.ran : null;
    if (args.doc !== state.doc) {
      state.doc = args.doc;
      state.applying = true;
      state.editor.setText(args.text || "");
      state.applying = false;
      state.sent = args.text || "";
    }
    if (state.pending !== null && state.pending === args.ran_token) state.pending = null;
    const error = args.error ? JSON.stringify(args.error) : "";
    if (error !== state.errorKey) {
      state.errorKey = error;
      state.error = args.error ? args.error.message : "";
      state.editor.mark(args.error);
    }
    state.stale = state.ran !== null && state.editor.text() !== state.ran;
    paint();
    resize();
  }

  ui.run.addEventListener("mousedown", (event) => event.preventDefault()); // keep the editor's focus: no blur report first
  ui.run.addEventListener("click", runQuery);
  new ResizeObserver(resize).observe(document.body);
  window.addEventListener("message", (event) => {
    if (event.source !== window.parent || !event.data || event.data.type !== "streamlit:render") return;
    render(event.data.args || {}, event.data.theme);
  });
  post("streamlit:componentReady", { apiVersion: 1 });
})();
