"""Words the parser looks up to tell titles, organisations, places and names apart."""

from __future__ import annotations

# Words after which "of"/"at" introduces the organisation the person works for. Titles
# such as Minister, Ambassador or Representative are deliberately absent: in "Minister of
# Foreign Affairs of Ukraine" the "of" phrases are part of the title.
_HEADS = frozenset(
    """head member director chair chairman chairwoman chairperson president vice-president
    founder co-founder cofounder professor rector vice-rector dean editor editor-in-chief
    analyst researcher fellow expert coordinator manager ceo coo cfo cto spokesperson
    spokesman spokeswoman adviser advisor lecturer leader commander deputy journalist
    correspondent columnist producer""".split()
)
# Words that qualify a head word and belong to the title ("Deputy Head", "Research Director").
_MODIFIERS = frozenset(
    """deputy first vice senior chief acting executive co honorary founding managing general
    research program programme project former ex associate leading principal lead board
    supervisory""".split()
)
# Capitalised words of titles written after an organisation, never a person's name.
_TITLE_WORDS = (
    _HEADS
    | _MODIFIERS
    | frozenset(
        """minister ambassador representative secretary envoy special permanent officer consul
    mayor governor speaker mp ombudsman commissioner attaché""".split()
    )
)
# Words that make a phrase an organisation rather than a person or a place.
_ORG_WORDS = frozenset(
    """center centre centr foundation institute university council committee subcommittee
    ministry agency fund forum union network initiative group course office service
    association movement alliance media lab hub platform board commission party
    administration academy school college parliament rada representation mission embassy
    corporation company news radio tv post bureau department faculty club assembly
    congress chamber court""".split()
)
_PLACES = frozenset(
    """ukraine kyiv kiev kharkiv lviv odesa odessa kherson dnipro zaporizhzhia mykolaiv
    chernihiv sumy poltava crimea donbas europe russia poland belarus moldova georgia
    usa us uk eu america britain germany france""".split()
)
# Capitalised words that start sentences or headings rather than names.
_SENTENCE_WORDS = frozenset(
    """the a an and of in on at for to with from by about as is are was were
    ukrainian russian nato european american watch speakers speaker guests guest
    moderator host timestamps source project episode now today also however meanwhile
    then here there this that these those when while since after before what why how who
    where our we you they it he she if but so ukraine’s
    україна україни україні росія росії нато київ харків центр проєкт проект дивіться
    спікери гості модератор сьогодні також""".split()
)
# Words that never start or continue a person's name.
_NOT_NAME_WORDS = _ORG_WORDS | _PLACES | _SENTENCE_WORDS
_NAME_PARTICLES = frozenset(
    "de da di del della van von der den le la du bin ibn al el ter zu".split()
)
_FUNCTION_WORDS = frozenset(
    """of at for to in on the and from with by as a an or about into under over between
    з із зі в у до та і й на від для при про щодо""".split()
)
# Nouns that describe a speaker in place of a name ("a resident of occupied Kherson",
# "мешканка окупованого Херсона", "Volunteer from Mariupol"): a speaker line that starts
# with one names nobody, on purpose.
_DESCRIPTION_WORDS = frozenset(
    """resident citizen native inhabitant local civilian volunteer soldier serviceman
    servicewoman fighter defender partisan veteran medic paramedic doctor nurse teacher
    student journalist reporter activist farmer priest refugee evacuee survivor witness
    mother father prisoner member representative officer official employee worker
    мешканець мешканка житель жителька уродженець уродженка громадянин громадянка
    волонтер волонтерка військовий військова військовослужбовець військовослужбовиця
    боєць захисник захисниця партизан партизанка ветеран ветеранка медик медикиня лікар
    лікарка медсестра вчитель вчителька учитель учителька студент студентка журналіст
    журналістка активіст активістка фермер фермерка священник біженець біженка
    переселенець переселенка свідок свідка мати батько полонений полонена член членкиня
    представник представниця офіцер офіцерка працівник працівниця співробітник
    співробітниця""".split()
)
_ABBREVIATIONS = frozenset("inc. ltd. co. jr. sr. st. corp. llc. ph.d. dr.".split())
_LEGAL_FORMS = "NGO|NPO|CSO|ICF|CF|LLC|ГО|ГС|БФ|МБФ|БО|ТОВ|ПП"


def _bare(word: str) -> str:
    """A word for vocabulary look-ups: folded, without a possessive "’s"."""
    return word.casefold().removesuffix("’s").removesuffix("'s")
