"""A synthetic corpus with the report's shape, for measurement only (never shipped as data).

Each report has chapters and subsections, paragraphs with footnote markers,
footnote blocks that cut a paragraph at a "page break", the author's advice
arrows, an enumeration, and a "Bronnen" list mixing sources shared by all
reports with sources of its own. The text reuses the real report's Dutch
vocabulary so stemming, concept matching and sentence splitting do real work.

    .venv/bin/python bench/corpus.py 10 /tmp/corpus
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = 40


def _vocabulary() -> list[str]:
    text = (ROOT / "data" / "wijkteams-werken-aan-veiligheid.md").read_text(encoding="utf-8")
    return sorted({w.lower() for w in re.findall(r"[A-Za-zëéï]{4,}", text)})


def _sentence(rng: random.Random, words: list[str]) -> str:
    chosen = [rng.choice(words) for _ in range(rng.randint(8, 18))]
    return chosen[0].capitalize() + " " + " ".join(chosen[1:]) + "."


def _reference(n: int, shared: bool) -> str:
    author = f"Auteur{n:04d}, A." if not shared else f"Gedeeld{n:03d}, B."
    year = 2000 + n % 23
    doi = f" https://doi.org/10.5555/syn.{n}" if n % 3 == 0 else ""
    return f"{author} ({year}). *Werk over veiligheid nummer {n}*. Utrecht: Uitgever.{doi}"


def report(index: int, rng: random.Random, words: list[str]) -> str:
    lines = [f"# *Synthetisch rapport {index}*", "", "Een argumentatie vanuit kennis", "", "*November 2022*", "", "Auteur Synthetisch", "", "Opdracht", ""]
    note = 0
    references: list[str] = []
    for chapter in range(1, 5):
        lines += [f"## Hoofdstuk {chapter} van rapport {index}", "", _sentence(rng, words), ""]
        for sub in range(1, 4):
            lines += [f"### *Onderdeel {chapter}.{sub}*", ""]
            for _ in range(2):
                note += 1
                shared = rng.random() < 0.5
                ref = _reference(rng.randrange(SHARED) if shared else index * 100 + note, shared)
                references.append(ref)
                lines += [f"{_sentence(rng, words)} {_sentence(rng, words)}<sup>{note}</sup> {_sentence(rng, words)}", ""]
            if sub == 1:
                lines += ["Het gaat hierbij om:", "", "- Verbinding", "- Vertrouwen", "- Verantwoordelijkheid", ""]
            first, second = _sentence(rng, words), _sentence(rng, words)
            lines += [f"- {first} {second[:-1]}", "", "---", ""]
            lines += [f"<sup>{n}</sup> {references[n - 1]}" + "\n" for n in range(note - 1, note + 1)]
            lines += ["zoals het gewone leven vraagt.", ""]
    lines += ["## Bronnen", ""] + [f"- {r}" for r in sorted(set(references))] + [""]
    return "\n".join(lines)


def write_corpus(n: int, folder: Path, seed: int = 7) -> list[Path]:
    """N reports in ``folder``, the same for the same N and seed."""
    folder.mkdir(parents=True, exist_ok=True)
    words = _vocabulary()
    paths = []
    for index in range(1, n + 1):
        path = folder / f"synthetisch-{index:04d}.md"
        path.write_text(report(index, random.Random(seed * 100_000 + index), words), encoding="utf-8")
        paths.append(path)
    return paths


SHARED_SECTIONS = ("scheme", "concepts", "organisations")  # the rest names parts or works of the real report


def shared_curated(folder: Path) -> Path:
    """The curated layer without the entries that name parts of the real report (which a synthetic corpus lacks)."""
    import yaml

    from kg.graph.pipeline import CURATED

    data = yaml.safe_load(CURATED.read_text(encoding="utf-8"))
    shared = {k: v for k, v in data.items() if k in SHARED_SECTIONS}
    # Where a definition comes from (and an outside note about it) names the real report's sentences.
    shared["concepts"] = [{k: v for k, v in c.items() if k not in ("from", "note")} for c in shared.get("concepts", [])]
    path = folder / "curated-shared.yaml"
    path.write_text(yaml.safe_dump(shared, allow_unicode=True), encoding="utf-8")
    return path


def build_corpus(paths: list[Path], out: Path, progress: Callable[[int, int], object] | None = None) -> int:
    """Build the reports the way ``kg build --no-reason`` does and write ``out`` (canonical N-Triples); the triple count."""
    from kg.graph.pipeline import published_graph
    from kg.graph.serialize import canonical_nt, write_atomic

    graph = published_graph(paths, shared_curated(out.parent), with_reasoner=False, progress=progress).graph
    write_atomic({out: canonical_nt(graph)})
    return len(graph)


if __name__ == "__main__":
    print(len(write_corpus(int(sys.argv[1]), Path(sys.argv[2]))), "reports")
