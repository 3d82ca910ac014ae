"""Where real help is: the help lines, and which of them each kind of safety reply leads with.

The lines are US services, as the documents are American. Each reply puts first the line that
fits what the person said (911 for an emergency, 988 for a crisis, SAMHSA's helpline for someone
looking for treatment or support), so that the most useful number is the first thing read.
Replies never give doses or medical instructions; the emergency reply says only what SAMHSA's
Overdose Prevention Toolkit tells anyone at the scene: call 911, give naloxone if it is at hand,
and stay with the person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypedDict

Category = Literal[
    "emergency", "crisis", "overdose_risk", "distress", "medical_advice", "help_request"
]
CATEGORIES: tuple[Category, ...] = (
    "emergency",
    "crisis",
    "overdose_risk",
    "distress",
    "medical_advice",
    "help_request",
)
# Categories whose reply is urgent: it leads with a number to call now, under a banner.
URGENT: frozenset[Category] = frozenset({"emergency", "crisis", "overdose_risk"})


class HelpLineDict(TypedDict):
    """`HelpLine.to_dict()`: its fields, and the line as text."""

    id: str
    name: str
    contact: str
    detail: str
    text: str


@dataclass(frozen=True)
class HelpLine:
    """A service a person can reach now.

    id       "911", "988", "samhsa": stable, for apps that show their own text
    name     the service's name, "988 Suicide & Crisis Lifeline (US)"
    contact  what to dial, text or visit, "call or text 988"
    detail   when and what for
    text     (a property) the line as shown to people: "name: contact, detail."
    """

    id: str
    name: str
    contact: str
    detail: str

    @property
    def text(self) -> str:
        """One line for people: "988 Suicide & Crisis Lifeline: call or text 988, any time."."""
        return f"{self.name}: {self.contact}, {self.detail}."

    def to_dict(self) -> HelpLineDict:
        """JSON-ready form: id, name, contact, detail and the line as text."""
        return {
            "id": self.id,
            "name": self.name,
            "contact": self.contact,
            "detail": self.detail,
            "text": self.text,
        }


EMERGENCY = HelpLine(
    "911",
    "Emergency services",
    "call 911 (or your local emergency number)",
    "now, if someone may have overdosed or is in danger",
)
LIFELINE = HelpLine(
    "988",
    "988 Suicide & Crisis Lifeline (US)",
    "call or text 988",
    "free and confidential, any time, for anyone struggling or worried about someone",
)
SAMHSA = HelpLine(
    "samhsa",
    "SAMHSA's National Helpline (US)",
    "call 1-800-662-4357",
    "free and confidential, 24/7: treatment, support groups and other help near you, "
    "for you or your family",
)
FIND_TREATMENT = HelpLine(
    "findtreatment",
    "FindTreatment.gov",
    "visit findtreatment.gov",
    "SAMHSA's map of treatment places in the US, searchable by location and payment",
)

# Which lines each reply shows, most useful first.
LINES: dict[Category, tuple[HelpLine, ...]] = {
    "emergency": (EMERGENCY, LIFELINE, SAMHSA),
    "crisis": (LIFELINE, EMERGENCY, SAMHSA),
    "overdose_risk": (LIFELINE, SAMHSA, EMERGENCY),
    "distress": (LIFELINE, SAMHSA),
    "medical_advice": (SAMHSA, EMERGENCY),
    "help_request": (SAMHSA, FIND_TREATMENT, LIFELINE, EMERGENCY),
}

# How each reply opens: short and calm; a parent asking what to do is not told they are in crisis.
# `{documents}` is what the knowledge base holds ("two documents"), filled in by the answerer.
OPENINGS: dict[Category, str] = {
    # Said to whoever is at the scene, the person in danger too ("i took too many pills").
    "emergency": "Call 911 now (or your local emergency number): this may be an overdose or an "
    "emergency. If it is someone else: if you have naloxone (Narcan), use it, and stay with the "
    "person until help arrives. If it is you: call now, and tell someone near you if you can. The "
    "911 dispatcher will tell you what to do. I'm only a bot that answers questions about "
    "{documents}, so I can't help with this.",
    "crisis": "I'm really sorry you're going through this. Please call or text 988 now: someone "
    "will talk with you, any time, free. I'm only a bot that answers questions about "
    "{documents}, so I can't help with this, but people can, right now.",
    "overdose_risk": "Please be careful: after a break from using, the body's tolerance drops, so "
    "an amount that was usual before can cause an overdose, and using alone or with alcohol or "
    "sedatives makes it more dangerous. I'm only a bot and can't help with this, but people can, "
    "right now, for whoever it is about, without judging:",
    "distress": "That sounds really hard, and I'm glad you said it. I'm only a bot that answers "
    "questions about {documents}, so I can't help with this myself, but people can, right "
    "now:",
    "medical_advice": "I can't advise on doses, mixing drugs, starting or stopping a medicine, or "
    "whether someone is addicted, and the documents don't either. A doctor or pharmacist can: "
    "they know the medicine and the person. If someone may have taken too much, call 911.",
    "help_request": "You don't have to work this out alone, and help is free and confidential. "
    "These services can talk it through with you and find treatment or support nearby, for you "
    "or for someone you love:",
}
# Beside a reply, for someone who may need help but asked something else: the note put in the
# reply's text, and the lines it names, by kind.
CARE_NOTE = (
    "It sounds like things are hard right now. You don't have to go through it alone: call or "
    "text 988 (US), or SAMHSA's free, confidential 24/7 helpline, 1-800-662-4357."
)
HELP_NOTE = (
    "To find treatment or support: SAMHSA's National Helpline, 1-800-662-4357 (US, free, "
    "confidential, 24/7), or findtreatment.gov; to talk to someone now, call or text 988."
)
EMERGENCY_NOTE = (
    "If someone may have taken too much, or is hard to wake or breathing strangely, call 911 now "
    "(or your local emergency number)."
)
MEDICAL_NOTE = (
    "For a question about a medicine or a dose, please ask a doctor or pharmacist; if someone may "
    "have taken too much, call 911."
)
BESIDE: dict[Category, tuple[str, tuple[HelpLine, ...]]] = {
    "emergency": (EMERGENCY_NOTE, (EMERGENCY, LIFELINE)),
    "crisis": (CARE_NOTE, (LIFELINE, SAMHSA)),
    "overdose_risk": (CARE_NOTE, (LIFELINE, SAMHSA, EMERGENCY)),
    "distress": (CARE_NOTE, (LIFELINE, SAMHSA)),
    "medical_advice": (MEDICAL_NOTE, (EMERGENCY,)),
    "help_request": (HELP_NOTE, (SAMHSA, FIND_TREATMENT, LIFELINE)),
}
NOTES = frozenset(note for note, _ in BESIDE.values())
# Said whenever the bot declines, in case the question was about the asker's own health.
NOT_ADVICE = (
    "If this is about your own health or safety, please talk to a doctor, or call or text 988 "
    "(US), or SAMHSA's free 24/7 helpline, 1-800-662-4357."
)
