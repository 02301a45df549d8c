"""Namespaces. GENERATED from ontology/wtv.ttl by `kg namespace`; do not edit.

A misspelt ``WTV`` term raises, because ``_fail = True``.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ID = Namespace("https://w3id.org/wijkteams-veiligheid/id/")
OA = Namespace("http://www.w3.org/ns/oa#")
DOCO = Namespace("http://purl.org/spar/doco/")
BIBO = Namespace("http://purl.org/ontology/bibo/")
CITO = Namespace("http://purl.org/spar/cito/")
FABIO = Namespace("http://purl.org/spar/fabio/")
BIRO = Namespace("http://purl.org/spar/biro/")
AIF = Namespace("http://www.arg.dundee.ac.uk/aif#")
PROV = Namespace("http://www.w3.org/ns/prov#")


class WTV(DefinedNamespace):
    """The project vocabulary, ``wtv:``."""

    _NS = Namespace("https://w3id.org/wijkteams-veiligheid/ontology#")
    _fail = True

    Advice: URIRef
    Analogy: URIRef
    ArgumentMap: URIRef
    ArgumentScheme: URIRef
    Author: URIRef
    AutonomyAgainstSafety: URIRef
    BibliographyEntry: URIRef
    BibliographySection: URIRef
    Book: URIRef
    BookChapter: URIRef
    CauseToEffect: URIRef
    Claim: URIRef
    Conflict: URIRef
    Correction: URIRef
    DecisionCondition: URIRef
    Defect: URIRef
    Dilemma: URIRef
    EvidenceBasedAdvice: URIRef
    ExpertOpinion: URIRef
    FamilyProfile: URIRef
    Figure: URIRef
    Footnote: URIRef
    GreyLiterature: URIRef
    GuidanceBackedAdvice: URIRef
    Guideline: URIRef
    Inference: URIRef
    InternalNote: URIRef
    JournalArticle: URIRef
    Law: URIRef
    LegalDuty: URIRef
    Legislation: URIRef
    List: URIRef
    ListItem: URIRef
    NegativeConsequences: URIRef
    NormBackedClaim: URIRef
    Organisation: URIRef
    Paragraph: URIRef
    PeerReviewedSource: URIRef
    Phase: URIRef
    PolicyDocument: URIRef
    PositiveConsequences: URIRef
    PracticalReasoning: URIRef
    PracticeAccount: URIRef
    PracticeBasedAdvice: URIRef
    PracticeExperience: URIRef
    PracticeKnowledge: URIRef
    PremiseLink: URIRef
    ProfessionalGuidance: URIRef
    ReflectionQuestion: URIRef
    Report: URIRef
    ResearchReport: URIRef
    ScientificSource: URIRef
    Section: URIRef
    Source: URIRef
    SourceFile: URIRef
    SystematicReview: URIRef
    TextNode: URIRef
    WebArticle: URIRef
    WorkingElement: URIRef
    accessNote: URIRef
    author: URIRef
    authorList: URIRef
    caption: URIRef
    challenges: URIRef
    cites: URIRef
    citesInWords: URIRef
    commission: URIRef
    conclusion: URIRef
    container: URIRef
    correctedField: URIRef
    corrects: URIRef
    defectIn: URIRef
    defectKind: URIRef
    describes: URIRef
    description: URIRef
    elaborates: URIRef
    endLine: URIRef
    evidenceFrom: URIRef
    hasCorrection: URIRef
    hasDefect: URIRef
    hasFootnote: URIRef
    inFigure: URIRef
    inList: URIRef
    inParagraph: URIRef
    inReport: URIRef
    inSection: URIRef
    leadIn: URIRef
    level: URIRef
    line: URIRef
    location: URIRef
    markerLocation: URIRef
    mentions: URIRef
    number: URIRef
    ofInference: URIRef
    offset: URIRef
    otherSense: URIRef
    peerReviewed: URIRef
    position: URIRef
    premise: URIRef
    premiseStatement: URIRef
    printedForm: URIRef
    printedUrl: URIRef
    qualifies: URIRef
    quote: URIRef
    referencesSource: URIRef
    relation: URIRef
    restsOn: URIRef
    sameAs: URIRef
    scheme: URIRef
    sectionEvidence: URIRef
    sha256: URIRef
    statementKind: URIRef
    subtitle: URIRef
    supportedBy: URIRef
    supports: URIRef
    text: URIRef
    undercuts: URIRef
    weighs: URIRef
    withinSection: URIRef
    workingForm: URIRef
    workingName: URIRef
    workingTitle: URIRef
    workingUrl: URIRef
    year: URIRef
