"""What can go wrong when a query runs, as exceptions that cross process boundaries intact.

Every problem a user can cause carries a :class:`~kg.messages.Message` (a key of
the message catalogue and its values), so a page says it in the view's language
and a command or an HTTP body in English, as a plain sentence, never as a traceback.
"""

from __future__ import annotations

from typing import Any

from kg.messages import Message


class QueryProblem(Exception):
    """A query that did not give an answer, with a reason a person can read.

    >>> QueryTimeout(2).message("nl"), QueryTimeout(2).for_terminal()
    ('gestopt na 2 s', 'query stopped: stopped after 2 s')
    """

    kind = "error"
    outcome = "query failed"

    def __init__(self, key: str, **values: object) -> None:
        self.said = Message(key, values)
        super().__init__(self.message("en"))

    def message(self, lang: str = "nl") -> str:
        return self.said.say(lang)

    def for_terminal(self) -> str:
        """One English line for a terminal or an HTTP body: what happened to the query, then why."""
        return f"{self.outcome}: {self.message('en')}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.__dict__))


def _rebuild(cls: type[QueryProblem], state: dict[str, Any]) -> QueryProblem:
    problem = cls.__new__(cls)
    problem.__dict__.update(state)
    Exception.__init__(problem, problem.message("en"))
    return problem


class QueryRefused(QueryProblem):
    """The guard refused the query (an update, SERVICE, a dataset clause, too large or too deep)."""

    kind = "refused"
    outcome = "query refused"

    def __init__(self, reason: str, **values: object) -> None:
        super().__init__(f"refusal.{reason}", **values)
        self.reason = reason


class QuerySyntaxError(QueryProblem, ValueError):
    """A malformed query; says where (line and column of the query text as the user wrote it)."""

    kind = "syntax"
    outcome = "malformed query"

    def __init__(self, key: str, line: int | None = None, column: int | None = None, **values: object) -> None:
        self.detail = Message(key, values)
        self.line, self.column = line, column
        if line is None:
            super().__init__(key, **values)
        else:
            super().__init__("query.at", line=line, column=column, detail=self.detail)

    def detail_in(self, lang: str) -> str:
        """What is wrong, without the place."""
        return self.detail.say(lang)

    def at(self, line: int | None) -> QuerySyntaxError:
        """The same error placed on another line (of the query as the user wrote it, before a prologue was added)."""
        return QuerySyntaxError(self.detail.key, line, self.column, **self.detail.values)


class QueryBindingError(QueryProblem, ValueError):
    """A value cannot be bound: SPARQL substitution needs the variable in the query."""


class QueryTimeout(QueryProblem):
    kind = "timeout"
    outcome = "query stopped"

    def __init__(self, seconds: float) -> None:
        super().__init__("query.timeout", seconds=seconds)
        self.seconds = seconds


class QueryMemoryError(QueryProblem):
    kind = "memory"
    outcome = "query stopped"

    def __init__(self) -> None:
        super().__init__("query.memory")


class EngineError(QueryProblem):
    """The query engine failed on this query (its worker was replaced)."""


class SandboxBusy(QueryProblem):
    """Every query worker stayed busy for as long as a query may wait for one; the query did not run."""

    kind = "busy"
    outcome = "not run"

    def __init__(self, seconds: float) -> None:
        super().__init__("query.busy", seconds=seconds)
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
