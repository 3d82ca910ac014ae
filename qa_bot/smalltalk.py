"""Small talk: messages that are not questions about the documents, and get a word about the bot.

A greeting, thanks, a goodbye, a question about the bot itself ("who are you?", "what can you
do?", "who made you?", "are you a real person?") and filler ("ok", "test", "lol", "hmm", a bare
number with nothing to pick) are answered as what they are: a short reply about the bot and what
it covers (status `chitchat`), never a document answer matched on a stray word, and never a
help-line footer on a hello. Only a message that is small talk as a whole is: "hi, who wrote the
paper?" is a question, asked without its greeting (`without_pleasantries`).

A chat platform's mention in front of a message ("<@U123> who wrote the paper?", "@qa-bot: hi")
is not part of it (`without_mention`).
"""

from __future__ import annotations

import re

from qa_bot.text import ASKING, normalise, sentences

# What each kind of small talk is, as whole normalised messages (see `qa_bot.text.normalise`:
# lower case, punctuation gone, "u" and "r" spelt out).
_BOT = r"(?:you|u|qa bot|qabot|the bot|this bot|this thing|this|bot)"
_KINDS = {
    "greeting": r"(?:hi+|hello+|hey+|hiya|howdy|yo|sup|hola|heya|greetings|good (?:morning|"
    r"afternoon|evening|day)|what s up|whats up|wassup|hi there|hello there|hey there|"
    r"how are you(?: doing| today)?|how s it going|hows it going|how r you|how are things|"
    r"nice to meet you)(?: (?:bot|qa bot|there|again|everyone|all|friend|buddy))?",
    "thanks": r"(?:(?:ok|okay|great|cool|awesome|perfect|nice|good|wow|oh|alright) )?(?:thanks?|"
    r"thank you|thank u|thx|thnx|ty|tysm|cheers|many thanks|thanks a lot|thanks so much|"
    r"thank you so much|thank you very much|much appreciated|appreciate it|i appreciate it|"
    r"that helps|that helped|that was helpful|very helpful|helpful|great answer|good answer|"
    r"nice one)(?: (?:so much|a lot|again|bot|man|mate|very much|for (?:the|your) (?:help|"
    r"answer|answers|info|information)))?",
    "goodbye": r"(?:bye+|goodbye|good bye|bye bye|see you|see ya|cya|later|laters|good night|"
    r"goodnight|night|ttyl|take care|that s all|thats all|that is all|i m done|im done|"
    r"i am done|done|all done|gotta go|i have to go|farewell)(?: (?:now|for now|then|bot|"
    r"thanks|thank you))?",
    "about_bot": rf"(?:who|what) (?:are|r) {_BOT}|what is {_BOT}|what s {_BOT}|"
    rf"who (?:made|built|created|wrote|programmed|designed|owns|runs|trained) {_BOT}|"
    rf"what can {_BOT} (?:do|help with|help me with)|what do {_BOT} do|how do {_BOT} work|"
    rf"(?:are|r) {_BOT} (?:a |an )?(?:bot|robot|human|person|real|real person|ai|a i|chatgpt|"
    rf"chat gpt|gpt|computer|program|machine|alive|sentient|real human)|"
    rf"(?:is this|am i talking to) (?:a |an )?(?:bot|robot|human|person|real person|ai|chatgpt|"
    rf"computer|program|machine)|what s your name|whats your name|what is your name|"
    rf"do {_BOT} have a name|how does this work|what is this for|what am i supposed to do|"
    rf"what should i ask|what can i ask(?: {_BOT})?|"
    rf"what (?:kinds? of |sorts? of )?(?:things|stuff|questions|topics) (?:can|do) {_BOT} "
    rf"(?:help(?: me)? with|answer|do|cover|know about)",
    "filler": r"(?:ok+|okay|okey|k+|kk|test|testing|test test|testing testing|lol+|lmao|haha+|"
    r"hehe+|hm+|um+|uh+|er+|erm|ah+|oh+|ooh|wow|yes|yeah|yep|yup|ya|yea|no|nope|nah|sure|"
    r"fine|cool|nice|great|awesome|interesting|i see|got it|gotcha|makes sense|right|alright|"
    r"all right|hmm ok|ok cool|ok then|okay then|oh ok|oh okay|nothing|nvm|never mind|"
    r"nevermind|whatever|idk|i don t know|dunno|asdf+|qwerty|blah|ping|hello world|"
    r"quit|exit|stop)",
    "number": r"\d{1,3}",
    # "the second one" picks an option; with none shown, it is the same as a bare number
    "pick": r"(?:the |option |number )?(?:first|second|third|1st|2nd|3rd|last)"
    r"(?: one| option| question)?(?: please)?",
}
_COMPILED = {kind: re.compile(pattern) for kind, pattern in _KINDS.items()}
# A message in other words is small talk when it is made only of these words and the words every
# message has ("the", "is", "my"): "wait am i talking to a real person or a bot", "sorry, pasted
# the wrong thing", "hello, good morning". One word of any other kind ("people", "name", "mean")
# makes it something else. The kinds are tried in this order: one word about the bot makes the
# message a question about the bot.
_WORDS = {
    "about_bot": """you u your yourself bot robot robots human person real ai gpt chatgpt
        openai claude gemini computer program machine tool app software built made created
        programmed designed trained talking custom someone anyone""",
    "thanks": """thanks thank thx thnx ty tysm cheers appreciate appreciated helpful
        comfort comforting""",
    "goodbye": "bye goodbye cya later night goodnight farewell leaving gotta go",
    "greeting": """hi hello hey hiya howdy yo sup hola morning afternoon evening greetings good
        dear there everyone""",
    "filler": """ok okay sorry pasted wrong thing mistake oops test testing lol haha hmm yes
        no yeah nope sure cool nice great perfect awesome interesting wait whats wow oh hm
        english so not typo nevermind nvm anyway way essay""",
}
_WORD_KINDS = {word: kind for kind, words in _WORDS.items() for word in words.split()}
# Not "whatever", "nothing" or "i m done": after a hard message those may say more.
_ACKNOWLEDGEMENT = re.compile(
    r"(?:ok+|okay|okey|k+|kk|alright|all right|got it|gotcha|i see|sure|cool|makes sense|"
    r"ok cool|ok then|okay then|oh ok|oh okay|will do|i will|i ll try|ok i will)"
)
_THANK_YOU = re.compile(
    r"\bthank (?:you|u)\b|\b(?:this|that|it|you|u) (?:helped|helps|was (?:very |really |so )?"
    r"(?:helpful|useful))(?: (?:me|a bit|a little|a lot|so much))*\b"
)
# Words any message may have around its small talk.
_FUNCTION_WORDS = frozenset(
    """a an the and or but so of to for with by at in on is are am was be do does did i im me my
    we it its this that thats s just all really very what who how r can could would will
    1 2 3 4 5 6 7 8 9 10 something else some bit""".split()  # noqa: SIM905 -- see text.STOPWORDS
)
# "<@U012AB3CD>", "<@U012AB3CD|ana>", "@qa-bot", "@bot:" at the very start.
_MENTION = re.compile(r"^\s*(?:<@!?[A-Za-z0-9]+(?:\|[^>]*)?>|@[\w.-]+)[\s:,]*")
# A greeting before a question, thanks after it: "hi, who wrote the paper? thanks".
_LEADING_GREETING = re.compile(
    r"^(?:(?:hi+|hello+|hey+|hiya|yo|good (?:morning|afternoon|evening))"
    r"(?: (?:there|bot|qa bot|again|everyone))? )+(?=\S)"
)
_TRAILING_THANKS = re.compile(
    r"(?<=\S) (?:(?:thanks?|thank you|thx|ty|cheers)(?: (?:so much|a lot|in advance))?|please|pls|"
    r"plz)$"
)


