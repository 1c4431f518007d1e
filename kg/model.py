"""The data model of kg: frozen, slotted dataclasses handed from stage to stage.

This module imports nothing of ``kg`` (STYLE: the model knows no stage and no format). Every
stage reads and writes these types:

    ingest -> Document -> extract -> Mention, RaidMention, RelationMention
           -> resolve -> Entity (+ Judgement evidence) -> build -> KnowledgeGraph -> export

Offsets (``start``/``end``) always index ``Document.text``, the cleaned text of the article
(page furniture removed, original characters otherwise kept).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class EntityType(StrEnum):
    """The three base classes of named entities (CONTRACT)."""

    PERSON = "Person"
    ORGANIZATION = "Organization"
    PLACE = "Place"


class Verdict(StrEnum):
    """A pairwise identity judgement, as in nomenklatura."""

    POSITIVE = "positive"
    NEGATIVE = "negative"
    UNSURE = "unsure"


class Role(StrEnum):
    """What an entity was in a raid (CONTRACT raid properties)."""

    PERPETRATOR = "perpetrator"
    TARGET = "target"
    KILLED = "killed"
    WOUNDED = "wounded"
    CAPTURED = "captured"
    LOCATION = "location"
    SUPPORTER = "supportedBy"  # supported the operation without carrying it out (not scored)
    ESCAPED = "escaped"  # aimed at, got away


class RelationType(StrEnum):
    """Relations between entities (CONTRACT)."""

    MEMBER_OF = "memberOf"
    LEADER_OF = "leaderOf"
    SUCCESSOR_OF = "successorOf"
    NATIONALITY = "nationality"
    LOCATED_IN = "locatedIn"
    SPOKESPERSON_OF = "spokespersonOf"
    POSSIBLY_SAME_AS = "possiblySameAs"


class DatePrecision(StrEnum):
    """The XSD type that carries a date at the precision the text supports."""

    DATE = "date"  # 2019-10-27
    YEAR_MONTH = "gYearMonth"  # 2019-10
    YEAR = "gYear"  # 2019
    MONTH_DAY = "gMonthDay"  # --07-07
    MONTH = "gMonth"  # --10


@dataclass(frozen=True, slots=True)
class Document:
    """One article: cleaned text plus what is known of where it came from."""

    id: str
    text: str
    source: str  # file path, or "file.jsonl:LINE"
    url: str | None = None
    published: str | None = None  # ISO yyyy-mm-dd (from metadata or the page header)
    outlet: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document, by character span of ``Document.text``."""

    doc_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Problem:
    """An input that could not be used (or only partly): reported, never dropped in silence."""

    source: str  # file path
    line: int | None
    reason: str
    doc_id: str | None = None
    fatal: bool = True  # True: the document was skipped; False: a warning only


