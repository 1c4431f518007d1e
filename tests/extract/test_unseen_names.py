"""Names the knowledge base does not know: organisations by their head, places after a strong
cue, and a gazetteer name that is also a common word (issue 18).

The organisation and place rules are tested on the pattern extractor alone, so that entries
the knowledge base gains later cannot hide a broken rule. Sentences written for these tests.
"""

from __future__ import annotations

from kg.extract.patterns import PatternExtractor
from kg.model import Document, EntityType, Mention
from kg.text.sentences import split_sentences

ORG, PLACE = EntityType.ORGANIZATION, EntityType.PLACE


def found(text: str, etype: EntityType) -> list[str]:
    doc = Document(id="u", text=text, source="test")
    ms: list[Mention] = PatternExtractor()(doc, split_sentences(doc))
    return [m.base for m in ms if m.type is etype]


# -- organisations --------------------------------------------------------------------------


def test_head_and_genitive_chain() -> None:
    assert found("ونفذ جهاز مكافحة التهريب عملية في الميناء.", ORG) == ["جهاز مكافحة التهريب"]
    assert found("وقالت مديرية الاستخبارات العسكرية إن الخلية فككت.", ORG) == [
        "مديرية الاستخبارات العسكرية"
    ]
    assert found("وأعلنت قيادة عمليات قاطع غرب النهر عن الحصيلة.", ORG) == [
        "قيادة عمليات قاطع غرب النهر"
    ]


def test_head_with_a_glued_clitic_starts_after_it() -> None:
    assert found("واشتبكوا مع عناصر لكتيبة الفرسان الحمر قرب النهر.", ORG) == [
        "كتيبة الفرسان الحمر"
    ]
    assert found("وهاجموا وفيلق الرحمن.", ORG) == ["فيلق الرحمن"]


def test_head_and_a_known_place() -> None:
    assert found("وقال جيش تشاد إن جنوده صدوا الهجوم.", ORG) == ["جيش تشاد"]


def test_a_known_place_inside_an_organisation_name_gives_way() -> None:
    """The knowledge base finds تشاد (a place) first; the name read by its head wins."""
    from kg.assemble.pipeline import extract_document

    doc = Document(id="u", text="وقال جيش تشاد إن جنوده صدوا الهجوم.", source="test")
    names = [(m.base, m.type) for m in extract_document(doc).mentions]
    assert ("جيش تشاد", ORG) in names
    assert ("تشاد", PLACE) not in names


def test_a_known_country_inside_a_lake_or_mountain_name_gives_way() -> None:
    """بحيرة تشاد is the lake, not Chad; جبل لبنان the mountain, not Lebanon."""
    from kg.assemble.pipeline import extract_document

    for text, name, country in (
        ("وقعت الاشتباكات في منطقة بحيرة تشاد أمس.", "بحيرة تشاد", "تشاد"),
        ("وتحصن المسلحون في جبل لبنان الشرقي.", "جبل لبنان", "لبنان"),
    ):
        doc = Document(id="u", text=text, source="test")
        names = [(m.base, m.type) for m in extract_document(doc).mentions]
        assert (name, PLACE) in names, names
        assert (country, PLACE) not in names


def test_head_and_quoted_name_with_guillemets() -> None:
    assert found("وأعلنت جماعة « أنصار الفجر » مسؤوليتها.", ORG) == ["جماعة أنصار الفجر"]


def test_definite_head_and_demonym() -> None:
    assert found("وأعلن الجيش النيجيري مقتل عشرة مسلحين.", ORG) == ["الجيش النيجيري"]
    assert found("وقالت الشرطة التركية إنها اعتقلت خمسة.", ORG) == ["الشرطة التركية"]
    assert found("وقصفت القوات الخاصة الأردنية موقعا.", ORG) == ["القوات الخاصة الأردنية"]


def test_definite_head_and_ordinal_or_number() -> None:
    assert found("وشارك اللواء الثامن والفرقة الرابعة في الهجوم.", ORG) == [
        "اللواء الثامن",
        "الفرقة الرابعة",
    ]
    assert found("وتقدم الفيلق الحادي عشر نحو المدينة.", ORG) == ["الفيلق الحادي عشر"]
    assert found("وانسحبت الفرقة 17 من مواقعها.", ORG) == ["الفرقة 17"]


def test_title_before_a_name_is_still_a_title() -> None:
    """اللواء is also a rank: before a name it is a title, not an organisation."""
    assert found("وقال اللواء سمير الخطيب إن القوات تقدمت.", ORG) == []


def test_branch_of_the_armed_forces() -> None:
    assert found("ونفذت القوات الجوية غارات.", ORG) == ["القوات الجوية"]


