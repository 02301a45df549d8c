"""Every SHACL shape with a conforming and a violating example, and the real graph conforming."""

import pytest
from rdflib import Graph

from kg.graph.validate import validate

PREFIXES = """
@prefix wtv: <https://w3id.org/wijkteams-veiligheid/ontology#> .
@prefix ex: <https://example.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix bibo: <http://purl.org/ontology/bibo/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:sec a wtv:Section ; dcterms:title "S"@nl ; dcterms:isPartOf ex:report .
ex:report a wtv:Report .
ex:loc a oa:SpecificResource .
ex:para a wtv:Paragraph ; wtv:text "P"@nl ; wtv:inSection ex:sec ; wtv:location ex:loc .
ex:list a wtv:List .
ex:scheme a skos:ConceptScheme .
ex:src a wtv:Source , wtv:JournalArticle ; dcterms:title "T" ; wtv:peerReviewed true .
@prefix prov: <http://www.w3.org/ns/prov#> .
ex:claim a wtv:Claim ; wtv:text "Zin."@nl ; wtv:inSection ex:sec ; wtv:location ex:loc ; wtv:inParagraph ex:para ; wtv:statementKind "claim" .
ex:advice a wtv:Advice ; wtv:text "A."@nl ; wtv:inSection ex:sec ; wtv:location ex:loc .
ex:inf a wtv:Inference ; wtv:conclusion ex:advice .
ex:map a wtv:ArgumentMap .
wtv:ExpertOpinion a wtv:ArgumentScheme .
wtv:AutonomyAgainstSafety a wtv:Dilemma .
wtv:PremiseFootnote a wtv:EvidenceRoute .
ex:fn a wtv:Footnote ; wtv:text "N"@nl ; wtv:number 2 ; wtv:cites ex:src ; wtv:inSection ex:sec ; wtv:location ex:loc ; wtv:markerLocation ex:loc .
"""

