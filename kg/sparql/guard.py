"""What a user's query may be: decided on a real parse of the query, never by scanning its text.

rdflib's SPARQL grammar parses the text; the parse tree is then searched at
every depth for what would leave the loaded graph: ``SERVICE`` (another
server), dataset clauses (``FROM`` / ``FROM NAMED``, which some engines fetch
over the network) and every update form (``LOAD`` among them). A text that does
not parse is not run at all, so nothing the guard could not read reaches an
engine.

The guard and the engine read the same characters (decision 0014): the
``\\uXXXX`` / ``\\UXXXXXXXX`` escapes are expanded once, as SPARQL 1.1 §19.2
says, before the parse, and the expanded text is what runs. rdflib expands
them over the whole text, Oxigraph only inside strings and IRIs; a text with no
escape left reads alike in both. An escape that spells another escape is refused.

The parse runs in a process that is ended past its time limit
(:mod:`kg.sparql.parsing`), after a cheap count of the text's tokens has
refused what is too large to check.

This is one layer. The processes that run user queries on the embedded store
also have no network (:mod:`kg.sparql.isolation`), so a disagreement between
this parser and the engine's can never become a connection.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.messages import Count
from kg.sparql.errors import QueryProblem, QueryRefused, QuerySyntaxError
from kg.sparql.parsing import PARSE_SECONDS, ParseBusy, ParseTimeout, parse_in_lane

if TYPE_CHECKING:  # rdflib's grammar is built only in the parser processes, which import it in _parse
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parserutils import CompValue

MAX_QUERY_CHARS = 100_000
# A parse costs up to about half a millisecond per token (FILTER(1||1||…) is the worst found): past
# MAX_TOKENS a text is refused before any parse, and up to LIGHT_TOKENS it takes the light lane.
MAX_TOKENS = 20_000
LIGHT_TOKENS = 1_500
FORMS = {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "graph", "DescribeQuery": "graph"}
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_ANY_ESCAPE = re.compile(r"\\[uU][0-9A-Fa-f]{4}")  # what rdflib (or Oxigraph, in a string) would still expand
# An estimate of the parse's work, linear in the text: IRIs, short strings, comments and names count once.
_TOKEN = re.compile(r"<[^<>\s]*>|\"[^\"\n]*\"|'[^'\n]*'|#[^\n]*|[\w.:?$@-]+|\S")


@dataclass(frozen=True)
class Checked:
    """A query the guard lets run: its form (``select``, ``ask`` or ``graph``) and the exact text to run."""

    form: str
    text: str


def _refusal(reason: str, **values: object) -> QueryRefused:
    """A refusal; its sentences are in the message catalogue (``refusal.*``)."""
    return QueryRefused(reason, **{k: Count(v) if isinstance(v, int) else v for k, v in values.items()})


def _malformed(key: str, escape: str = "") -> QuerySyntaxError:
    """A malformed text; its sentences are in the message catalogue (``query_error.*``)."""
    return QuerySyntaxError(f"query_error.{key}", escape=escape)


def expand_escapes(text: str) -> str:
    r"""The text with its ``\uXXXX`` and ``\UXXXXXXXX`` escapes replaced by their characters, once (SPARQL 1.1 §19.2).

    Raises QuerySyntaxError for an escape that names no character, or whose
    result would be read as an escape again.

    >>> expand_escapes(r'SELECT * { ?s ?p "\u005C" }')
    'SELECT * { ?s ?p "\\" }'
    >>> expand_escapes(r"\u0000005C")
    '\x00005C'
    >>> expand_escapes(r"\u005Cu0053ERVICE")
    Traceback (most recent call last):
    kg.sparql.errors.QuerySyntaxError: an escape (\uXXXX) spells another escape; write the character itself
    """

    def character(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise _malformed("escape_invalid", escape=match.group(0))
        return chr(code)

    expanded = _ESCAPE.sub(character, text)
    if _ANY_ESCAPE.search(expanded):
        raise _malformed("escape_twice")
    return expanded


def tokens(text: str) -> int:
    """About how many tokens the parser will meet: the measure of its work.

    >>> tokens('SELECT ?s WHERE { ?s <http://e.org/p> "a b c" } # a comment')
    9
    """
    return sum(1 for _ in _TOKEN.finditer(text))


def _nodes(tree: object) -> Iterator[CompValue]:
    """Every named node of a parse tree, at any depth (EXISTS, subqueries and OPTIONALs included)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
            stack.extend(node.values())
        elif isinstance(node, ParseResults | list | tuple):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())


