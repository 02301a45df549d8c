"""Text that remembers where each of its characters stood in the source.

Cleaning a PDF-to-Markdown conversion removes markup and rejoins pieces cut
apart by footnote blocks; every fact in the graph must still point back to the
exact characters of the report. ``MappedText`` carries, for every character,
its offset in the source file, through every cleaning step.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class MappedText:
    """A string plus the source offset of each of its characters.

    >>> t = MappedText.from_source("ab *cd*", 10)
    >>> u = t.unwrap(r"\\*([^*]+)\\*")
    >>> u.text, u.source_range(0, len(u.text))
    ('ab cd', (10, 16))
    """

    text: str
    offsets: tuple[int, ...]

    @classmethod
    def from_source(cls, text: str, start: int) -> MappedText:
        return cls(text, tuple(range(start, start + len(text))))

    @classmethod
    def empty(cls) -> MappedText:
        return cls("", ())

    def __len__(self) -> int:
        return len(self.text)

    def join(self, other: MappedText, sep: str = " ") -> MappedText:
        """Concatenate, putting ``sep`` (mapped to the end of self) between."""
        if not self.text:
            return other
        if not other.text:
            return self
        anchor = self.offsets[-1] + 1
        return MappedText(
            self.text + sep + other.text,
            self.offsets + (anchor,) * len(sep) + other.offsets,
        )

    def slice(self, start: int, end: int) -> MappedText:
        return MappedText(self.text[start:end], self.offsets[start:end])

    def source_range(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets [begin, end) covering text[start:end]."""
        if end <= start:
            raise ValueError("empty range has no source position")
        return self.offsets[start], self.offsets[end - 1] + 1

    def sub(self, pattern: str | re.Pattern[str], repl: str) -> MappedText:
        """Replace each match by the literal ``repl`` (mapped to the match start)."""
        return self._rewrite(pattern, lambda m: [(repl, m.start())])

    def unwrap(self, pattern: str | re.Pattern[str], group: int = 1) -> MappedText:
        """Replace each match by one of its groups, keeping that group's offsets."""
        return self._rewrite(pattern, lambda m: [(None, group)])

    def collapse_space(self) -> MappedText:
        return self.sub(r"\s+", " ").strip()

    def strip(self) -> MappedText:
        stripped = self.text.lstrip()
        start = len(self.text) - len(stripped)
        end = start + len(stripped.rstrip())
        return self.slice(start, end)

    def _rewrite(
        self,
        pattern: str | re.Pattern[str],
        pieces: Callable[[re.Match[str]], list[tuple[str | None, int]]],
    ) -> MappedText:
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        out: list[str] = []
        offs: list[int] = []
        pos = 0
        for m in rx.finditer(self.text):
            out.append(self.text[pos : m.start()])
            offs.extend(self.offsets[pos : m.start()])
            for literal, ref in pieces(m):
                if literal is None:
                    g0, g1 = m.span(ref)
                    if g0 >= 0:
                        out.append(self.text[g0:g1])
                        offs.extend(self.offsets[g0:g1])
                elif literal:
                    anchor = self.offsets[ref] if ref < len(self.offsets) else self._end()
                    out.append(literal)
                    offs.extend([anchor] * len(literal))
            pos = m.end()
        out.append(self.text[pos:])
        offs.extend(self.offsets[pos:])
        return MappedText("".join(out), tuple(offs))

    def _end(self) -> int:
        return self.offsets[-1] + 1 if self.offsets else 0
