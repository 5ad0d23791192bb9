"""Dutch cue words that say which SWOT quadrant a sentence or heading belongs to.

sterktes: voordelen, meerwaarde, sterke punten · zwaktes: nadelen, bezwaren, kritiek ·
kansen: kansen, mogelijkheden tot, een interessante optie · bedreigingen: risico's,
gevaren, faalfactoren, "de kans op stranden". Conditions ("voorwaarden", "condities",
"succesfactoren") are no quadrant at all: a condition for success is not a strength.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

CONDITION = "voorwaarden"  # not a quadrant: what must hold for the form to work
_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (CONDITION, re.compile(
        r"\b(?:rand|succes)?voorwaarde(?:n|lijk)?\b|\bcondities?\b|\bsuccesfactor\w*"
        r"|\bvereisten\b|\bvoorwaardelijk\b"
    )),
    ("sterktes", re.compile(
        r"\bvoorde(?:el|len|lig\w*)\b|\bsterke (?:punt|kant)\w*|\bsterkte\w*|\bmeerwaarde\b"
        r"|\bpluspunt\w*|\bpositie(?:f|ve) (?:resultaat|beeld|effect)|\bzeker werkbaar\b"
        r"|\bblijkt werkbaar\b|\bbeter (?:wordt|worden|af) (?:van|met|door)\b"
    )),
    ("zwaktes", re.compile(
        r"\bnade(?:el|len|lig\w*)\b|\bzwakke (?:punt|kant)\w*|\bzwakte\w*|\bknelpunt(?:en)?\b"
        r"|\bbezwa(?:ar|ren)\b|\bbeperking(?:en)? van\b|\bminpunt\w*|\bkritiek\b"
        r"|\bkritische noten\b|\bnegatief wordt\b|\bweinig succesvol\b"
    )),
    ("kansen", re.compile(
        r"\bkansen\b(?! op)|\been (?:grote |reële |strategische )?kans\b(?! op| dat)|\bkansrijk\w*"
        r"|\bbied(?:t|en) (?:de |een |nieuwe )?(?:kans|mogelijkhe|ruimte)\w*"
        r"|\b(?:biedt|bieden|geeft|geven|nieuwe|meer|extra) (?:\w+ )?mogelijkhe(?:id|den)\b"
        r"|\binteressante? (?:optie|menu)\b"
        r"|\binteressant (?:bij|voor)\b|\bontwikkelmogelijkhe\w*"
    )),
    ("bedreigingen", re.compile(
        r"\bbedreig\w*|\bgevaa?r\w*|\bfaalfactor\w*|\bdreig(?:t|en|de)\b"
        # "het risico dat", "een groot risico", "risico op": a risk named, not "financiële
        # risico's" spread or insured
        r"|\b(?:het|een|de|groot|grote|reëel|reële|als|dit|geen|ander)\s+(?:\w+\s+)?risico(?:'s|’s)?(?!\w)"
        r"|\brisico(?:'s|’s)?\s+(?:dat|op|van|bestaat|vormt|schuilt|ligt|met)\b"
        r"|\brisico (?:voor|in)\b"
        r"|\bkans (?:op|dat)\b[^.]{0,40}\b(?:strand|mislu|vastl|vast loopt)\w*"
        r"|\bstrand(?:t|en)\b|\bvastlopen\b|\bvast loopt\b"
    )),
)  # fmt: skip
# A sentence about both sides ("voor- en nadelen") says neither.
_BOTH = re.compile(r"\bvoor-\s*(?:en|of)\s*nade|\bvoor- en nadelen\b|\bvoor/nade")
_HEADING_NOUNS = {
    "voordelen": "sterktes", "sterktes": "sterktes", "meerwaarde": "sterktes",
    "nadelen": "zwaktes", "zwaktes": "zwaktes", "bezwaren": "zwaktes",
    "kansen": "kansen", "bedreigingen": "bedreigingen", "faalfactoren": "bedreigingen",
    "risico's": "bedreigingen", "risico": "bedreigingen", "condities": CONDITION, "voorwaarden": CONDITION,
    "randvoorwaarden": CONDITION, "succesfactoren": CONDITION,
    "opbrengsten": "sterktes", "opleveren": "sterktes", "oplevert": "sterktes",
}  # fmt: skip
# "Elementen voor een effectieve samenwerking", "Wat nodig is voor een succesvolle fusie":
# what makes the form work is a condition, whatever nouns the heading uses.
_CONDITION_HEADING = re.compile(
    r"\bvoor (?:een )?(?:effectieve|succesvolle|geslaagde|goede)\b|\bwat (?:is )?nodig\b"
)


# Talk about disadvantages rather than one of them: "de nadelen kunnen worden weggenomen".
_ABOUT_CONS = re.compile(
    r"\b(?:nade|knelpunt|problem)\w*\b[^.]{0,60}\b(?:te beperken|beperken|verminderd|verminderen"
    r"|weggenomen|wegnemen|weg te (?:werken|nemen|spelen)|wegspelen|opgelost|oplossen|verholpen)\b"
    r"|\bvoorde\w*\b[^.]{0,80}\bverdwijn\w*"
)
_ADVANTAGE_IF = re.compile(r"\bvoorde(?:lig|el)\w* (?:als|mits|wanneer|indien)\b")
_NO_DISADVANTAGE = re.compile(r"\b(?:zonder|niet)\s+(?:de|het)\s+(?:\w+\s+)?nade(?:el|len)\b")
_NOT_AN_ADVANTAGE = re.compile(r"\b(?:niet|geen|nauwelijks)\s+(?:\w+\s+){0,2}\w*voorde(?:el|len)\b")
# Whether people see the advantages, not what they are: "De voordelen van SETA werden volop
# gezien"; seen "niet (voldoende)" it is a weakness.
# "Als voordeel wordt gezien dat ..." names one: the advantage follows.
_ADVANTAGES_SEEN = re.compile(
    r"(?<!als )\bvoorde(?:el|len)\b(?P<between>[^.;:]{0,60}?)"
    r"\b(?:gezien|erkend|ervaren|bekend|herkend|onderkend)\b"
    r"(?!\s+(?:dat|in|als)\b)"
)
_NEGATION = re.compile(r"\b(?:niet|geen|nauwelijks|onvoldoende)\b")
# Shielded from a weakness is no weakness: "tamelijk immuun gemaakt voor kritiek".
_SHIELDED = re.compile(r"\b(?:immuun|bestand|beschermd|gevrijwaard|ongevoelig)\b[^.]{0,20}\b(?:voor|tegen)\b")
_ASIDE = re.compile(r"\([^()]*\)")
# "Gelet op de kritiek over ... merkt De Greef op dat ...": the opening names what is being
# answered; the side is in what follows.
_ANSWERED = re.compile(
    r"^(?:gelet op|ondanks|naar aanleiding van|in reactie op|tegenover)\b"
    r"[^,]*?(?=,|\b(?:merkt|stelt|zegt|wijst|schrijft|concludeert|meent)\b)"
)
# "om dit voordeel te behalen is software nodig": what it takes, a condition.
_TO_GAIN = re.compile(
    r"\bom\s+(?:\w+\s+){0,3}(?:voorde\w*|meerwaarde|kans(?:en)?)\s+te\s+(?:behalen|bereiken|realiseren|benutten|verzilveren)\b"
)
# Wanting an advantage is not having one: "Te snel voordelen willen zien", "wenst te behalen".
_WANTED = re.compile(
    r"\b(?:wil|willen|wilde|wenst|wensen|verwacht\w*|hoopt|hopen)\b[^.;:]{0,40}\bvoorde(?:el|len)\b"
    r"|\bvoorde(?:el|len)\b[^.;:]{0,50}\b(?:wil|willen|wilde|wenst|wensen)\b"
)
# "Dat voordeel is groter als ...": when an advantage grows, not which it is.
_GROWS_IF = re.compile(
    r"\b(?:voorde(?:el|len)|nade(?:el|len))\b[^.]{0,20}\b(?:groter|kleiner|sterker)\s+(?:als|wanneer|indien|naarmate)\b"
)


# "het voordeel in termen van efficiency is beperkt": how small an advantage is, no side.
_SMALL_ADVANTAGE = re.compile(r"\bvoorde(?:el|len)\b[^.;:]{0,50}\b(?:beperkt|gering|klein|minimaal|nihil)\b")
# The risk is what the sentence claims, whatever it is found in.
_RISK_CLAIMED = re.compile(
    r"\b(?:schuilt|ligt|zit|bestaat|kleeft)\s+(?:\w+\s+){0,2}(?:een|het)\s+(?:\w+\s+)?risico\b"
    r"|\brisico\b[^.]{0,40}\bop de loer\b"
)
_NO_SIDE = (_WANTED, _BOTH, _ABOUT_CONS, _SHIELDED, _SMALL_ADVANTAGE)
_CONDITION_CUE = dict(_CUES)[CONDITION]


@lru_cache(maxsize=16384)  # every SWOT reads the whole index: each sentence is classified once
def classify(text: str) -> str | None:
    """The quadrant (or CONDITION) of a sentence's first cue; None without a clear cue."""
    # A cue in brackets is an aside: "(dus niet afwachten tot een kans zich voordoet)".
    low = _ANSWERED.sub(" ", _ASIDE.sub(" ", text.lower()))
    if _GROWS_IF.search(low) or _TO_GAIN.search(low):
        return CONDITION
    if any(rx.search(low) for rx in _NO_SIDE):
        return None
    if seen := _ADVANTAGES_SEEN.search(low):
        if _NEGATION.search(seen.group("between")):
            return "zwaktes"  # "de voordelen worden niet gezien"
        return CONDITION if _CONDITION_CUE.search(low) else None
    if _NOT_AN_ADVANTAGE.search(low):
        return "zwaktes"  # "leidt niet tot efficiencyvoordelen"
    if _ADVANTAGE_IF.search(low):
        return CONDITION  # "voordelig als de samenwerking ...": when it works, not that it does
    if _NO_DISADVANTAGE.search(low):
        return "sterktes"  # "zonder de nadelen van bestuurlijke fusie", "niet het nadeel van"
    return _first_cue(low)


