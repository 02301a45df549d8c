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
    AdviceFootnote: URIRef
    Analogy: URIRef
    AnnualReport: URIRef
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
    ClaimParagraphLevel: URIRef
    ClaimWithoutCitation: URIRef
    Conflict: URIRef
    Correction: URIRef
    CoveringFootnote: URIRef
    DecisionCondition: URIRef
    Defect: URIRef
    DevelopmentAgainstSafety: URIRef
    Dilemma: URIRef
    EvidenceBasedAdvice: URIRef
    EvidenceGap: URIRef
    EvidenceLevel: URIRef
    EvidenceRoute: URIRef
    ExpertOpinion: URIRef
    FamilyProfile: URIRef
    Figure: URIRef
    Footnote: URIRef
    GreyLevel: URIRef
    GreyLiterature: URIRef
    Grounding: URIRef
    GuidanceBackedAdvice: URIRef
    GuidanceLevel: URIRef
    Guideline: URIRef
    HeadingFootnote: URIRef
    Inference: URIRef
    InternalNote: URIRef
    JournalArticle: URIRef
    Law: URIRef
    LegalDuty: URIRef
    Legislation: URIRef
    List: URIRef
    ListItem: URIRef
    NegativeConsequences: URIRef
    NoPeerReviewedOrGuidance: URIRef
    NoSourceAtAll: URIRef
    NoSourceLevel: URIRef
    NormBackedClaim: URIRef
    Organisation: URIRef
    OutsideDefinition: URIRef
    Paragraph: URIRef
    PeerReviewedLevel: URIRef
    PeerReviewedSource: URIRef
    Phase: URIRef
    PolicyDocument: URIRef
    PositiveConsequences: URIRef
    PracticalReasoning: URIRef
    PracticeAccount: URIRef
    PracticeBasedAdvice: URIRef
    PracticeExperience: URIRef
    PracticeGuide: URIRef
    PracticeKnowledge: URIRef
    PracticeLevel: URIRef
    PracticeOnly: URIRef
    PremiseFootnote: URIRef
    PremiseLink: URIRef
    ProfessionalGuidance: URIRef
    ReflectionQuestion: URIRef
    Report: URIRef
    ResearchReport: URIRef
    ScienceLevel: URIRef
    ScientificSource: URIRef
    Section: URIRef
    SetAsidePremise: URIRef
    Source: URIRef
    SourceFile: URIRef
    SystematicReview: URIRef
    TextNode: URIRef
    UncitedPremises: URIRef
    WebArticle: URIRef
    Weighing: URIRef
    WorkingElement: URIRef
    accessNote: URIRef
    author: URIRef
    authorList: URIRef
    autonomySide: URIRef
    autonomyWords: URIRef
    calledOnBy: URIRef
    caption: URIRef
    carrier: URIRef
    challenges: URIRef
    cites: URIRef
    citesInWords: URIRef
    commission: URIRef
    concededAgainst: URIRef
    conclusion: URIRef
    container: URIRef
    correctedField: URIRef
    corrects: URIRef
    covers: URIRef
    defectIn: URIRef
    defectKind: URIRef
    definitionFrom: URIRef
    describes: URIRef
    description: URIRef
    developmentSide: URIRef
    developmentWords: URIRef
    elaborates: URIRef
    endLine: URIRef
    evidenceFrom: URIRef
    groundSource: URIRef
    groundedAdvice: URIRef
    hasCorrection: URIRef
    hasDefect: URIRef
    hasFootnote: URIRef
    inFigure: URIRef
    inList: URIRef
    inParagraph: URIRef
    inReport: URIRef
    inSection: URIRef
    kindReason: URIRef
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
    outsideDefinition: URIRef
    peerReviewed: URIRef
    position: URIRef
    premise: URIRef
    premiseStatement: URIRef
    printedForm: URIRef
    printedUrl: URIRef
    qualifies: URIRef
    quote: URIRef
    reason: URIRef
    referencesSource: URIRef
    relation: URIRef
    restsOn: URIRef
    route: URIRef
    safetySide: URIRef
    safetyWords: URIRef
    sameAs: URIRef
    scheme: URIRef
    sectionEvidence: URIRef
    setAsideFor: URIRef
    setAsideStatement: URIRef
    sha256: URIRef
    statementKind: URIRef
    subtitle: URIRef
    supportedBy: URIRef
    supports: URIRef
    text: URIRef
    undercuts: URIRef
    viaFootnote: URIRef
    weighingStatement: URIRef
    weighs: URIRef
    withinSection: URIRef
    workingForm: URIRef
    workingName: URIRef
    workingTitle: URIRef
    workingUrl: URIRef
    year: URIRef