CASES = {
    "AdviceShape": (
        'ex:a a wtv:Advice ; wtv:text "Advies."@nl ; wtv:inSection ex:sec ; wtv:location ex:loc .',
        'ex:a a wtv:Advice ; wtv:text "Advies."@nl ; wtv:location ex:loc .',
    ),
    "ClaimShape": (
        'ex:c a wtv:Claim ; wtv:text "Zin."@nl ; wtv:inSection ex:sec ; wtv:location ex:loc ; wtv:inParagraph ex:para ; wtv:statementKind "claim" .',
        'ex:c a wtv:Claim ; wtv:text "Zin."@en ; wtv:inSection ex:sec ; wtv:location ex:loc ; wtv:inParagraph ex:para ; wtv:statementKind "claim" .',
    ),
    "ParagraphShape": (
        "",
        "ex:p2 a wtv:Paragraph ; wtv:inSection ex:sec ; wtv:location ex:loc .",
    ),
    "ListItemShape": (
        'ex:i a wtv:ListItem ; wtv:text "Item"@nl ; wtv:inSection ex:sec ; wtv:location ex:loc ; wtv:position 1 ; wtv:inList ex:list .',
        'ex:i a wtv:ListItem ; wtv:text "Item"@nl ; wtv:inSection ex:sec ; wtv:location ex:loc ; wtv:inList ex:list .',
    ),
    "FootnoteShape": (
        'ex:f a wtv:Footnote ; wtv:text "N"@nl ; wtv:number 1 ; wtv:cites ex:src ; wtv:inSection ex:sec ; wtv:location ex:loc ; wtv:markerLocation ex:loc .',
        'ex:f a wtv:Footnote ; wtv:text "N"@nl ; wtv:number 1 ; wtv:inSection ex:sec ; wtv:location ex:loc ; wtv:markerLocation ex:loc .',
    ),
    "SourceShape": (
        'ex:s2 a wtv:Source , wtv:Law ; dcterms:title "Wet" ; wtv:peerReviewed false .',
        'ex:s2 a wtv:Source ; dcterms:title "Zonder soort" ; wtv:peerReviewed false .',
    ),
    "DoiShape": (
        'ex:src bibo:doi "10.1136/bmj.d4163" .',
        'ex:src bibo:doi "https://doi.org/10.1136/bmj.d4163" .',
    ),
    "ConceptShape": (
        'ex:k a skos:Concept ; skos:prefLabel "Begrip"@nl , "Concept"@en ; skos:definition "D"@nl ; skos:inScheme ex:scheme .',
        'ex:k a skos:Concept ; skos:prefLabel "Begrip"@nl ; skos:definition "D"@nl ; skos:inScheme ex:scheme .',
    ),
    "SectionShape": (
        'ex:sub a wtv:Section ; dcterms:title "Sub"@nl ; dcterms:isPartOf ex:sec .',
        'ex:sub a wtv:Section ; dcterms:title "Sub"@nl ; dcterms:isPartOf ex:para .',
    ),
    "SelectorShape": (
        "ex:pos a oa:TextPositionSelector ; oa:start 1 ; oa:end 5 .",
        "ex:pos a oa:TextPositionSelector ; oa:start 1 .",
    ),
    "QuoteShape": (
        'ex:q a oa:TextQuoteSelector ; oa:exact "tekst" .',
        'ex:q a oa:TextQuoteSelector ; oa:exact "" .',
    ),
    "SupportShape": (
        'ex:c a wtv:Claim ; wtv:text "Zin."@nl ; wtv:inSection ex:sec ; wtv:location ex:loc ; wtv:inParagraph ex:para ; wtv:statementKind "claim" ; '
        "wtv:supports ex:a . "
        'ex:a a wtv:Advice ; wtv:text "A."@nl ; wtv:inSection ex:sec ; wtv:location ex:loc .',
        "ex:para wtv:supports ex:sec .",
    ),
    "StatementKindShape": (
        'ex:q a wtv:Claim ; wtv:text "Wat wil de inwoner?"@nl ; wtv:inSection ex:sec ; wtv:location ex:loc ; wtv:inParagraph ex:para ; '
        'wtv:statementKind "question" .',
        'ex:q a wtv:Claim ; wtv:text "Wat wil de inwoner?"@nl ; wtv:inSection ex:sec ; wtv:location ex:loc ; wtv:inParagraph ex:para ; '
        'wtv:statementKind "vraag" .',
    ),
    "PremiseLinkShape": (
        'ex:l a wtv:PremiseLink ; wtv:premiseStatement ex:claim ; wtv:ofInference ex:inf ; wtv:quote "Zin"@nl ; prov:wasDerivedFrom ex:map ; '
        "wtv:scheme wtv:ExpertOpinion .",
        "ex:l a wtv:PremiseLink ; wtv:premiseStatement ex:claim ; wtv:ofInference ex:inf ; prov:wasDerivedFrom ex:map .",
    ),
    "ConflictShape": (
        'ex:t a wtv:Conflict ; wtv:premise ex:claim ; wtv:conclusion ex:advice ; wtv:relation "concession" ; wtv:quote "Zin"@nl .',
        'ex:t a wtv:Conflict ; wtv:premise ex:claim ; wtv:conclusion ex:scheme ; wtv:relation "contradicts" ; wtv:quote "Zin"@nl .',
    ),
    "DilemmaSidesShape": (
        'ex:t a wtv:Conflict ; wtv:premise ex:claim ; wtv:conclusion ex:advice ; wtv:relation "qualifies" ; wtv:quote "Zin"@nl ; '
        "wtv:weighs wtv:AutonomyAgainstSafety ; wtv:autonomySide ex:advice ; wtv:safetySide ex:claim .",
        'ex:t a wtv:Conflict ; wtv:premise ex:claim ; wtv:conclusion ex:advice ; wtv:relation "qualifies" ; wtv:quote "Zin"@nl ; '
        "wtv:weighs wtv:AutonomyAgainstSafety ; wtv:safetySide ex:claim .",
    ),
    "GroundingShape": (
        "ex:g a wtv:Grounding ; wtv:groundedAdvice ex:advice ; wtv:groundSource ex:src ; wtv:viaFootnote ex:fn ; wtv:carrier ex:claim ; "
        "wtv:route wtv:PremiseFootnote .",
        "ex:g a wtv:Grounding ; wtv:groundedAdvice ex:advice ; wtv:groundSource ex:src ; wtv:carrier ex:claim ; wtv:route wtv:PremiseFootnote .",
    ),
    "WeighingShape": (
        'ex:w a wtv:Weighing ; wtv:weighingStatement ex:claim ; wtv:weighs wtv:AutonomyAgainstSafety ; wtv:safetyWords "Zin"@nl ; wtv:autonomyWords "Zin"@nl .',
        'ex:w a wtv:Weighing ; wtv:weighingStatement ex:claim ; wtv:weighs wtv:AutonomyAgainstSafety ; wtv:safetyWords "Zin"@nl .',
    ),
    "SetAsideShape": (
        'ex:x a wtv:SetAsidePremise ; wtv:setAsideStatement ex:claim ; wtv:setAsideFor ex:inf ; wtv:reason "a restatement"@en .',
        "ex:x a wtv:SetAsidePremise ; wtv:setAsideStatement ex:claim ; wtv:setAsideFor ex:inf .",
    ),
}


def check(extra: str):
    return validate(Graph().parse(data=PREFIXES + extra, format="turtle"))


@pytest.mark.parametrize("shape", sorted(CASES))
def test_shape_accepts_good_and_rejects_bad(shape):
    good, bad = CASES[shape]
    assert check(good).conforms, check(good).text
    result = check(bad)
    assert not result.conforms
    assert shape in result.violated_shapes(), result.text


def test_built_graph_conforms(graph):
    result = validate(graph)
    assert result.conforms, result.text[:2000]