def test_head_and_demonym_points_to_the_curated_armed_forces() -> None:
    """militaries.json names the armed forces of a country: head + adjective resolve to it."""
    doc = Document(id="u", text="وأعلن الجيش الأمريكي مقتل القيادي.", source="test")
    ms = PatternExtractor()(doc, split_sentences(doc))
    assert [(m.base, m.kb_id) for m in ms if m.type is ORG] == [("الجيش الأمريكي", "us_military")]


def test_bare_generic_phrases_are_no_organisation() -> None:
    assert found("وانتشرت قوات الأمن في المدينة.", ORG) == []
    assert found("واشتبكت قوات المعارضة مع قوات النظام.", ORG) == []
    assert found("وانسحبت القوات من المدينة.", ORG) == []


def test_a_chain_of_indefinite_words_alone_is_no_name() -> None:
    assert found("وقالت قوات دخلت المدينة أمس.", ORG) == []
    assert found("ووصلت قوات كبيرة إلى الحدود.", ORG) == []


def test_chain_stops_at_a_clause_or_cue() -> None:
    assert found("وهاجمت كتائب الفجر الموالية للحكومة القرية.", ORG) == ["كتائب الفجر"]
    assert found("وقالت كتائب الفجر التي تقاتل هناك.", ORG) == ["كتائب الفجر"]


# -- places ---------------------------------------------------------------------------------


def test_place_after_strong_cues_unknown_to_the_gazetteer() -> None:
    assert found("وقعت الاشتباكات في قرية زاروبة أمس.", PLACE) == ["زاروبة"]
    assert found("ودخل الجنود بلدة المحيسنة فجرا.", PLACE) == ["المحيسنة"]
    # the locality words of other theatres: Levantine حارة, Egyptian عزبة and نجع, the
    # Sahel's مقاطعة, بلدية
    assert found("واعتقل في حارة التبانة أمس.", PLACE) == ["التبانة"]
    assert found("وقتل في عزبة المنشاوي فجرا.", PLACE) == ["المنشاوي"]
    assert found("وهاجموا مقاطعة تمبدغة ليلا.", PLACE) == ["تمبدغة"]


def test_a_natural_feature_is_named_with_its_head() -> None:
    assert found("ولجأ المسلحون إلى جزيرة الصفصاف.", PLACE) == ["جزيرة الصفصاف"]
    assert found("وتحصنوا في جبل قرمود.", PLACE) == ["جبل قرمود"]
    assert found("وعثر على الجثث في وادي حسوم.", PLACE) == ["وادي حسوم"]
    assert found("وتحصنوا بجبال كرمو.", PLACE) == ["جبال كرمو"]


def test_place_with_a_glued_clitic_on_the_cue() -> None:
    assert found("وقتل ثلاثة ببلدة كفريمون.", PLACE) == ["كفريمون"]


def test_place_name_starting_with_a_prefix_or_kunya() -> None:
    assert found("وسقطت قذيفة قرب بلدة أم الخير.", PLACE) == ["أم الخير"]
    assert found("ودخلوا بلدة بني سعيد.", PLACE) == ["بني سعيد"]
    assert found("وقصفت قرية خان طومان.", PLACE) == ["خان طومان"]


def test_quoted_place_name() -> None:
    assert found("وقصفت مواقع في بلدة “نعيمو” شمالا.", PLACE) == ["نعيمو"]


def test_two_places_after_a_dual_cue() -> None:
    assert found("وقصفت الطائرات قريتي زاروبة ووادعة شرق البلاد.", PLACE) == ["زاروبة", "وادعة"]


def test_adjective_after_a_cue_is_no_place() -> None:
    assert found("وقتل مدنيان في قرية نائية.", PLACE) == []
    assert found("ونقل إلى منطقة عسكرية.", PLACE) == []
    assert found("وسكن في حي سكني قديم.", PLACE) == []
    assert found("واجتمعوا في مدينة صغيرة.", PLACE) == []


def test_weak_cues_need_a_definite_or_quoted_name() -> None:
    assert found("ونقلوا إلى منطقة الحوامدة.", PLACE) == ["الحوامدة"]
    assert found("وتقدموا إلى منطقة خفض.", PLACE) == []


def test_a_nested_head_is_not_the_name() -> None:
    """ريف محافظة X: محافظة is a head of its own, not the name of a countryside."""
    assert "محافظة" not in found("وقتل اثنان بريف محافظة حمرون.", PLACE)


# -- gazetteer names that are common words ---------------------------------------------------


def test_common_word_needs_a_place_cue() -> None:
    from kg.extract.kb import load_kb

    kb = load_kb()

    def places(text: str) -> list[str | None]:
        doc = Document(id="g", text=text, source="test")
        return [m.kb_id for m in kb.find_mentions(doc, split_sentences(doc))]

    assert places("وعاش الناس في أمان بعد الحرب.") == []
    assert places("ووصل الوفد إلى مدينة أمان أمس.") == ["amman"]


