"""The one prefix table: what every query may assume, what the served graph is written with, what the SPARQL page shows."""

from __future__ import annotations

PREFIXES: dict[str, str] = {
    "wtv": "https://w3id.org/wijkteams-veiligheid/ontology#",
    "id": "https://w3id.org/wijkteams-veiligheid/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "oa": "http://www.w3.org/ns/oa#",
    "bibo": "http://purl.org/ontology/bibo/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "doco": "http://purl.org/spar/doco/",
    "aif": "http://www.arg.dundee.ac.uk/aif#",
    "prov": "http://www.w3.org/ns/prov#",
    "void": "http://rdfs.org/ns/void#",
}