def _first_cue(low: str) -> str | None:
    found = [(m.start(), name) for name, rx in _CUES if (m := rx.search(low))]
    if not found:
        return None
    names = {name for _, name in found}
    if "bedreigingen" in names and _RISK_CLAIMED.search(low):
        return "bedreigingen"  # "In het voordeel om personeel uit te wisselen schuilt nog een risico."
    if {"sterktes", CONDITION} <= names:
        return CONDITION  # "De voordelen ... komen met voorwaarden."
    if {"sterktes", "zwaktes"} <= names:
        return None
    return min(found)[1]


@lru_cache(maxsize=1024)
def classify_heading(heading: str) -> str | None:
    """The quadrant a heading announces by its nouns, forgiving OCR slips ("Nadelew");
    None for headings about two sides ("Voor- en nadelen", "Nadelen of risico's") and for
    adjectives ("Kansrijke arrangementen")."""
    low = heading.lower()
    if _BOTH.search(low):
        return None
    if _CONDITION_HEADING.search(low):
        return CONDITION
    found: set[str] = set()
    for word in re.findall(r"[a-zà-ÿ']+", low):
        for noun, quadrant in _HEADING_NOUNS.items():
            if len(word) >= 6 and SequenceMatcher(None, word, noun).ratio() >= 0.8:
                found.add(quadrant)
    return found.pop() if len(found) == 1 else None


