"""Text shown as itself: escaped for HTML, or for the Markdown Streamlit renders in its messages.

Everything a visitor can type or a report can print passes through one of these before a page shows it.
"""

from __future__ import annotations

import html
import re


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


_MARKDOWN = re.compile(r"([!-/:-@\[-`{-~])")
# Where GitHub-flavoured Markdown would make a bare address a link (https:, mailto:, www., an e-mail's @), even
# with the punctuation escaped: an invisible word joiner (U+2060) there keeps it text.
_AUTOLINK = re.compile(r"(?<=[A-Za-z])(?=:)|(?i:(?<=www))(?=\.)|(?=@)")


def md_text(text: object) -> str:
    r"""Text shown as itself inside Markdown (st.error, st.caption, …): every ASCII punctuation mark escaped,
    and a word joiner where an address would be linked, so no link, image, emphasis or autolinked URL can
    come out of it.

    >>> print(md_text("[x](y) *z*"))
    \[x\]\(y\) \*z\*
    >>> md_text("https://e.org www.e.org a@e.org")
    'https\u2060\\:\\/\\/e\\.org www\u2060\\.e\\.org a\u2060\\@e\\.org'
    """
    return _MARKDOWN.sub(r"\\\1", _AUTOLINK.sub("\u2060", str(text)))
