"""What can go wrong when a query runs, as exceptions that cross process boundaries intact.

Every problem a user can cause carries a message in Dutch and English, so a
page or a command can show it as a plain sentence, never as a traceback.
"""

from __future__ import annotations

from typing import Any


class QueryProblem(Exception):
    """A query that did not give an answer, with a reason a person can read."""

    kind = "error"
    outcome = "query failed"

    def __init__(self, en: str, nl: str | None = None) -> None:
        super().__init__(en)
        self.en, self.nl = en, nl or en

    def message(self, lang: str = "nl") -> str:
        return self.en if lang == "en" else self.nl

    def for_terminal(self) -> str:
        """One English line for a terminal or an HTTP body: what happened to the query, then why."""
        return f"{self.outcome}: {self.en}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.__dict__))


def _rebuild(cls: type[QueryProblem], state: dict[str, Any]) -> QueryProblem:
    problem = cls.__new__(cls)
    Exception.__init__(problem, state.get("en", ""))
    problem.__dict__.update(state)
    return problem


class QueryRefused(QueryProblem):
    """The guard refused the query (an update, SERVICE, a dataset clause, too large or too deep)."""

    kind = "refused"
    outcome = "query refused"

    def __init__(self, reason: str, en: str, nl: str) -> None:
        super().__init__(en, nl)
        self.reason = reason


class QuerySyntaxError(QueryProblem, ValueError):
    """A malformed query; says where (line and column of the query text as the user wrote it)."""

    kind = "syntax"
    outcome = "malformed query"

    def __init__(self, message: str, line: int | None = None, column: int | None = None, message_nl: str | None = None) -> None:
        where_en = f"line {line}, column {column}: " if line is not None else ""
        where_nl = f"regel {line}, kolom {column}: " if line is not None else ""
        super().__init__(f"{where_en}{message}", f"{where_nl}{message_nl or message}")
        self.line, self.column, self.detail, self.detail_nl = line, column, message, message_nl or message

    def detail_in(self, lang: str) -> str:
        """What is wrong, without the place."""
        return self.detail_nl if lang == "nl" else self.detail


class QueryBindingError(QueryProblem, ValueError):
    """A value cannot be bound: SPARQL substitution needs the variable in the query."""


class QueryTimeout(QueryProblem):
    kind = "timeout"
    outcome = "query stopped"

    def __init__(self, seconds: float) -> None:
        super().__init__(f"stopped after {seconds:g} s", f"gestopt na {seconds:g} s")
        self.seconds = seconds


class QueryMemoryError(QueryProblem):
    kind = "memory"
    outcome = "query stopped"

    def __init__(self) -> None:
        super().__init__(
            "too much memory: the query needed more than its worker may use; narrow it (LIMIT, fewer variables, no ORDER BY over everything)",
            "te veel geheugen: de query had meer nodig dan toegestaan; maak hem smaller (LIMIT, minder variabelen, geen ORDER BY over alles)",
        )


class EngineError(QueryProblem):
    """The query engine failed on this query (its worker was replaced)."""


class SandboxBusy(QueryProblem):
    """Every query worker stayed busy for as long as a query may wait for one; the query did not run."""

    kind = "busy"
    outcome = "not run"

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"busy: no query worker came free within {seconds:g} s, so the query did not run; try again shortly",
            f"bezet: binnen {seconds:g} s kwam geen werker vrij, dus de query is niet uitgevoerd; probeer het zo opnieuw",
        )
        self.seconds = seconds


class SandboxUnavailable(QueryProblem):
    """User SPARQL cannot run here because the worker cannot be cut off from the network."""

    kind = "unavailable"
    outcome = "not run"


class EndpointError(QueryProblem, RuntimeError):
    """The endpoint could not be reached or answered with an error."""


class EndpointTimeout(EndpointError):
    """The endpoint did not answer within the time limit (the connection was closed)."""

    kind = "timeout"
    outcome = "query stopped"
