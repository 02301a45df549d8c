"""The vocabulary: the namespace generated from the ontology, the one prefix table, and making and reading IRIs."""