def _located(text: str, err: ParseBaseException) -> QuerySyntaxError:
    """Where the parse stopped and what stands there. pyparsing's "Expected X" is kept only when
    X is a token a person can type (``'}'``), not a grammar rule (``SelectQuery``)."""
    lines = text.splitlines()
    line, column = int(err.lineno), int(err.col)
    found = lines[line - 1][column - 1 :].split()[:1] if 0 < line <= len(lines) else []
    expected = re.search(r"Expected ('[^']+'|\"[^\"]+\")", str(err))
    key = "query.unexpected" if found else "query.ends_early"
    if expected:
        return QuerySyntaxError(f"{key}_expected", line, column, found=found[0][:40] if found else "", expected=expected.group(1))
    return QuerySyntaxError(key, line, column, found=found[0][:40] if found else "")


def _parse(text: str) -> str | QueryProblem:
    """The query form, or the problem, of one text whose escapes are already expanded (run in a parser process)."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree = parseQuery(text)
    except RecursionError:
        return _refusal("depth")
    except ParseBaseException as err:
        try:
            parseUpdate(text)
        except RecursionError:
            return _refusal("depth")
        except Exception:
            return _located(text, err)
        return _refusal("update")
    form = "select"
    for node in _nodes(tree):
        if node.name == "ServiceGraphPattern":
            return _refusal("service")
        if node.name == "DatasetClause":
            return _refusal("from")
        form = FORMS.get(node.name, form)
    return form


class _Busy(Exception):
    """No parser came free in time; not cached, so a moment of overload does not refuse a query for good."""


@functools.lru_cache(maxsize=4096)
def _parsed(digest: str, text: str) -> str | QueryProblem:
    """The verdict on an expanded text, kept by the text's digest (a verdict is small; the text may not be)."""
    lane = "light" if tokens(text) <= LIGHT_TOKENS else "heavy"
    try:
        return parse_in_lane(lane, _parse, text)
    except ParseTimeout:
        return _refusal("slow", seconds=int(PARSE_SECONDS))
    except MemoryError:  # past the parser's address-space limit
        return _refusal("complex", max=MAX_TOKENS)
    except ParseBusy:
        raise _Busy() from None


def _verdict(text: str) -> Checked | QueryProblem:
    if len(text) > MAX_QUERY_CHARS:
        return _refusal("size", max=MAX_QUERY_CHARS)
    try:
        text.encode("utf-8")
        expanded = expand_escapes(text)
        expanded.encode("utf-8")
    except QuerySyntaxError as err:
        return err
    except UnicodeEncodeError:
        return _malformed("not_text")
    if tokens(expanded) > MAX_TOKENS:
        return _refusal("complex", max=MAX_TOKENS)
    try:
        verdict = _parsed(hashlib.sha256(expanded.encode("utf-8")).hexdigest(), expanded)
    except _Busy:
        return _refusal("busy")
    return verdict if isinstance(verdict, QueryProblem) else Checked(verdict, expanded)


def guard(text: str) -> Checked:
    """The query as it may run (its form and the exact text to run); raises what refuses it.

    >>> guard("SELECT * { ?s ?p ?o }").form
    'select'
    >>> guard("CONSTRUCT WHERE { ?s ?p ?o }").form
    'graph'
    >>> guard(r'SELECT * { ?s ?p "caf\u00e9" }').text
    'SELECT * { ?s ?p "café" }'
    >>> guard("SELECT * { OPTIONAL { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }")
    Traceback (most recent call last):
    kg.sparql.errors.QueryRefused: SERVICE asks another server for data. This explorer only queries its own knowledge graph.
    >>> guard('SELECT ?service ?from { ?service ?from "SERVICE <x:y>" }').form
    'select'
    """
    verdict = _verdict(text)
    if isinstance(verdict, QueryProblem):
        raise verdict
    return verdict


def refusal(text: str) -> QueryProblem | None:
    """The problem that stops a query from running, or None.

    >>> refusal("LOAD <http://127.0.0.1:9/data.ttl>").reason
    'update'
    >>> refusal("SELECT * FROM <http://127.0.0.1:9/g> { ?s ?p ?o }").reason
    'from'
    """
    verdict = _verdict(text)
    return verdict if isinstance(verdict, QueryProblem) else None
