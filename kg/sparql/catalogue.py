"""Named SPARQL queries: ``queries/<name>.rq`` files with a header, run with bound parameters.

Header lines start with ``#+``::

    #+ title_nl: Welke adviezen rusten op welke bronnen?
    #+ title_en: Which advice rests on which sources?
    #+ description: Per advies de bronnen waarop het rust ...
    #+ description_en: For each advice the sources it rests on ...
    #+ audience: leden, beleidsschrijvers
    #+ audience_en: members, policy writers
    #+ param: concept iri     (a variable the caller may bind)

Values are bound as SPARQL substitutions, never pasted into the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.files import read_text
from kg.settings import QUERY_DIR

MAX_QUERY_FILE_BYTES = 1 << 20
HEADER = re.compile(r"^#\+\s*(\w+)\s*:\s*(.*)$")


class QueryNotFound(LookupError):
    pass


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # iri | literal | integer


@dataclass(frozen=True)
class NamedQuery:
    name: str
    text: str
    title_nl: str
    title_en: str
    description: str
    audience: str
    params: tuple[Param, ...] = field(default=())
    path: Path | None = None
    description_en: str = ""
    audience_en: str = ""

    def title(self, lang: str = "nl") -> str:
        return self.title_en if lang == "en" else self.title_nl

    @property
    def body(self) -> str:
        """The query without its ``#+`` header: what the SPARQL page puts in its editor.

        >>> parse_query_file("#+ title_nl: Een\\n# why\\nSELECT * {}", "x").body
        '# why\\nSELECT * {}'
        """
        return "\n".join(line for line in self.text.splitlines() if not HEADER.match(line)).strip("\n")

    def description_in(self, lang: str = "nl") -> str:
        """What the query answers, in ``lang`` (Dutch where the file gives no English)."""
        return (self.description_en or self.description) if lang == "en" else self.description

    def audience_in(self, lang: str = "nl") -> str:
        """Who the query is for, in ``lang`` (Dutch where the file gives no English)."""
        return (self.audience_en or self.audience) if lang == "en" else self.audience


def parse_query_file(text: str, name: str, path: Path | None = None) -> NamedQuery:
    """Read the header of a ``.rq`` file.

    >>> q = parse_query_file("#+ title_nl: Een\\n#+ title_en: One\\n#+ description: Alles\\n#+ description_en: All\\n#+ param: c iri\\nSELECT * {}", "x")
    >>> q.title("en"), q.description_in("en"), q.description_in("nl"), q.params
    ('One', 'All', 'Alles', (Param(name='c', kind='iri'),))
    """
    meta: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        match = HEADER.match(line)
        if not match:
            continue
        key, value = match.group(1), match.group(2).strip()
        if key == "param":
            pname, _, kind = value.partition(" ")
            params.append(Param(pname.lstrip("?$"), kind.strip() or "literal"))
        else:
            meta[key] = value
    return NamedQuery(
        name=name,
        text=text,
        title_nl=meta.get("title_nl", name),
        title_en=meta.get("title_en", meta.get("title_nl", name)),
        description=meta.get("description", ""),
        audience=meta.get("audience", ""),
        params=tuple(params),
        path=path,
        description_en=meta.get("description_en", ""),
        audience_en=meta.get("audience_en", ""),
    )


PAGES = "pages"  # queries/pages/: what only the app asks (its pages and features), not offered as examples


def list_queries(directory: Path = QUERY_DIR, *, with_pages: bool = False) -> list[NamedQuery]:
    """The user-facing catalogue (``queries/*.rq``), sorted by name; ``with_pages`` adds the pages' own queries."""
    paths = sorted(directory.glob("*.rq")) + (sorted((directory / PAGES).glob("*.rq")) if with_pages else [])
    return [load_query(p.stem, directory) for p in paths]


def load_query(name_or_path: str, directory: Path = QUERY_DIR) -> NamedQuery:
    """A query by name (``advice-sources``) or by path to a ``.rq`` file."""
    path = Path(name_or_path)
    if not (path.suffix == ".rq" and path.exists()):
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name_or_path):
            raise QueryNotFound(f"no query named '{name_or_path}'")
        path = directory / f"{name_or_path}.rq"
        if not path.exists():
            path = directory / PAGES / f"{name_or_path}.rq"
    if not path.exists():
        known = ", ".join(p.stem for p in sorted(directory.glob("*.rq")))
        raise QueryNotFound(f"no query named '{name_or_path}' (known: {known})")
    return parse_query_file(read_text(path, "query", MAX_QUERY_FILE_BYTES), path.stem, path)
