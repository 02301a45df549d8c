"""Everything that runs SPARQL: the query files, the guard, the stores, the sandboxes, and the one result type.

Layers, each importing only those above it in this list: ``errors`` and
``result`` (plain data), ``catalogue`` (the ``queries/*.rq`` files by name),
``writers`` (result -> bytes), ``parsing`` (the guard's parser processes),
``guard`` (what may run), ``embedded`` and
``remote`` (the two kinds of store), ``isolation`` and ``worker`` (what a query
process may do), ``sandbox`` (typed queries with limits), ``store`` (choosing a
store), ``named`` (the one way code runs a named query: ``records``, ``ask``,
``result``, with values bound as the terms the query declares).
"""
