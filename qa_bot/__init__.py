"""qa-bot: answers questions about two documents on opioids, addiction and social connection,
citing and quoting the source text.

    >>> from qa_bot import load_bot
    >>> bot = load_bot()
    >>> answer = bot.ask("who wrote the paper?")
"""

import logging

from qa_bot.answering import Answer, AnswerDict, Citation, CitationDict, Status
from qa_bot.bot import Bot, load_bot
from qa_bot.conversation import Conversation
from qa_bot.errors import (
    CacheWarning,
    EvalFileError,
    KnowledgeError,
    KnowledgeProblem,
    QaBotError,
    SafetyDataError,
)
from qa_bot.knowledge import KnowledgeBase, load_knowledge
from qa_bot.matching import Match, MatchDict
from qa_bot.safety import HelpLine, SafetyConcern
from qa_bot.safety.help import HelpLineDict
from qa_bot.safety.screen import SafetyConcernDict

__version__ = "0.1.0"

# Each decision is logged at debug level to "qa_bot" (and its children, one per module); silent
# until the application configures logging, as a library's logger should be.
logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "Answer",
    "AnswerDict",
    "Bot",
    "CacheWarning",
    "Citation",
    "CitationDict",
    "Conversation",
    "EvalFileError",
    "HelpLine",
    "HelpLineDict",
    "KnowledgeBase",
    "KnowledgeError",
    "KnowledgeProblem",
    "Match",
    "MatchDict",
    "QaBotError",
    "SafetyConcern",
    "SafetyConcernDict",
    "SafetyDataError",
    "Status",
    "__version__",
    "load_bot",
    "load_knowledge",
]
