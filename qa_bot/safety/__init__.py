"""Recognising messages that need real help rather than an answer from two documents.

The screen (`screen.py`, where its decision is written down) reads every message before anything
is matched, with the conversation so far. Its knowledge is data beside it: the concepts people
use (`lexicon.yaml`), the warning signs of the public lists (`signs.yaml`), and a model learned
from a corpus of messages written by people who never saw it (`model.json`, trained by
`tests/eval/train_screen.py`). `help.py` holds the help lines and how each reply opens.

Categories: `emergency` (an overdose or danger now), `crisis` (suicide warning signs),
`overdose_risk` (lowered tolerance, using alone, mixing), `distress` (someone struggling, a
relapse), `medical_advice` (doses, mixing, stopping a medicine, "am I addicted?"), and
`help_request` (where to find treatment or support, a family that found signs of use).
"""

from qa_bot.safety.help import CATEGORIES, URGENT, Category, HelpLine
from qa_bot.safety.screen import SafetyConcern, Screen, Turn, bundled_screen, check

__all__ = [
    "CATEGORIES",
    "URGENT",
    "Category",
    "HelpLine",
    "SafetyConcern",
    "Screen",
    "Turn",
    "bundled_screen",
    "check",
]
