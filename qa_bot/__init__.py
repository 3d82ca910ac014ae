"""qa-bot: answers questions about two documents on opioids, addiction and social connection,
citing and quoting the source text.

    >>> from qa_bot import load_bot
    >>> bot = load_bot()
    >>> answer = bot.ask("who wrote the paper?")
"""

from qa_bot.answering import Answer, Citation
from qa_bot.bot import Bot, load_bot
from qa_bot.conversation import Conversation
from qa_bot.errors import (
    CacheWarning,
    EvalFileError,
    KnowledgeError,
    KnowledgeProblem,
    QaBotError,
)
from qa_bot.knowledge import KnowledgeBase, load_knowledge
from qa_bot.matching import Match
from qa_bot.safety import HelpLine, SafetyConcern

__version__ = "0.1.0"

__all__ = [
    "Answer",
    "Bot",
    "CacheWarning",
    "Citation",
    "Conversation",
    "EvalFileError",
    "HelpLine",
    "KnowledgeBase",
    "KnowledgeError",
    "KnowledgeProblem",
    "Match",
    "QaBotError",
    "SafetyConcern",
    "__version__",
    "load_bot",
    "load_knowledge",
]
