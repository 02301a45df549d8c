"""The one way code asks the graph: a named query from ``queries/``, run by name with bound values.

``records(store, "advice-premises", advice=iri)`` gives its rows as plain
strings, ``ask(store, "is-a", entity=iri, type=iri)`` a yes or no, and
``result(...)`` the typed :class:`~kg.sparql.result.Result`. Values are given as
strings and bound as the RDF terms the query's header declares
(``#+ param: advice iri``); an empty value leaves its variable unbound. Nothing
is pasted into query text, and no module outside :mod:`kg.sparql` builds an RDF term.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from kg.sparql.catalogue import NamedQuery, load_query
from kg.sparql.result import Result, Term, to_records
from kg.sparql.store import Store

XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


class ParameterError(ValueError):
    """A value that cannot be bound as its parameter's kind; ``name`` is the parameter."""

    def __init__(self, name: str, value: str, expected: str) -> None:
        super().__init__(f"'{value}' is not {expected}")
        self.name, self.value = name, value


def is_iri(value: str) -> bool:
    """Whether a value (from an address or a command line) is an absolute IRI the store accepts.

    >>> is_iri("https://w3id.org/wijkteams-veiligheid/id/source/ogink-2019"), is_iri("ogink-2019"), is_iri("https://x y")
    (True, False, False)
    """
    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return ":" in value


def term(name: str, value: str, kind: str = "literal") -> Term:
    """``value`` as the RDF term a parameter of ``kind`` (iri, integer, literal) takes.

    >>> term("n", "12", "integer")
    <Literal value=12 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>
    >>> term("advice", "a1", "iri")
    Traceback (most recent call last):
    kg.sparql.named.ParameterError: 'a1' is not an IRI (expected e.g. https://w3id.org/wijkteams-veiligheid/id/...)
    """
    if kind == "iri":
        if not is_iri(value):
            raise ParameterError(name, value, "an IRI (expected e.g. https://w3id.org/wijkteams-veiligheid/id/...)")
        return ox.NamedNode(value)
    if kind == "integer":
        if not value.lstrip("+-").isdigit():
            raise ParameterError(name, value, "a whole number")
        return ox.Literal(value, datatype=ox.NamedNode(XSD_INTEGER))
    return ox.Literal(value)


def bindings(query: NamedQuery, values: Mapping[str, str | None]) -> dict[str, Term]:
    """Each non-empty value bound as the kind its parameter declares (a literal where the header says nothing)."""
    kinds = {p.name: p.kind for p in query.params}
    return {name: term(name, value, kinds.get(name, "literal")) for name, value in values.items() if value}


@dataclass(frozen=True)
class Prepared:
    """A query's text and its bound values, ready for a store or a sandbox."""

    text: str
    bindings: dict[str, Term]


def prepare(name_or_file: str, values: Mapping[str, str | None] | None = None) -> Prepared:
    """A query by name (or a ``.rq`` file) with ``values`` bound by its declared kinds."""
    query = load_query(name_or_file)
    return Prepared(query.text, bindings(query, values or {}))


def result(store: Store, name: str, **values: str | None) -> Result:
    """A named query's answer as a :class:`Result`."""
    prepared = prepare(name, values)
    return store.query(prepared.text, prepared.bindings)


def records(store: Store, name: str, **values: str | None) -> list[dict[str, str]]:
    """A named SELECT query's rows, each cell as plain text (IRIs as IRIs, literals as their value)."""
    prepared = prepare(name, values)
    return to_records(store.select(prepared.text, prepared.bindings))


def ask(store: Store, name: str, **values: str | None) -> bool:
    """A named ASK query's answer."""
    prepared = prepare(name, values)
    return store.ask(prepared.text, prepared.bindings)


def parameters(name: str) -> tuple[str, ...]:
    """The names of the parameters a named query declares."""
    return tuple(p.name for p in load_query(name).params)
