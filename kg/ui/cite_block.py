"""Citing that pastes: a cite block with the ready sentence, the references in APA and the report's own reference,
and a copy button that is always visible and puts rich text on the clipboard, so italics survive a paste into Word."""

from __future__ import annotations

import json

import streamlit as st

from kg.explore.cite import plain_text
from kg.ui.data import apa_list, report_reference
from kg.ui.i18n import locale as view_locale
from kg.ui.i18n import t
from kg.ui.widgets import esc, html_block
from kg.vocab import iris

# Runs inside the component's own frame (Streamlit allows clipboard-write there). The Clipboard API writes HTML
# and plain text; where it is refused, a selected copy of the markup with execCommand("copy") does the same.
_COPY = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body { margin: 0; font-family: "Source Sans Pro", sans-serif; }
button { font: inherit; font-size: 15px; padding: 6px 14px; border: 1px solid #4361ee; border-radius: 6px; background: #4361ee; color: #fff; cursor: pointer; }
button:focus { outline: 3px solid #ffbe0b; outline-offset: 2px; }
#status { margin-left: 10px; font-size: 14px; color: #1b7f3b; }
</style></head><body>
<button id="copy" type="button">LABEL</button><span id="status" role="status" aria-live="polite"></span>
<script>
const markup = MARKUP, plain = PLAIN, done = DONE, failed = FAILED;
const status = document.getElementById("status");
function said(text) { status.textContent = text; setTimeout(() => status.textContent = "", 4000); }
function fallback() {
  const box = document.createElement("div");
  box.contentEditable = "true"; box.innerHTML = markup; document.body.appendChild(box);
  const range = document.createRange(); range.selectNodeContents(box);
  const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
  const ok = document.execCommand("copy"); selection.removeAllRanges(); box.remove();
  said(ok ? done : failed);
}
document.getElementById("copy").addEventListener("click", async () => {
  try {
    await navigator.clipboard.write([new ClipboardItem({
      "text/html": new Blob([markup], {type: "text/html"}), "text/plain": new Blob([plain], {type: "text/plain"})})]);
    said(done);
  } catch (error) { fallback(); }
});
</script></body></html>"""


def _js(value: str) -> str:
    """A JavaScript string literal that cannot close the script element it stands in."""
    return json.dumps(value).replace("</", "<\\/")


def copy_button(markup: str, plain: str, label: str) -> None:
    """A visible button that copies ``markup`` as rich text (``plain`` for programs that take only text)."""
    page = _COPY.replace("LABEL", esc(label)).replace("MARKUP", _js(markup)).replace("PLAIN", _js(plain))
    page = page.replace("DONE", _js(t("cite_block.copied"))).replace("FAILED", _js(t("cite_block.copy_failed")))
    st.iframe(page, height=48)


def cite_block(node: str, sentence: str, sources: tuple[str, ...]) -> None:
    """The ready sentence, the APA references of the sources the node rests on, and the report's own reference,
    shown as they will paste, with one button that copies all three."""
    locale = view_locale()
    references = apa_list(sources, locale, html=True) if sources else []
    slug = iris.report_slug(node)
    own = report_reference(str(iris.report(slug))) if slug else ""
    parts = [f"<p>{esc(sentence)}</p>"]
    if references:
        parts.append(f"<p><strong>{esc(t('cite_block.references'))}</strong></p><ul class='references'>{''.join(f'<li>{r}</li>' for r in references)}</ul>")
    if own:
        parts.append(f"<p><strong>{esc(t('cite_block.report'))}</strong></p><p class='references'>{own}</p>")
    markup = "".join(parts)
    html_block(f'<div class="cite-block">{markup}</div>')
    lines = [sentence, *(plain_text(r) for r in references), *([plain_text(own)] if own else [])]
    copy_button(markup, "\n\n".join(lines), t("cite_block.copy"))
