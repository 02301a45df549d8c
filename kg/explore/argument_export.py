"""Exports of the argument: AIF JSON (AIFdb format), GraphML, and Argdown for Argdown's own tools."""

from __future__ import annotations

import json
from collections.abc import Callable

from kg.explore.network import argument_network
from kg.explore.network import graphml as network_graphml
from kg.messages import message
from kg.sparql.named import records
from kg.sparql.store import Store
from kg.vocab.iris import report_slug


def _nodes(store: Store) -> dict[str, tuple[str, str]]:
    """Kind and text of every node, by IRI (read by column name: a query may gain columns)."""
    return {r["node"]: (r["kind"], r["text"]) for r in records(store, "node-labels")}


def _links(store: Store) -> list[dict[str, str]]:
    return records(store, "argument-links")


def _around(links: list[dict[str, str]], advice: str) -> list[dict[str, str]]:
    """The links of one advice's argument: its premises, the evidence for them and the tensions on any of them."""
    statements = {advice} | {r["premise"] for r in links if r["relation"] == "supports" and r["conclusion"] == advice}

    def belongs(link: dict[str, str]) -> bool:
        if link["relation"] == "supports":
            return link["conclusion"] == advice
        if link["relation"] == "evidence":
            return link["conclusion"] in statements
        return link["premise"] in statements or link["conclusion"] in statements

    return [link for link in links if belongs(link)]


def aif_json(store: Store, advice: str | None = None) -> str:
    """The argument as AIF: I-nodes for claims, advice, sources and concepts; RA and CA nodes. With ``advice``,
    only that advice's argument."""
    labels = _nodes(store)
    links = _links(store)
    if advice:
        links = _around(links, advice)
    nodes: dict[str, dict[str, str]] = {}
    edges: list[dict[str, str]] = []

    def i_node(iri: str) -> str:
        if iri not in nodes:
            kind, text = labels.get(iri, ("", iri))
            nodes[iri] = {"nodeID": str(len(nodes) + 1), "text": text, "type": "I", "iri": iri, "kind": kind}
        return nodes[iri]["nodeID"]

    for link in links:
        scheme = link["scheme"] or f"{link['conclusion']}#evidence-from-{link['premise']}"
        if scheme not in nodes:
            text = link.get("schemeName") or {"RA": "Default Inference", "CA": "Default Conflict"}[link["schemeType"]]
            nodes[scheme] = {
                "nodeID": str(len(nodes) + 1),
                "text": text,
                "type": link["schemeType"],
                "iri": scheme,
                "kind": link["relation"],
            }
            edges.append({"fromID": nodes[scheme]["nodeID"], "toID": i_node(link["conclusion"])})
        edges.append({"fromID": i_node(link["premise"]), "toID": nodes[scheme]["nodeID"]})
    unique = sorted({(e["fromID"], e["toID"]) for e in edges}, key=lambda e: (int(e[0]), int(e[1])))
    payload = {
        "nodes": sorted(nodes.values(), key=lambda n: int(n["nodeID"])),
        "edges": [{"edgeID": str(k), "fromID": f, "toID": t} for k, (f, t) in enumerate(unique, start=1)],
        "locutions": [],
    }
    return json.dumps(payload, ensure_ascii=False, indent=1)


def graphml(store: Store) -> str:
    """The whole argument network as GraphML: the same model the app draws, every link with its quote and scheme."""
    return network_graphml(argument_network(store))


_ARGDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "[]<>#{}*_\\@"})
_TENSION_SYMBOL = {"challenges": "-", "qualifies": "-", "undercuts": "-", "concession": "-"}


def _title(iri: str) -> str:
    """A readable Argdown title from a statement's IRI: ``bevoegdheid p1 s3``, ``bevoegdheid a1``."""
    path = iri.split("/", 6)[-1]  # <report>/<kind>/<section>/...
    kind, _, rest = path.partition("/")
    return rest.replace("/", " ") if kind != "item" else "item " + rest.replace("/", " ")


