"""What a user's query may be: decided on a real parse of the query, never by scanning its text.

rdflib's SPARQL grammar parses the text; the parse tree is then searched at
every depth for what would leave the loaded graph: ``SERVICE`` (another
server), dataset clauses (``FROM`` / ``FROM NAMED``, which some engines fetch
over the network) and every update form (``LOAD`` among them). A text that does
not parse is not run at all, so nothing the guard could not read reaches an
engine.

This is one layer. The processes that run user queries on the embedded store
also have no network (:mod:`kg.sparql.isolation`), so a disagreement between
this parser and the engine's can never become a connection.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from kg.messages import Count
from kg.sparql.errors import QueryProblem, QueryRefused, QuerySyntaxError

MAX_QUERY_CHARS = 100_000
PARSE_SECONDS = 5.0
FORMS = {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "graph", "DescribeQuery": "graph"}
# One thread parses every query, for two reasons. The parse starts on a shallow stack, so
# how deep a query may nest does not depend on the caller. And pyparsing is not thread-safe:
# two first parses at once leave its parse actions wired to the wrong arity for good, after
# which most queries fail with a TypeError until the process restarts.
_PARSER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sparql-guard")


def _refusal(reason: str) -> QueryRefused:
    """A refusal; its sentences are in the message catalogue (``refusal.*``)."""
    return QueryRefused(reason, max=Count(MAX_QUERY_CHARS))


def _nodes(tree: object) -> Iterator[CompValue]:
    """Every named node of a parse tree, at any depth (EXISTS, subqueries and OPTIONALs included)."""
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
    """The query form, or the problem, of one text (run on the parser thread)."""
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
    except ValueError as err:  # an invalid \u escape
        return QuerySyntaxError("query.engine_said", detail=str(err))
    form = "select"
    for node in _nodes(tree):
        if node.name == "ServiceGraphPattern":
            return _refusal("service")
        if node.name == "DatasetClause":
            return _refusal("from")
        form = FORMS.get(node.name, form)
    return form


class _Slow(Exception):
    """The parse did not finish in time; not cached, so a moment of overload does not refuse a query for good."""


@functools.lru_cache(maxsize=1024)
def _parsed(text: str) -> str | QueryProblem:
    if len(text) > MAX_QUERY_CHARS:
        return _refusal("size")
    try:
        return _PARSER.submit(_parse, text).result(timeout=PARSE_SECONDS)
    except FutureTimeout:
        raise _Slow() from None


def _verdict(text: str) -> str | QueryProblem:
    try:
        return _parsed(text)
    except _Slow:
        return _refusal("slow")


def guard(text: str) -> str:
    """The form of a query that may run (``select``, ``ask`` or ``graph``); raises what refuses it.

    >>> guard("SELECT * { ?s ?p ?o }")
    'select'
    >>> guard("CONSTRUCT WHERE { ?s ?p ?o }")
    'graph'
    >>> guard("SELECT * { OPTIONAL { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }")
    Traceback (most recent call last):
    kg.sparql.errors.QueryRefused: SERVICE asks another server for data. This explorer only queries its own knowledge graph.
    >>> guard('SELECT ?service ?from { ?service ?from "SERVICE <x:y>" }')
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