def kind_of(normalised: str, *, options_pending: int = 0) -> str | None:
    """The kind of small talk the whole normalised message is, or None for anything else.

    A bare number is small talk only when it picks none of the numbered options the last reply
    offered (`options_pending`, how many there are).
    """
    if not normalised:
        return None
    for kind, pattern in _COMPILED.items():
        if pattern.fullmatch(normalised):
            if kind == "number" and 1 <= int(normalised) <= options_pending:
                return None
            if kind == "pick":
                return None if options_pending else "number"
            return kind
    # "thank you, bye" thanks the bot; its "you" does not ask about it.
    words = _THANK_YOU.sub("thanks", normalised).split()
    kinds = [_WORD_KINDS.get(word) for word in words if word not in _FUNCTION_WORDS]
    if not kinds or None in kinds:
        return None
    return next(kind for kind in _WORDS if kind in kinds)


def greets_without_asking(message: str) -> bool:
    """A hello with something about the person and no question ("hi, I have a psych exam
    tomorrow on these"): greeted back and asked what they want to know, not matched on a stray
    word nor told "I don't know"."""
    greeted = _LEADING_GREETING.match(normalise(message))
    if greeted is None:
        return False
    # "hi, who wrote the paper" asks after its hello
    rest = normalise(message)[greeted.end() :]
    return ASKING.match(rest) is None and not any(asks for _, asks in sentences(message))


def acknowledges(normalised: str) -> bool:
    """Whether the message only acknowledges the last reply ("ok", "thanks", "got it"): after a
    reply with help in it, a word back and the help again, not a new alarm."""
    return _ACKNOWLEDGEMENT.fullmatch(normalised) is not None or kind_of(normalised) == "thanks"


def without_mention(message: str) -> str:
    """`message` without a chat platform's mention of the bot in front of it."""
    return _MENTION.sub("", message, count=1) if message.lstrip()[:1] in ("<", "@") else message


def without_pleasantries(normalised: str) -> str:
    """A normalised question without a greeting before it and thanks after it."""
    return _TRAILING_THANKS.sub("", _LEADING_GREETING.sub("", normalised))
