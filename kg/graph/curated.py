"""The expert-curated layer (data/curated.yaml) -> triples and checked references."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef

from kg.files import InputFileError, read_text
from kg.messages import message
from kg.vocab import iris
from kg.vocab.namespace import WTV

ITEM_CLASSES = {"WorkingElement", "DecisionCondition", "Phase", "FamilyProfile", "ReflectionQuestion"}
SOURCE_KINDS = {
    "JournalArticle",
    "SystematicReview",
    "Book",
    "BookChapter",
    "Guideline",
    "Law",
    "PolicyDocument",
    "ResearchReport",
    "AnnualReport",
    "PracticeGuide",
    "WebArticle",
    "InternalNote",
    "PracticeAccount",
}


class CuratedError(ValueError):
    """The curated layer is malformed or names something that does not exist."""


MAX_CURATED_BYTES = 2 << 20
MAX_ALIASES = 50  # the file uses none; nine levels of nine aliases make a "billion laughs"
MAX_DEPTH = 100  # the file nests five levels deep
SECTIONS: dict[str, type] = {
    "report": str,
    "scheme": dict,
    "concepts": list,
    "organisations": list,
    "legislation": list,
    "sources": dict,
    "footnotes": dict,
    "enumerations": dict,
    "figures": dict,
    "errata": list,
}
ENTRY_TYPES = {"concepts": dict, "organisations": dict, "legislation": dict, "sources": dict, "footnotes": dict, "figures": dict}


def _check_events(text: str, path: Path) -> None:
    """Refuse, before anything is built from it, a file with too many aliases (a "billion laughs") or nested
    too deeply (PyYAML builds nodes recursively, and 2,000 levels overflow Python's stack)."""
    aliases = depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        line = event.start_mark.line + 1 if event.start_mark else 0
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise CuratedError(f"{path}: line {line}: more than {MAX_ALIASES} YAML aliases (*name); write the entries out")
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise CuratedError(message("input.too_deep", "en", path=path, line=line, max=MAX_DEPTH))
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _check_shape(data: dict[str, Any], path: Path) -> None:
    """Each known section has the YAML type the build expects, and so do its entries."""
    for key, expected in SECTIONS.items():
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, expected):
            raise CuratedError(
                f"{path}: '{key}' must be a {'list' if expected is list else 'mapping' if expected is dict else 'text'}, not {type(value).__name__}"
            )
        entry_type = ENTRY_TYPES.get(key)
        entries = value if isinstance(value, list) else list(value.values()) if isinstance(value, dict) and key in ("footnotes", "figures") else []
        for n, entry in enumerate(entries, start=1):
            if entry_type and not isinstance(entry, entry_type):
                raise CuratedError(f"{path}: {key}[{n}] must be a mapping, not {type(entry).__name__}")


def load_curated(path: Path) -> dict[str, Any]:
    """Read the YAML file; a syntax error names the line and column, a wrong shape the section."""
    try:
        text = read_text(path, "curated file", MAX_CURATED_BYTES)
    except InputFileError as err:
        raise CuratedError(str(err)) from None
    try:
        _check_events(text, path)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown place"
        raise CuratedError(f"{path}: {where}: {err.problem}") from None
    except yaml.YAMLError as err:
        raise CuratedError(f"{path}: {err}") from None
    if not isinstance(data, dict):
        raise CuratedError(f"{path}: expected a mapping at the top level")
    _check_shape(data, path)
    return data


def _need(entry: dict[str, Any], field: str, where: str) -> Any:
    value = entry.get(field)
    if value in (None, "", {}):
        raise CuratedError(f"{where}: '{field}' is missing")
    return value


def _labels(graph: Graph, node: URIRef, entry: dict[str, Any], where: str) -> None:
    label = _need(entry, "label", where)
    for lang in ("nl", "en"):
        text = label.get(lang) if isinstance(label, dict) else None
        if not text:
            raise CuratedError(f"{where}: label.{lang} is missing")
        graph.add((node, SKOS.prefLabel, Literal(text, lang=lang)))
    alt = entry.get("alt") or {}
    alt_by_lang: list[tuple[str | None, list[str]]] = list(alt.items()) if isinstance(alt, dict) else [(None, alt)]
    for alt_lang, values in alt_by_lang:
        for value in values:
            graph.add((node, SKOS.altLabel, Literal(value, lang=alt_lang)))
    for value in entry.get("hidden") or []:
        graph.add((node, SKOS.hiddenLabel, Literal(value)))


def concept_graph(data: dict[str, Any]) -> Graph:
    """The SKOS concept scheme and the named organisations and acts."""
    graph = Graph()
    scheme_entry = _need(data, "scheme", "curated")
    scheme = iris.shared("scheme", _need(scheme_entry, "id", "scheme"))
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    for lang, text in scheme_entry.get("label", {}).items():
        graph.add((scheme, SKOS.prefLabel, Literal(text, lang=lang)))
    ids = {c.get("id") for c in data.get("concepts", [])}
    for n, entry in enumerate(data.get("concepts", []), start=1):
        where = f"concepts[{n}] ({entry.get('id', '?')})"
        node = iris.shared("concept", _need(entry, "id", where))
        graph.add((node, RDF.type, SKOS.Concept))
        graph.add((node, SKOS.inScheme, scheme))
        _labels(graph, node, entry, where)
        for lang, text in _need(entry, "definition", where).items():
            graph.add((node, SKOS.definition, Literal(text, lang=lang)))
        for phrase in entry.get("other_sense") or []:
            graph.add((node, WTV.otherSense, Literal(phrase)))
        for key, prop in (("broader", SKOS.broader), ("related", SKOS.related)):
            targets = entry.get(key)
            for target in [targets] if isinstance(targets, str) else targets or []:
                if target not in ids:
                    raise CuratedError(f"{where}: {key} '{target}' is not a concept in this file")
                graph.add((node, prop, iris.shared("concept", target)))
                if key == "broader":
                    graph.add((iris.shared("concept", target), SKOS.narrower, node))
                else:
                    graph.add((iris.shared("concept", target), SKOS.related, node))
        if entry.get("broader") is None:
            graph.add((node, SKOS.topConceptOf, scheme))
            graph.add((scheme, SKOS.hasTopConcept, node))
    for group, cls in (("organisations", WTV.Organisation), ("legislation", WTV.Legislation)):
        for n, entry in enumerate(data.get(group, []), start=1):
            where = f"{group}[{n}] ({entry.get('id', '?')})"
            node = iris.shared("organisation" if group == "organisations" else "legislation", _need(entry, "id", where))
            graph.add((node, RDF.type, cls))
            _labels(graph, node, entry, where)
            graph.add((node, RDFS.label, Literal(entry["label"]["nl"], lang="nl")))
            graph.add((node, RDFS.label, Literal(entry["label"]["en"], lang="en")))
    return graph


def check_kinds(data: dict[str, Any]) -> None:
    for key, override in (data.get("sources") or {}).items():
        kind = (override or {}).get("kind")
        if kind is not None and kind not in SOURCE_KINDS:
            raise CuratedError(f"sources.{key}: kind '{kind}' is not one of {', '.join(sorted(SOURCE_KINDS))}")
    for key, cls in (data.get("enumerations") or {}).items():
        if cls not in ITEM_CLASSES:
            raise CuratedError(f"enumerations.{key}: '{cls}' is not one of {', '.join(sorted(ITEM_CLASSES))}")
    if data.get("relations"):
        raise CuratedError("'relations' moved to the argument map (data/argument/<report>.yaml), where each link carries its quote")