@dataclass(frozen=True, slots=True)
class DateValue:
    """A date at the precision the text supports; ``value`` is the XSD lexical form."""

    value: str  # "2019-10-27", "2019-10", "2019", "--07-07", "--10"
    precision: DatePrecision
    surface: str = ""  # the words it was read from

    @property
    def iso(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Mention:
    """A name found in a document: span, base form, type, confidence and who found it."""

    doc_id: str
    start: int
    end: int
    surface: str  # Document.text[start:end]
    base: str  # base form: no clitics, nominative kunya, no diacritics/tatweel
    type: EntityType
    confidence: float
    extractor: str  # name of the extractor that found it ("kb", "pattern:kunya", "crf", ...)
    sentence: int  # index of the Sentence it lies in
    kb_id: str | None = None  # id of the curated knowledge-base entry, when it matched one
    subtype: str | None = None  # finer class: ArmedGroup, Country, City, ...

    @property
    def key(self) -> str:
        """A stable, unique key of this mention across the corpus."""
        return f"{self.doc_id}:{self.start}-{self.end}"


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a statement was read: document, sentence text and the rule that produced it."""

    doc_id: str
    text: str  # the sentence(s)
    rule: str  # e.g. "cue:المعروف باسم", "kb", "spelling:ya-insertion", "short-form"


# Where a mention key is expected (a raid role, a relation end), a curated entry can be named
# directly: «غارة أمريكية» points to the US military though no mention names it.
KB_REF_PREFIX = "kb:"


def kb_ref(entity_id: str) -> str:
    """A reference to the curated entry ``entity_id``, usable where a Mention.key is."""
    return KB_REF_PREFIX + entity_id


def kb_id(ref: str) -> str | None:
    """The curated entry a reference names, or None when it is a Mention.key."""
    return ref[len(KB_REF_PREFIX):] if ref.startswith(KB_REF_PREFIX) else None


class MergeRule(StrEnum):
    """Why the resolver joined two names, strongest first (kg.resolve.resolver.STRENGTH)."""

    CURATED = "curated"  # the curated judgements file says so
    CUE = "cue"  # the text says so: المعروف باسم، الملقب، brackets, quotes (AliasStatement)
    KB = "kb"  # both names are names of one curated entry
    SAME_NAME = "same-name"  # the same full name
    SPELLING = "spelling"  # spelling variants of one name (القرشي / القريشي)
    SHORT_FORM = "short-form"  # a part of a fuller name used alone in the same article


@dataclass(frozen=True, slots=True)
class AliasStatement:
    """The text states that two mentions name one entity (a cue phrase, brackets or quotes
    between them): handed by the extractors to the resolver as ``MergeRule.CUE`` evidence."""

    left: str  # Mention.key
    right: str  # Mention.key
    cue: str
    sentence: str


@dataclass(frozen=True, slots=True)
class Judgement:
    """A pairwise identity decision between two names (or mentions), with its reason."""

    left: str
    right: str
    verdict: Verdict
    rule: str
    evidence: Evidence | None = None
    source: str = "resolver"  # "resolver" or "curated"


class EventKind(StrEnum):
    """What kind of event a raid is: the ontology's kg:Event and its subclasses (values are
    the class names; their Arabic labels are in ontology/kg.ttl, ``kg.vocab.LABELS_AR``)."""

    AIRSTRIKE = "Airstrike"
    GROUND_RAID = "GroundRaid"
    AMBUSH = "Ambush"
    CAPTURE = "CaptureOperation"
    CLASH = "Clash"
    RAID = "Raid"  # an operation of no more specific kind
    EVENT = "Event"  # not a raid: an attack by a group, a prison break, an announcement


@dataclass(frozen=True, slots=True)
class RaidMention:
    """A raid (or other event) as read from one document, roles pointing to mention keys."""

    doc_id: str
    sentences: tuple[int, ...]
    trigger: str
    kind: EventKind
    roles: tuple[tuple[Role, str], ...]  # (role, Mention.key)
    date: DateValue | None
    evidence: str  # sentence text(s)
    method: str | None = None  # "helicopter", "drone", "airstrike", ...
    casualties: tuple[tuple[Role, int], ...] = ()  # stated counts, e.g. (WOUNDED, 4)
    # outcomes the source only hedges: (role it would have, Mention.key, the hedge words); the
    # person is a target in ``roles``, the hedged outcome becomes a claim
    hedged: tuple[tuple[Role, str, str], ...] = ()
    # an earlier operation told in passing (بعد مقتل سلفه): joins its victim's raid, never
    # makes one alone
    reference: bool = False
    date_announced: bool = False  # ``date`` is the announcement's: a fallback for the raid


@dataclass(frozen=True, slots=True)
class RelationMention:
    """A relation as read from one document, between two mention keys."""

    doc_id: str
    subject: str  # Mention.key
    predicate: RelationType
    object: str  # Mention.key
    evidence: str
    rule: str


@dataclass(frozen=True, slots=True)
class Entity:
    """A resolved entity: one node of the graph, with every name merged into it."""

    id: str  # stable slug, the local name of its IRI
    type: EntityType
    label_ar: str
    aliases_ar: tuple[str, ...] = ()  # every other base form merged in
    label_en: str | None = None
    subtypes: tuple[str, ...] = ()
    same_as: tuple[str, ...] = ()  # Wikidata / GeoNames IRIs
    docs: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()  # Mention.key of every mention merged in
    judgements: tuple[Judgement, ...] = ()  # why names were merged or kept apart
    lat: float | None = None
    lon: float | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """One source's statement about a raid: a role filled, a date or a place, with evidence."""

    role: Role | str  # a Role, or "date"
    value: str  # entity id, or the date's lexical form
    doc_id: str
    evidence: str
    hedge: str | None = None  # the words that leave it uncertain (يرجح، قد يكون ...), if any


@dataclass(frozen=True, slots=True)
class Raid:
    """One real operation, merged across the documents that report it."""

    id: str
    kind: EventKind
    perpetrators: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    killed: tuple[str, ...] = ()
    wounded: tuple[str, ...] = ()
    captured: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    dates: tuple[DateValue, ...] = ()
    method: str | None = None
    casualties: tuple[tuple[Role, int], ...] = ()
    evidence: tuple[str, ...] = ()
    docs: tuple[str, ...] = ()
    claims: tuple[Claim, ...] = ()
    label_ar: str = ""
    supporters: tuple[str, ...] = ()  # kg:supportedBy: helped, did not carry it out
    escaped: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Relation:
    """A relation between two resolved entities, with its evidence."""

    subject: str
    predicate: RelationType
    object: str
    evidence: tuple[Evidence, ...] = ()

    @property
    def docs(self) -> tuple[str, ...]:
        return tuple(sorted({e.doc_id for e in self.evidence}))


@dataclass(frozen=True, slots=True)
class KnowledgeGraph:
    """The neutral graph the exporters format: everything sorted by id."""

    documents: tuple[Document, ...] = ()
    entities: tuple[Entity, ...] = ()
    raids: tuple[Raid, ...] = ()
    relations: tuple[Relation, ...] = ()
    problems: tuple[Problem, ...] = field(default=())
