"""The explorer's features on top of a store, none of them aware of the UI.

The argument network and its exports, citations and cite-this, course material
and handouts, saved collections, the report check and search.
"""