def _quoted(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def argdown(store: Store, advice: str | None = None, lang: str = "nl") -> str:
    """The argument map in Argdown syntax: each advice with its premises (+) and the tensions (-) on it or them.

    Every link carries its quote as data (``{quote: "…"}``) and its scheme as a tag, so the file opens in
    Argdown's editor and map tools with nothing lost that a reader needs.
    """
    premises = records(store, "advice-premises")
    tensions = records(store, "tensions")
    if advice:
        premises = [r for r in premises if r["advice"] == advice]
        statements = {advice} | {r["premise"] for r in premises}
        tensions = [r for r in tensions if r["to"] in statements]
    defined: set[str] = set()

    def statement(iri: str, text: str) -> str:
        title = _title(iri)
        if title in defined:
            return f"[{title}]"
        defined.add(title)
        return f"[{title}]: {text.translate(_ARGDOWN_SPECIAL)}"

    titles = " / ".join(title for title, _ in _reports(store))
    lines = ["===", f"title: {titles} — {message('review.argument_map', lang)}", "===", ""]
    by_advice: dict[str, list[dict[str, str]]] = {}
    for row in premises:
        by_advice.setdefault(row["advice"], []).append(row)
    on_target: dict[str, list[dict[str, str]]] = {}
    for row in tensions:
        on_target.setdefault(row["to"], []).append(row)
    seen_premise: set[tuple[str, str]] = set()
    for conclusion, rows in by_advice.items():
        lines.append(statement(conclusion, rows[0]["adviceText"]) + f" #{message('review.advice_tag', lang)}")
        for row in rows:
            if (conclusion, row["premise"]) in seen_premise:
                continue
            seen_premise.add((conclusion, row["premise"]))
            scheme = f" #({row['scheme']})" if row["scheme"] else ""
            lines.append(f'  + {statement(row["premise"], row["premiseText"])}{scheme} {{quote: "{_quoted(row["quote"])}"}}')
            for tension in on_target.pop(row["premise"], []):
                lines.append(_tension_line(tension, statement, "    "))
        for tension in on_target.pop(conclusion, []):
            lines.append(_tension_line(tension, statement, "  "))
        lines.append("")
    for target, rows in on_target.items():
        lines.append(statement(target, rows[0]["toText"]))
        lines += [_tension_line(tension, statement, "  ") for tension in rows]
        lines.append("")
    return "\n".join(lines)


def _tension_line(row: dict[str, str], statement: Callable[[str, str], str], indent: str) -> str:
    dilemma = f" #({row['dilemma'].lower()})" if row.get("dilemma") else ""
    symbol = _TENSION_SYMBOL[row["relation"]]
    return f'{indent}{symbol} {statement(row["from"], row["fromText"])} #{row["relation"]}{dilemma} {{quote: "{_quoted(row["quote"])}"}}'


def _reports(store: Store) -> list[tuple[str, str]]:
    """Each report's title and the path of its argument map (``data/argument/<report>.yaml``), from the graph."""
    return [(r["title"], f"data/argument/{report_slug(r['report'])}.yaml") for r in records(store, "report-info")]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _sides(tension: dict[str, str]) -> str:
    """Which statement stands on which side of a dilemma, as the map names them."""
    named = [(side, tension.get(f"{side}Side")) for side in ("autonomy", "development", "safety")]
    shown = [f"{side}: {_title(ref)}" for side, ref in named if ref]
    return f" [{'; '.join(shown)}]" if shown else ""


def _words(weighing: dict[str, str]) -> str:
    """The words of each side of a sentence that weighs a dilemma in itself."""
    return "; ".join(f"{side}: “{weighing[f'{side}Words']}”" for side in ("autonomy", "development", "safety") if weighing.get(f"{side}Words"))


def review_table(store: Store, lang: str = "nl") -> str:
    """The argument map as a Markdown table a subject-matter editor checks line by line against the report:
    one row per advice, with its premises and their quotes (and, for a premise from another section, the words
    of the advice's passage that call on it), the statements set aside and why, its sources, the tensions on it
    with their sides, and its evidence level."""
    premises = records(store, "advice-premises")
    tensions = records(store, "tensions")
    levels = {r["advice"]: r["level"] for r in records(store, "advice-evidence")}
    reached: dict[str, list[str]] = {}
    for r in records(store, "advice-sources"):
        reached.setdefault(r["advice"], []).append(f"{r['sourceLabel']} ({r['viaListEn']})")
    weighings = records(store, "weighings")
    set_aside: dict[str, list[str]] = {}
    for r in records(store, "set-aside-premises"):
        set_aside.setdefault(r["advice"], []).append(f"{_title(r['statement'])}: {r['reason']}")
    by_advice: dict[str, list[dict[str, str]]] = {}
    for row in premises:
        by_advice.setdefault(row["advice"], []).append(row)
    lines = [
        f"# {message('review.title', lang)}",
        "",
        "Generated by `kg export --format review` from the graph; do not edit. The map itself is",
        f"{', '.join(f'`{path}`' for _, path in _reports(store))}. Check each row against the report:",
        "does the quote stand in the named sentence, and does that sentence give a reason for the advice?",
        "A premise from another section says why (→ the words of the advice's passage that call on it).",
        "Set aside: statements an editor weighed as premises and did not count, with the reason.",
        "Sources are marked with how they reach the advice (footnote in the premise, in the heading of its section,",
        "covering it in an editor's reading, or in the advice itself). Evidence is the strongest kind among them",
        "(`queries/advice-evidence.rq`). A tension that weighs a dilemma names the statement on each side; a sentence that",
        "weighs one in itself names the words of each side.",
        "",
        "| "
        + " | ".join(message(f"review.columns.{c}", lang) for c in ("advice", "scheme", "premises", "set_aside", "sources", "tensions", "evidence"))
        + " |",
        "|---|---|---|---|---|---|---|",
    ]
    for advice, rows in by_advice.items():
        statements = {r["premise"] for r in rows} | {advice}
        quoted = list(
            dict.fromkeys(f"{_title(r['premise'])} ({r['premiseSection']}): “{r['quote']}”" + (f" → “{r['why']}”" if r.get("why") else "") for r in rows)
        )
        sources = sorted(reached.get(advice, []))
        on_it = [f"{_title(t['from'])} {t['relation']} {_title(t['to'])}: “{t['quote']}”{_sides(t)}" for t in tensions if t["to"] in statements]
        on_it += [f"{_title(w['statement'])} weighs {w['dilemmaEn'].lower()}: {_words(w)}" for w in weighings if w["statement"] in statements]
        cells = [
            f"{_title(advice)}: {rows[0]['adviceText']}",
            rows[0]["scheme"],
            "<br>".join(quoted),
            "<br>".join(set_aside.get(advice, [])) or "—",
            "<br>".join(sources) or "—",
            "<br>".join(on_it) or "—",
            levels.get(advice, ""),
        ]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"
