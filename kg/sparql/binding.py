"""Values bound to a query's variables, written into its text as typed RDF terms: a ``VALUES`` block at the start of
the WHERE group, and each value in place of its variable in the graph patterns.

Oxigraph plans a query before it substitutes bound values, and does not carry a ``VALUES`` block into a ``UNION``'s
branches or a subquery; a value written where its variable stood is what lets it start from there. The terms are
written by pyoxigraph (their N-Triples form, escaped), never from text pasted into the query.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox  # noqa: F401  (the doctests)

from kg.sparql.result import Term

# Strings, comments and IRIs, whose braces and words do not count when looking for the WHERE group.
_OPAQUE = r'#[^\n]*|"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|<[^<>"{}|^`\\\s]*>|[?$]\w+'
_TOKENS = re.compile(_OPAQUE + r"|(?i:\bWHERE\b)|\{")


def with_values(query: str, bindings: Mapping[str, Term] | None) -> str:
    """The query with its bound variables in a VALUES block at the start of its WHERE group, and their values
    in place of them in its graph patterns.

    At the start, not trailing: a trailing VALUES is joined after ``LIMIT`` by
    Oxigraph (``entity-summary`` then finds nothing) and after the whole graph
    has been matched. The VALUES block keeps the variables in the answer; the
    values in the patterns are what lets the endpoint start from them, as the
    embedded store's substitution does: Oxigraph does not carry a VALUES block
    into a UNION's branches or a subquery, so at 1,000 reports a query bound
    to one report took seconds (``network-nodes`` 11.6 s) where the embedded
    store took milliseconds (33 ms). Where a variable must stay one (see
    :func:`_spots`), the query gets the VALUES block alone.

    >>> with_values("SELECT ?x WHERE { ?x ?p ?o } LIMIT 1", {"x": ox.NamedNode("http://example.org/a")})
    'SELECT ?x WHERE { VALUES (?x) { (<http://example.org/a>) } <http://example.org/a> ?p ?o } LIMIT 1'
    >>> with_values('CONSTRUCT { ?x ?p "{" } WHERE { ?x ?p ?o }', {"x": ox.NamedNode("http://example.org/a")})
    'CONSTRUCT { <http://example.org/a> ?p "{" } WHERE { VALUES (?x) { (<http://example.org/a>) } <http://example.org/a> ?p ?o }'
    >>> with_values("SELECT ?x WHERE { ?x ?p ?o MINUS { ?x a ?c } }", {"x": ox.NamedNode("http://example.org/a")})
    'SELECT ?x WHERE { VALUES (?x) { (<http://example.org/a>) } <http://example.org/a> ?p ?o MINUS { ?x a ?c } }'
    >>> with_values("SELECT ?x WHERE { { ?x ?p ?o MINUS { ?x a ?c } } }", {"x": ox.NamedNode("http://example.org/a")})
    'SELECT ?x WHERE { VALUES (?x) { (<http://example.org/a>) } { ?x ?p ?o MINUS { ?x a ?c } } }'
    """
    if not bindings:
        return query
    brace = _where_brace(query)
    if brace is None:
        return f"{query}\n{_block(bindings)}"
    return _rewrite(query, bindings, _spots(query, set(bindings)) or [], block_after=brace)


def in_subqueries(query: str, bindings: Mapping[str, Term]) -> tuple[str, set[str]] | None:
    """The query with the values written where their variables stand in a subquery's patterns, and the names still
    to be bound by substitution (those that stand elsewhere too); None when no value can be written in.

    For the embedded store, whose substitution binds a variable everywhere but inside a subquery (which it then
    evaluates over every report); elsewhere substitution plans better than written values do.

    >>> inner = "SELECT ?r ?n WHERE { { SELECT ?r (COUNT(?f) AS ?n) WHERE { ?f <urn:in> ?r } GROUP BY ?r } }"
    >>> in_subqueries(inner, {"r": ox.NamedNode("urn:a")})
    ('SELECT ?r ?n WHERE { { SELECT ?r (COUNT(?f) AS ?n) WHERE { ?f <urn:in> <urn:a> } GROUP BY ?r } }', {'r'})
    >>> in_subqueries("SELECT ?r WHERE { ?f <urn:in> ?r }", {"r": ox.NamedNode("urn:a")}) is None
    True
    """
    inner = [spot for spot in _spots(query, set(bindings)) or () if spot[3]]
    if not inner:
        return None
    written = _rewrite(query, bindings, inner)
    still = {token[1:] for token in (m.group(0) for m in _CLAUSES.finditer(written)) if token[0] in "?$" and token[1:] in bindings}
    return written, still


def for_substitution(query: str, bindings: Mapping[str, Term]) -> tuple[str, dict[str, Term]]:
    """How the embedded store binds: the text to run, and the values left to Oxigraph's substitution. Everything
    written in where the header asks for it; else written into subqueries, which substitution does not reach;
    else all substituted, as before (which also reports a variable the query lacks)."""
    if not bindings:
        return query, {}
    if written_in(query):
        return with_values(query, bindings), {}
    found = in_subqueries(query, bindings)
    if found is None:
        return query, dict(bindings)
    text, still = found
    return text, {name: term for name, term in bindings.items() if name in still}


# A query whose values plan better written into its patterns than substituted says so in its header.
WRITTEN = re.compile(r"^#\+\s*bind\s*:\s*written\s*$", re.MULTILINE)


def written_in(query: str) -> bool:
    """Whether a query asks for its values written into its patterns (``#+ bind: written`` in its header):
    Oxigraph's substitution leaves some plans starting from every report (chapter-content: 1.9 s at 10,000
    reports; written in, 5 ms), while for others the written values plan worse (sources-table: 19 ms, 177 ms).

    >>> written_in("#+ bind: written\\nSELECT ?x WHERE { ?x ?p ?o }"), written_in("SELECT ?x WHERE { ?x ?p ?o }")
    (True, False)
    """
    return WRITTEN.search(query) is not None


def _block(bindings: Mapping[str, Term]) -> str:
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(str(term) for term in bindings.values())
    return f"VALUES ({names}) {{ ({values}) }}"


def _rewrite(query: str, bindings: Mapping[str, Term], spots: list[tuple[int, int, str, bool]], block_after: int | None = None) -> str:
    """The values at their spots and, with ``block_after`` (the WHERE group's brace), the VALUES block just inside it."""
    cuts = [(start, end, str(bindings[name])) for start, end, name, _ in spots]
    if block_after is not None:
        cuts.append((block_after + 1, block_after + 1, f" {_block(bindings)}"))
    parts, last = [], 0
    for start, end, text in sorted(cuts):
        parts += [query[last:start], text]
        last = end
    parts.append(query[last:])
    return "".join(parts)


# What decides where a variable stands: a brace opens or closes a group, and these words start the clauses
# in which a variable must stay one (a projection, a solution modifier) or may not be given a value at all.
_CLAUSES = re.compile(_OPAQUE + r"|(?i:\b(?:SELECT|GROUP|ORDER|HAVING|LIMIT|OFFSET|MINUS|VALUES|AS)\b)|[{}]")


def _spots(query: str, names: set[str]) -> list[tuple[int, int, str, bool]] | None:
    """Where the variables ``names`` stand in graph patterns (start, end, name, inside a subquery), or None when one
    of them is used where it must stay a variable: after AS, in a VALUES block, or in a MINUS below the WHERE group.

    MINUS matches on the variables both sides share. In the WHERE group itself, the side before it shares
    the variable through the VALUES block, so the variable stays in the MINUS and is given a value
    everywhere else; deeper down, that side would lose it, and the query keeps the VALUES block alone."""
    spots: list[tuple[int, int, str, bool]] = []
    depth, clause, previous = 0, "head", ""
    minus_at: int | None = None  # the depth of the group a MINUS keyword was read in, until its group opens
    minus_groups: list[tuple[int, int]] = []  # open MINUS groups: their depth, and the depth of their MINUS
    select_at: int | None = None  # the same for a SELECT inside the WHERE group (a subquery)
    subqueries: list[int] = []  # the depths of the open subqueries' WHERE groups
    for match in _CLAUSES.finditer(query):
        token = match.group(0)
        word = token.upper()
        if token == "{":
            depth, clause = depth + 1, "pattern"
            if minus_at is not None:
                minus_groups.append((depth, minus_at))
                minus_at = None
            if select_at is not None:
                subqueries.append(depth)
                select_at = None
        elif token == "}":
            if minus_groups and minus_groups[-1][0] == depth:
                minus_groups.pop()
            if subqueries and subqueries[-1] == depth:
                subqueries.pop()
            depth, clause = depth - 1, "pattern" if depth > 1 else "tail"
        elif word == "MINUS":
            minus_at = depth
        elif word in ("SELECT", "GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET", "VALUES"):
            clause = word
            select_at = depth if word == "SELECT" and depth > 0 else select_at
        elif token[0] in "?$" and token[1:] in names:
            if previous == "AS" or clause == "VALUES" or any(outer != 1 for _, outer in minus_groups):
                return None
            if clause == "pattern" and not minus_groups:
                spots.append((match.start(), match.end(), token[1:], bool(subqueries)))
        previous = word
    return spots


def _where_brace(query: str) -> int | None:
    """Where the WHERE group opens: the brace after the WHERE keyword, else the first brace."""
    first = None
    after_where = False
    for match in _TOKENS.finditer(query):
        token = match.group(0)
        if token == "{":
            if after_where:
                return match.start()
            first = match.start() if first is None else first
        elif token.upper() == "WHERE":
            after_where = True
    return first