def test_a_place_right_after_a_common_head_is_no_name() -> None:
    """قيادة is also "leadership": under the leadership of a country is no organisation."""
    assert found("وجرت العملية تحت قيادة الولايات المتحدة.", ORG) == []
    assert found("وقالت قوات دفاع شبوة إنها صدت الهجوم.", ORG) == ["قوات دفاع شبوة"]


def test_forces_and_army_of_one_country_point_to_its_one_curated_entry() -> None:
    """An entry that lists only "the army + adjective" is found from "the forces + adjective"
    too; a country with two such entries points to neither."""
    from kg.extract.kb import KbEntry
    from kg.extract.patterns import armed_forces_by_country

    def entry(eid: str, *aliases: str) -> KbEntry:
        return KbEntry(id=eid, type=ORG, subtype="", label_ar=aliases[0], aliases_ar=aliases)

    demonyms = {"السوري": "syria", "التركي": "turkey", "التركيه": "turkey"}  # folded
    entries = [
        entry("syrian_army", "الجيش السوري", "الجيش العربي السوري"),
        entry("turkish_army", "الجيش التركي"),
        entry("turkish_gendarmerie", "القوات التركية"),
        entry("syrian_police", "الشرطة السورية"),
    ]
    assert armed_forces_by_country(entries, demonyms.get) == {"syria": "syrian_army"}


def test_head_and_demonym_of_a_country_with_one_army_entry() -> None:
    from kg.extract.patterns import _armed_forces

    doc = Document(id="u", text="وقصفت القوات الأمريكية مواقع.", source="t")
    ms = PatternExtractor()(doc, split_sentences(doc))
    assert [m.kb_id for m in ms if m.type is ORG] == [_armed_forces()["united_states"]]


def test_an_ambiguous_curated_place_in_a_list_of_places() -> None:
    """A curated place that is also a first name (ambiguous: it needs a cue) is a place when
    it is joined by و to the place before it and ends there; not when a name goes on."""
    from kg.extract.kb import KbEntry, KnowledgeBase

    kb = KnowledgeBase(
        entries=(
            KbEntry(id="baghdad", type=PLACE, subtype="City", label_ar="بغداد",
                    aliases_ar=("بغداد",)),
            KbEntry(id="hamdan", type=PLACE, subtype="City", label_ar="حمدان",
                    aliases_ar=("حمدان",), ambiguous_ar=frozenset({"حمدان"})),
        ),
        demonyms={},
        strong_cues=frozenset({"مدينه"}),
        weak_cues=frozenset({"في"}),
        stopwords=frozenset(),
    )

    def ids(text: str) -> list[str | None]:
        doc = Document(id="g", text=text, source="test")
        return [m.kb_id for m in kb.find_mentions(doc, split_sentences(doc))]

    assert ids("وتوترت الأوضاع في بغداد وحمدان والبصرة.") == ["baghdad", "hamdan"]
    assert ids("وتوترت الأوضاع في بغداد وحمدان.") == ["baghdad", "hamdan"]
    assert ids("وزار بغداد وحمدان الراوي معه.") == ["baghdad"]
    assert ids("وقال حمدان إن الوضع هادئ.") == []
    assert ids("وقال عمر وحمدان إن الوضع هادئ.") == []


def test_chain_stops_at_a_conjunction_an_adjective_or_a_purpose() -> None:
    assert found("وأعلنت جماعة مسلحة تنتمي للجماعة الأم مسؤوليتها.", ORG) == []
    assert found("وافتتح مركز فضائي لإجراء التجارب.", ORG) == []
    assert found("وصار مركز جذب للاستثمارات الأجنبية.", ORG) == []
    assert found("وشكرت حكومة وشعبا الدولة الجارة.", ORG) == []


def test_a_participle_after_a_feminine_head_is_no_place() -> None:
    assert found("وبنيت مدينة متطورة في الصحراء.", PLACE) == []
    assert found("ودخلوا قرية محاصرة منذ شهور.", PLACE) == []


def test_a_kind_of_village_is_no_name() -> None:
    assert found("وتضررت قرى الصيادين على الساحل.", PLACE) == []
    assert found("وقصفت الطائرات قرى كفرحمرة وحيان.", PLACE) == ["كفرحمرة", "حيان"]


def test_a_pronoun_is_not_a_teh_marbuta() -> None:
    """بلده (his country) folds like بلدة (a town)."""
    assert found("ليواصل خدمة بلده وأمته.", PLACE) == []
    assert found("ودخلوا بلدة كفريمون.", PLACE) == ["كفريمون"]
