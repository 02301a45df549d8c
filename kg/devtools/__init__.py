"""Developer tools, not needed at run time: the namespace module generated from the ontology, and its pyLODE reference page."""
