"""Text shown as itself: escaped for HTML, or for the Markdown Streamlit renders in its messages.

Everything a visitor can type or a report can print passes through one of these before a page shows it.
"""

from __future__ import annotations

import html
import re


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


_MARKDOWN = re.compile(r"([!-/:-@\[-`{-~])")


def md_text(text: object) -> str:
    r"""Text shown as itself inside Markdown (st.error, st.caption, …): every ASCII punctuation mark escaped,
    so no link, image, emphasis or autolinked URL can come out of it.

    >>> print(md_text("[x](http://e.org) *y*"))
    \[x\]\(http\:\/\/e\.org\) \*y\*
    """
    return _MARKDOWN.sub(r"\\\1", str(text))
