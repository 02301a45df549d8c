"""Read one printed reference ("Ogink, A., Gijzel, H. (2019). *Title*. KPMG. <url>")."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

YEAR = re.compile(r"\((\d{4})\)\.?")
URL = re.compile(r"https?://[^\s<>\"]+(?:\s(?=[a-z]+\.[a-z]{2,}/)[^\s<>\"]+)?")
DOI = re.compile(r"(?:doi:\s*|DOI:\s*|https?://doi\.org/)(10\.\d{4,9}/\S+?)(?=[\s,]|$|\)?\.?$)", re.I)
INITIALS = re.compile(r"^(?:[A-Z][a-z]?\.?\s?-?)+(?:\s+(?:van|de|der|den|te|ten|ter|von)\b.*)?$")
PARTICLES = {"van", "de", "der", "den", "te", "ten", "ter", "von", "voor", "en"}
STRICT_INITIALS = re.compile(r"^(?:[A-Z]\.-?)+$")
PRACTICE = re.compile(r"\b(gebaseerd op|gesprekken|praktijkkennis)\b", re.I)


@dataclass(frozen=True)
class Reference:
    """What a printed reference says, as printed."""

    text: str
    authors: tuple[str, ...]
    year: str | None
    title: str
    container: str
    urls: tuple[str, ...]
    doi: str | None

    @property
    def first_author_key(self) -> str:
        return surname_key(self.authors[0]) if self.authors else ""


def surname_key(author: str) -> str:
    """Lower-case, accent-free surname without particles or initials.

    >>> surname_key("Zwaan, J. van der"), surname_key("van der Horst, H."), surname_key("Korthagen A.J.")
    ('zwaan', 'horst', 'korthagen')
    """
    name = author.split(",")[0]
    words = [w for w in re.split(r"\s+", name) if w and w.lower() not in PARTICLES and not STRICT_INITIALS.match(w)]
    folded = unicodedata.normalize("NFKD", " ".join(words)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z ]", "", folded.lower()).strip()


def split_authors(text: str) -> tuple[str, ...]:
    """Authors as "Surname, Initials"; an organisation stays whole.

    >>> split_authors("Steketee, M. Tierolf, B., Lünemann, K.")
    ('Steketee, M.', 'Tierolf, B.', 'Lünemann, K.')
    >>> split_authors("Ministerie van Volksgezondheid, Welzijn en Sport")
    ('Ministerie van Volksgezondheid, Welzijn en Sport',)
    >>> split_authors("Korthagen A.J., Wubbels T.")
    ('Korthagen, A.J.', 'Wubbels, T.')
    """
    tokens = [t.strip() for t in re.split(r"\s*[,;]\s*|\s+&\s+", text.strip().rstrip(",")) if t.strip()]
    tokens = [t[2:] if t.startswith("& ") else t for t in tokens]
    inline = [re.match(r"^(.*\S)\s+((?:[A-Z]\.)+)$", t) for t in tokens]
    if all(inline) and tokens:
        return tuple(f"{m.group(1)}, {m.group(2)}" for m in inline if m)
    if not any(INITIALS.match(t) for t in tokens[1:]):
        return (text.strip(),)
    authors: list[str] = []
    for token in tokens:
        glued = re.match(r"^((?:[A-Z]\.\s?)+)\s*([A-Z][a-zà-ÿ].*)$", token)
        if authors and glued:  # "M. Tierolf": initials of one author, surname of the next
            authors[-1] += f", {glued.group(1).strip()}"
            authors.append(glued.group(2))
        elif authors and INITIALS.match(token) and "," not in authors[-1]:
            authors[-1] += f", {token}"
        else:
            authors.append(token)
    return tuple(authors)


def _title_and_rest(after_year: str) -> tuple[str, str]:
    rest = after_year.strip()
    quoted = re.match(r'^["“](.+?)["”]\.?\s*(.*)$', rest)
    if quoted:
        return quoted.group(1).strip(), quoted.group(2)
    cut = re.search(r"(?<=[a-z0-9)?])\.\s|,\s(?=[A-Z][a-z]+ and [A-Z])|\s(?=https?://)|$", rest)
    assert cut is not None
    return rest[: cut.start()].strip().rstrip("."), rest[cut.end() :]


def parse_reference(text: str, emphasis: list[str] | None = None) -> Reference:
    """Parse a reference; ``emphasis`` are its italic runs, which mark the title.

    >>> r = parse_reference("Ogink, A., Gijzel, H. (2019). Basisfuncties voor lokale teams in kaart. KPMG.", ["Basisfuncties voor lokale teams in kaart"])
    >>> r.authors, r.year, r.title, r.container
    (('Ogink, A.', 'Gijzel, H.'), '2019', 'Basisfuncties voor lokale teams in kaart', 'KPMG.')
    """
    urls = tuple(u.rstrip(").,") if u.count("(") < u.count(")") or u.endswith((".", ",")) else u for u in URL.findall(text))
    doi_match = DOI.search(text)
    doi = doi_match.group(1).rstrip(".") if doi_match else None
    year_match = YEAR.search(text)
    if year_match is None:
        return Reference(text, (), None, text.strip(), "", urls, doi)
    authors = split_authors(text[: year_match.start()])
    after = text[year_match.end() :]
    title_run = next((e for e in emphasis or [] if after.lstrip().startswith(e)), None)
    if title_run:
        title = title_run.strip().rstrip(".")
        rest = after.lstrip()[len(title_run) :]
    else:
        title, rest = _title_and_rest(after)
    for url in urls:
        rest = rest.replace(url, "")
    container = re.sub(r"\s+", " ", re.sub(r"DOI:\s*\S*|doi:\S*", "", rest)).strip(" .,")
    container = container + "." if container and not container.endswith(".") else container
    return Reference(text, authors, year_match.group(1), title, container, urls, doi)


def is_practice_knowledge(text: str) -> bool:
    """Footnotes that rest on conversations or the author's own practice.

    >>> is_practice_knowledge("Gebaseerd op gesprekken met AW en NJi")
    True
    """
    return bool(PRACTICE.search(text))


def emphasis_runs(raw: str) -> list[str]:
    """Italic runs of a raw Markdown reference, in order.

    >>> emphasis_runs("Howe, D. (2010). *The safety*. *Child Abuse Review*, 19")
    ['The safety', 'Child Abuse Review']
    """
    text = re.sub(r"\\+([_()*])", r"\1", raw)
    return [re.sub(r"\s+", " ", run).strip() for run in re.findall(r"(?<![*\\])\*(?!\s)([^*]+?)(?<!\s)\*(?!\*)", text)]