_SINGULAR = frozenset({
    "voordeel", "nadeel", "faalfactor", "risico", "bedreiging", "kans", "sterkte", "zwakte",
    "knelpunt", "bezwaar", "voorwaarde", "conditie", "succesfactor",
})  # fmt: skip


def names_one(heading: str) -> bool:
    """A heading about one advantage or risk ("De cruciale faalfactor", "Risico op
    kostenoverschrijding"), not announcing a list of them."""
    return any(word in _SINGULAR for word in re.findall(r"[a-zà-ÿ']+", heading.lower()))


# Words that make a sentence a judgement rather than a description; a sentence without a
# cue of its own continues the side before it only when it judges something.
_EVALUATIVE = re.compile(
    r"\b(?:meer|minder|beter|slechter|groter|kleiner|hoger|lager|sterker|zwakker|robuust\w*"
    r"|kwetsba\w*|eenvoudig\w*|lastig\w*|moeilijk\w*|complex\w*|ingewikkeld\w*|efficien\w*"
    r"|efficiën\w*|doelmatig\w*|ondoelmatig\w*|professione\w*|kwaliteit\w*|kosten\w*"
    r"|besparing\w*|winst|winnen|verlie\w*|toename|afname|toeneemt|afneemt|afstand|gevoelig\w*"
    r"|flexib\w*|slagvaardig\w*|transparan\w*|onoverzichtelijk\w*|overzichtelijk\w*|teveel"
    r"|te (?:veel|zeer|breed|hoog|groot|klein|gering|weinig|laag)|zelden|nauwelijks|onvoldoende"
    r"|positie(?:f|ve)|negatie(?:f|ve)|werkbaar|probleem\w*|problemen|versterk\w*|verbeter\w*"
    r"|verminder\w*|vergro\w*|beperkt\w*|kracht\w*|potentie\w*|interessant\w*|succes\w*"
    r"|specialis\w*|schaalvoordel\w*|schaalgrootte|expertise|kennis)\b"
)


# An attempt or an aim is no outcome: "werd getracht het verlengd lokaal bestuur te versterken".
_AIM = re.compile(r"\b(?:getracht|trachten|tracht|poging|beoog\w*|bedoeld om|met als doel|streeft|streven)\b")


def judges(text: str) -> bool:
    low = text.lower()
    return bool(_EVALUATIVE.search(low)) and not _AIM.search(low)
