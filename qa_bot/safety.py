"""Recognising messages that need real help rather than an answer from two documents.

Runs before matching, on every message. It looks for four situations:

* `emergency`: an overdose or a medical emergency happening now;
* `crisis`: thoughts of suicide or self-harm;
* `distress`: a person struggling right now, often in the documents' own words ("I relapsed",
  "my friends are gone and using is the only thing that helps"): a personal voice together with
  a present-tense struggle, not a single alarm word;
* `medical_advice`: personal medical questions (doses, mixing drugs, stopping or changing a
  medication, "am I addicted?"), which the documents do not answer and the bot must not.

False alarms matter as much as misses: a student asking "what does the paper say about relapse?"
is not in crisis. So most rules need a first-person or present-tense marker, and the study-style
wording of the documents ("people in recovery", "someone with an addiction") does not trigger.
Patterns run on `text.normalise` output: lower case, no apostrophes ("im", "dont", "cant").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from qa_bot.text import normalise

Category = Literal["emergency", "crisis", "distress", "medical_advice"]


@dataclass(frozen=True)
class SafetyConcern:
    """Why a message gets the safety reply instead of an answer."""

    category: Category
    signal: str  # the words that triggered it, for /why and tests


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


_SUBSTANCE = (
    r"(?:drugs?|pills?|opioids?|opiates?|heroin|fentanyl|fent|oxy\w*|percs?|percocet|vicodin|"
    r"hydrocodone|morphine|codeine|tramadol|methadone|suboxone|subutex|buprenorphine|bupe|"
    r"naltrexone|vivitrol|naloxone|narcan|xanax|benzos?|valium|klonopin|alcohol|booze|drinks?|"
    r"beer|wine|weed|cannabis|meth|cocaine|coke|crack|ketamine|adderall|molly|mdma|lean|kratom|"
    r"meds?|medications?|medicines?|prescriptions?|antidepressants?|painkillers?|sleeping pills)"
)
_SELF = r"(?:i|im|ive|id|ill|me|my|myself|mine)"
# Someone close, for messages written on another person's behalf in an emergency.
_SOMEONE = (
    r"(?:(?:my|our|a) (?:son|daughter|kid|child|brother|sister|mom|mum|dad|father|mother|"
    r"husband|wife|partner|boyfriend|girlfriend|friend|roommate|cousin)|he|she|they|someone)"
)

_EMERGENCY = [
    _rx(
        r"overdos(?:e|ed|ing)",
        r"ode?d",
        r"od ing",
        r"(?:not|isnt|stopped|barely|cant stop) breathing",
        r"(?:wont|cant|doesnt|wouldnt) wake(?: up)?",
        r"(?:turning|turned|lips are|going) (?:blue|grey|gray)",
        r"unresponsive",
        r"(?:passed out|collapsed|seizure|seizing|convulsing|foaming)",
        r"(?:isnt|not|wont|stopped) (?:responding|moving|waking)",
        r"(?:gasping|choking|snoring loudly|pinpoint pupils)",
        r"chest (?:hurts|pain|feels|is tight)|heart (?:is )?(?:racing|pounding)",
        r"(?:is|am) (?:he|she|they|i) dying",
        r"(?:should|do) (?:i|we) call (?:911|an ambulance|999|112)",
        r"what do (?:i|we) do (?:right )?now",
        r"took (?:too many|a (?:whole|full) bottle|way too much|too much|a bunch|a lot|"
        r"a handful|all)",
    ),
]
_CRISIS = [
    _rx(
        r"(?:kill|killing|hurt|hurting|harm|harming|cut|cutting|burn|burning) "
        r"(?:my ?self|me|him ?self|her ?self|them ?selves|them ?self)",
        r"not worth living|life (?:isnt|is not) worth|wish (?:i|id) (?:was|were|be) dead",
        r"(?:wish i could|want to) disappear",
        r"(?:ending|end) it all|thinking (?:about|of) ending",
        r"(?:goodbye|suicide) (?:note|letter)s?",
        r"overdose on purpose|on purpose overdose",
        r"(?:hang|shoot|drown) my ?self|jump (?:off|in front)",
        r"suicid\w*",
        r"self harm\w*",
        r"end (?:my|it) (?:life|all)",
        r"end it",
        r"(?:want|wanna|going|ready) (?:to )?die",
        r"(?:dont|do not) want to (?:live|be alive|be here|exist|wake up)",
        r"(?:no|nothing to) (?:reason|point) (?:to|in) (?:live|living|going on)",
        r"no point (?:in )?(?:living|going on|anymore)",
        r"better off (?:dead|without me)",
        r"(?:not|never) wake up again",
        r"take my (?:own )?life",
        r"(?:take|taking|swallow|swallowing) (?:all|every one of) (?:my|the|of my) (?:pills|meds)",
        r"(?:whats|what is|is there) (?:the |a )?point (?:of|in) (?:living|life|going on|anything)",
        r"(?:saving|saved|stockpil\w*|hoard\w*|collecting) (?:up )?(?:all )?(?:my )?(?:pills|meds)",
    ),
]
# Said by someone about themselves, these are distress whatever else the message asks.
_DESPAIR = _rx(
    r"(?:so|really|completely|all|very|totally) (?:alone|lonely|hopeless|worthless|empty|scared)",
    r"hopeless|worthless|desperate|falling apart|breaking down|giving up|give up on (?:me|life)",
    r"(?:no ?one|nobody) (?:cares|left|to talk to|understands|would (?:care|notice))",
    r"(?:friends|family|everyone) (?:are|is) (?:all )?gone",
    r"cant (?:go on|cope|take (?:it|this)|do this anymore|handle (?:it|this))",
    r"only thing that (?:helps|works|stops|numbs|keeps)",
    r"(?:stops|numbs|kills|dulls) the pain",
    r"dont see the point",
    r"(?:i|im) (?:feel |feeling )?(?:so |really )?(?:numb|trapped|broken|lost|ashamed|"
    r"panicking|terrified)",
    r"i hate my ?self",
)
# A struggle with use, happening to the speaker now: only when "I"/"my" stands just before it,
# so that "why do people relapse?" and "my brother relapsed, what does the post say?" are not
# taken for a person in crisis.
_STRUGGLE = _rx(
    r"relaps(?:e|ed|ing)",
    r"(?:using|drinking|shooting up|high) again",
    r"(?:started|start|went|fell|slipped) back",
    r"crav(?:e|ing|ings)",
    r"(?:need|want|gotta have) (?:to use|to get high|a hit|a fix|my fix|" + _SUBSTANCE + r")",
    r"cant stop (?:using|drinking|taking)",
    r"in (?:so much )?(?:pain|withdrawal)",
    r"withdrawing|dope ?sick|sick without",
    r"(?:want|wanna|going) to (?:use|get high|drink|score|shoot up)",
    r"(?:slipped|messed up|screwed up|fell off the wagon)",
    r"urges?",
)
_SPEAKER = frozenset({"i", "im", "ive", "id", "me", "my", "myself"})
_FIRST_PERSON = _rx(_SELF)

_MEDICAL = [
    # Doses and amounts.
    _rx(
        r"how (?:much|many) (?:mg |milligrams? |of )?(?:\w+ ){0,2}" + _SUBSTANCE,
        r"(?:what|which|safe|right|correct|max|maximum|lethal|normal|starting) "
        r"(?:dose|dosage|amount)",
        r"(?:dose|dosage|mg|milligrams?) (?:of|for|should)",
        r"is (?:it )?(?:safe|ok|okay|alright|dangerous|fine|bad) to (?:take|use|mix|combine|drink|"
        r"snort|inject|give|share|smoke|stop|quit)",
        r"(?:would|will|does|could|can) (?:taking|using) (?:a |some )?(?:small |little |tiny )?"
        r"(?:amount|bit|dose|hit)",
        r"how (?:much|many) is (?:too much|safe|lethal|deadly)",
        r"how (?:much|many) (?:\w+ )?(?:would|will|does it|to) (?:take|kill)",
        r"lethal dose|can you die from|overdose on",
    ),
    # Mixing.
    _rx(
        r"(?:mix|mixing|combine|combining|take|taking|drink|drinking) \w+ (?:with|and|on|while on) "
        + _SUBSTANCE,
        r"(?:mix|mixing|combine|combining) " + _SUBSTANCE,
    ),
    # Stopping, starting or changing a medication; cold turkey; tapering.
    _CHANGING := _rx(
        r"(?:stop|stopping|quit|quitting|come off|coming off|get off|getting off|taper|tapering|"
        r"wean|weaning|switch|switching|skip|skipping|double|doubling|lower|raise|increase|"
        r"decrease|cut down) (?:on |off |taking |using )?(?:my |the |her |his |their )?"
        + _SUBSTANCE,
        r"cold turkey",
        r"should (?:i|he|she|they|we) (?:take|use|start|stop|quit|try|get on|go on)",
        r"should (?:i|we) (?:send|put|take|get) (?:\w+ )?(?:to|into|in) (?:rehab|treatment|detox)",
        r"(?:can|could|may) i (?:take|use|drink|mix|stop|quit)",
        r"how (?:do|can|should) i (?:taper|detox|quit|stop|come off|get off|get clean|withdraw)",
        r"(?:detox|withdraw|withdrawal) at home",
        r"how long (?:does|will|do) (?:the )?withdrawal\w*",
        r"what (?:should|can|do) i take for",
        r"(?:side effects|interactions?) (?:of|with|between) (?:my )?" + _SUBSTANCE,
        r"my (?:doctor|prescription|dose|dosage|meds|medication)",
    ),
    # Self-diagnosis.
    _rx(
        r"am i (?:an )?(?:addict|addicted|an alcoholic|dependent|hooked|using too much)",
        r"(?:is|are) (?:my|our) (?:\w+ ){0,2}(?:addicted|an addict|hooked)",
        r"do i have (?:an? )?(?:addiction|substance use disorder|problem|drinking problem)",
        r"(?:diagnose|prescribe) me",
    ),
]


def check(message: str) -> SafetyConcern | None:
    """The safety concern in a message, or None for an ordinary question."""
    text = normalise(message)
    if not text:
        return None
    for category, patterns in (("emergency", _EMERGENCY), ("crisis", _CRISIS)):
        for pattern in patterns:
            found = pattern.search(text)
            if found and (category == "crisis" or _about_now(text)):
                return SafetyConcern(category, found.group(0))  # type: ignore[arg-type]
    for pattern in _MEDICAL:
        found = pattern.search(text)
        if found and not _about_the_documents(text) and _is_personal(pattern, text):
            return SafetyConcern("medical_advice", found.group(0))
    despair = _DESPAIR.search(text)
    if despair and _FIRST_PERSON.search(text):
        return SafetyConcern("distress", despair.group(0))
    for struggle in _STRUGGLE.finditer(text):
        before = text[: struggle.start()].split()[-3:]
        if _SPEAKER.intersection(before) and not _DOCUMENT_WORDS.search(text):
            return SafetyConcern("distress", struggle.group(0))
    return None


# "What does the paper say about overdoses?" asks about the text; "he overdosed" does not.
_DOCUMENT_WORDS = _rx(
    r"paper",
    r"article",
    r"post",
    r"blog",
    r"study",
    r"studies",
    r"summary",
    r"document\w*",
    r"text",
    r"author",
    r"nida",
    r"inagaki",
    r"research\w*",
    r"review",
    r"comment",
    r"findings?",
    r"scientists?",
    r"the rats?",
    r"animals?",
    r"it say",
    r"they say",
    r"says?",
)
_OWN = _rx(_SELF, _SOMEONE, r"should")
_PERSONAL = _rx(_SELF, _SOMEONE, r"right now", r"tonight", r"today", r"help")


def _is_personal(pattern: re.Pattern[str], text: str) -> bool:
    """Stopping or changing a medication is advice only when it is someone's own."""
    # "Can connections help people stop using drugs?" asks about people in general.
    return pattern is not _CHANGING or bool(_OWN.search(text))


def _about_the_documents(text: str) -> bool:
    """A question about what the documents say, asked in a student's voice, not a person's own."""
    return bool(_DOCUMENT_WORDS.search(text)) and not re.search(
        r"\b(?:i|im|ive|me|my|myself)\b", text
    )


def _about_now(text: str) -> bool:
    """An emergency word said about a real person now, not asked about in general."""
    return bool(_PERSONAL.search(text)) and not _about_the_documents(text)
