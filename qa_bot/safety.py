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
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from qa_bot.text import ASKING, normalise, sentences

Category = Literal["emergency", "crisis", "distress", "medical_advice"]


@dataclass(frozen=True)
class SafetyConcern:
    """Why a message gets the safety reply instead of an answer."""

    category: Category
    signal: str  # the words that triggered it, for /why and tests
    # Distress said in passing by someone asking what the documents say ("I'm barely holding it
    # together, but what does the paper say ...?"): they get their answer, with help beside it.
    alongside_question: bool = False


class _Pattern:
    """A regular expression compiled when it is first used.

    Compiling all of this module's patterns takes about 18 ms, most of a one-off `qa-bot ask`'s
    own time; `check` compiles only those its message gets to (a question about the documents
    never needs the emergency or medical ones).
    """

    __slots__ = ("_compiled", "_source")

    def __init__(self, source: str) -> None:
        self._source = source
        self._compiled: re.Pattern[str] | None = None

    def _pattern(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source)
        return self._compiled

    def search(self, text: str) -> re.Match[str] | None:
        """`re.Pattern.search`."""
        return self._pattern().search(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """`re.Pattern.finditer`."""
        return self._pattern().finditer(text)


def _rx(*alternatives: str) -> _Pattern:
    return _Pattern(r"\b(?:" + "|".join(alternatives) + r")\b")


_SUBSTANCE = (
    r"(?:drugs?|pills?|opioids?|opiates?|heroin|fentanyl|fent|oxy|oxys|oxycodone|oxycontin|percs?|percocet|vicodin|"
    r"hydrocodone|morphine|codeine|tramadol|methadone|suboxone|subutex|subs?|sub strips?|"
    r"buprenorphine|bupe|"
    r"naltrexone|vivitrol|naloxone|narcan|xanax|benzos?|valium|klonopin|alcohol|booze|drinks?|"
    r"beers?|wines?|weed|cannabis|meth|cocaine|coke|crack|ketamine|adderall|molly|mdma|lean|kratom|"
    r"meds?|medications?|medicines?|prescriptions?|antidepressants?|painkillers?|sleeping pills|"
    r"sertraline|zoloft|prozac|fluoxetine|ssris?|gabapentin|lyrica)"
)
_SELF = r"(?:i|im|ive|id|ill|me|my|myself|mine)"
# Someone close, for messages written on another person's behalf in an emergency.
_CLOSE = (
    r"(?:son|daughter|kid|child|brother|sister|bro|sis|mom|mum|mother|dad|father|husband|wife|"
    r"partner|boyfriend|girlfriend|bf|gf|friend|mate|roommate|flatmate|cousin|uncle|aunt|"
    r"grandson|granddaughter|fiance|fiancee)"
)
_SOMEONE = rf"(?:(?:my|our|a) {_CLOSE}s?|{_CLOSE}s?|he|hes|she|shes|they|theyre|someone)"

# Signs of an emergency in progress: alarming whoever they are said about, unless the message
# asks about the documents.
_EMERGENCY_SIGNS = _rx(
    r"(?:not|isnt|stopped|barely|cant stop|hardly) breathing",
    r"breathing (?:is |has )?(?:gone |got |become )?(?:really |very |so )?"
    r"(?:slow|shallow|weird|strange|funny|raspy)",
    r"(?:wont|cant|doesnt|wouldnt|cannot) (?:wake|get (?:him|her|them) to wake|respond)",
    r"(?:turning|turned|gone|going|lips are|lips look|lips) (?:blue|grey|gray|purple)",
    r"(?:gone|going|is|looks|really|very|so) (?:pale|cold and|clammy|limp)",
    r"unresponsive|not making sense|snoring (?:weird|strange|loudly|funny)",
    r"(?:passed out|collapsed|seizure|seizing|convulsing|foaming)",
    r"(?:isnt|not|wont|stopped) (?:responding|moving|waking)",
    r"(?:gasping|choking|pinpoint pupils|pupils (?:are )?(?:tiny|pinned|pinpoint))",
    r"chest (?:hurts|pain|feels|is tight)|heart(?:s| is)? (?:racing|pounding)",
    r"cant feel my|everything is going (?:dark|black)|going dark",
    r"(?:is|am) (?:he|she|they|i) dying",
    r"(?:should|do) (?:i|we) call (?:911|an ambulance|999|112)",
    r"took (?:too many|a (?:whole|full) bottle|the (?:whole|entire) bottle|way too much|too much|"
    r"a bunch|a lot|a handful|all)",
    r"(?:swallowed|downed|took) (?:the |a )?(?:whole|entire|full) (?:bottle|pack|box|packet)",
    r"did (?:way )?too much",
    r"(?:swallowed|downed|taken) (?:a bunch|a lot|a load|loads|lots) of (?:\w+ )?"
    r"(?:pills|meds|tablets)",
    r"(?:wont|cant|wouldnt) stay awake|eyes (?:rolled|rolling) back|(?:just )?dropped",
    r"cant (?:breathe|catch (?:my|his|her) breath)|room is spinning|chest is (?:crushing|tight)",
    # "My toddler got into my pills", not "he got into pills through his friends".
    r"got into (?:the|my|his|her|their|our|some|a|grandmas|grandpas) (?:\w+ )?"
    r"(?:pills|meds|medicine|bottle|strips|patches|gummies)",
    r"found the bottle open|seems (?:really |very |so )?sleepy|jerking",
    r"getting (?:really |very |so )?sleepy|slumped|snoring noise|(?:wont|doesnt) answer",
    r"(?:really|very|so) sleepy after|vomiting and",
    r"pulse is (?:really |very )?(?:faint|weak)|(?:hes|shes) (?:gone )?cold",
    r"(?:gave|given) (?:him |her )?(?:one|a|two) dose of (?:naloxone|narcan)",
    r"burning up|stopped sweating|(?:can|could) barely (?:stand|breathe|move)|blacking out",
    r"(?:cant|can not|cannot) keep (?:my|his|her|their) eyes open|gurgling|unconscious",
    r"lips (?:feel|look|are|went|gone|turned|turning) (?:weird|purple|blue|grey|gray)",
    r"(?:chewed|swallowed|ate|drank|drunk) (?:one of )?(?:my |his |her |some |a )?"
    r"(?:suboxone|strips?|pills?|tablets?|patch|bleach|drain cleaner|something)",
    r"(?:floppy|limp) and|hard to wake|talking nonsense|breathing (?:maybe |about |only )?"
    r"(?:\d+|once|twice) (?:times )?(?:a|per) minute",
    r"whole (?:week|month|bottle|pack) of (?:\w+ )?(?:pills|meds|tablets)|is this serious",
    r"overdos(?:e|ing) (?:happening|right) now",
    r"(?:lips|mouth|face) (?:look|looks|is|went|are) (?:kinda |kind of |a bit |slightly )?"
    r"(?:blue|purple|grey|gray)|blue ?ish|bluish|slurring|passing out",
    r"(?:took|taken|swallowed|had) (?:like |about |around |maybe )?\d+ (?:of )?(?:my |his |her )?",
    r"(?:swallowed|took|downed|taken) (?:a )?handful|chewed (?:the|a|my|his|her) patch",
    r"(?:wont|doesnt|cant|will not) stop bleeding|soaked through|cut deeper",
    r"how (?:many hours|long) do (?:they|i|we|you) have|(?:standing|sitting) on (?:the|a) "
    r"(?:bridge|ledge|roof)|engine running|car in the garage|throwing up and",
    r"no responde|no respira|sobredosis|esta morad[oa]|muchas pastillas",
)
# "Does the Good Samaritan law protect you if you call 911 for someone overdosing?" asks about the
# law, not for help now.
_LAW = _rx(r"laws?|legal\w*|protect\w*|arrest\w*|charged?|immunity|prosecut\w*")


def _asks_about_the_law(text: str) -> bool:
    """A general question about the law, with no one of the speaker's in danger: "my friend is
    overdosing, will I be arrested if I call 911?" is an emergency all the same."""
    speaker_involved = _FIRST_PERSON.search(text) or _CLOSE_PERSON.search(text)
    return bool(_LAW.search(text)) and not speaker_involved


# Words of an emergency that are also words of the documents' topic ("overdose"): alarming only
# when said about a real person now.
_EMERGENCY_WORDS = _rx(
    r"overdos(?:ed|ing)",
    r"(?:an|an other|another) overdose (?:right )?now|(?:taken|took|having) an overdose",
    r"ode?d",
    r"od ing",
    r"emergency",
    r"what do (?:i|we) do (?:right )?now",
    r"what now",
)
_CRISIS = _rx(
    r"(?:kill|killing|hurt|hurting|harm|harming|cut|cutting|burn|burning) "
    r"(?:my ?self|him ?self|her ?self|them ?selves|them ?self)",
    r"(?:want|going|gonna|try|trying|wanna) to (?:kill|hurt|harm) me\b",
    r"not worth living|life (?:isnt|is not) worth|wish (?:i|id) (?:was|were|be) dead",
    r"(?:wish i could|want to|wanna|feel like) disappear\w*",
    r"better (?:if |that )?(?:i|im) (?:am |was |were )?(?:not here|gone|dead|not around)",
    r"(?:not|no longer) (?:be )?(?:here|around|alive) anymore",
    r"(?:ending|end) it all|(?:thinking|thinkin) (?:about|of|abt) ending",
    r"(?:goodbye|suicide) (?:note|letter)s?|written (?:the |my )?(?:letters|notes)",
    r"overdose on purpose|on purpose overdose|od on purpose",
    r"(?:hang|shoot|drown) my ?self|jump(?:ing)? (?:off|in front)",
    r"end(?:ing)? (?:my (?:own )?life|it all)",
    r"(?:i|ill|to|gonna|just|will|could|should|might|finally) end it|end(?:ed|ing)? things",
    r"(?:want|need) (?:it all|everything|the pain|it) to stop for good|stop for good",
    r"(?:want|wanna|going|ready) (?:to )?die",
    r"(?:dont|do not) (?:really |even |actually )?want to (?:live|be alive|be here|exist|"
    r"wake up|go on)",
    r"(?:no|nothing to|no real) (?:reason|point) (?:for me )?(?:to|in) "
    r"(?:live|living|go on|going on|keep going|stay|be here)",
    r"no point (?:in )?(?:living|going on|anymore)",
    r"better off (?:dead|without me)",
    r"(?:not|never) wake up(?: again)?",
    r"take my (?:own )?life",
    r"(?:take|taking|swallow|swallowing) (?:all|every one of) (?:my|the|of my) (?:pills|meds)",
    r"(?:thinking (?:about|of)|going to|gonna|want to|wanna|planning (?:to|on)|about to|ready to) "
    r"(?:take|taking|swallow|swallowing) (?:all|every one|the lot|the whole lot)"
    r"(?: of)? (?:them|these|those|(?:my |the |her |his |their )?(?:pills|meds|tablets))\b",
    r"(?:point|reason) (?:of|in|for|to) (?:staying|stay|keeping(?: my ?self)?) alive",
    r"(?:whats|what is|is there) (?:the |a )?point (?:of|in) (?:living|life|going on|anything)",
    r"(?:saving|saved|stockpil\w*|hoard\w*|collecting) (?:up )?(?:all )?(?:my )?(?:pills|meds)",
    r"(?:easiest|best|quickest|fastest|painless\w*|surest) (?:way|ways|method) to "
    r"(?:die|go|end it|kill)",
    r"ways to die|how to kill",
    r"planning how to do it|need the courage to|plan to (?:do it|end)",
    r"(?:notice|care|matter) if i (?:was|were|am) gone|if i (?:was|were) gone|if i died",
    r"(?:im|i am|feel like) (?:such )?a burden",
    r"gave away (?:all )?my (?:stuff|things|belongings)|wont need (?:it|them) (?:soon|anymore)",
    r"kms|kys",
    r"(?:dont|cant|do not) see (?:a|any) future|(?:just )?want (?:it all )?out",
    r"(?:dont|cant|do not) see (?:a|any) way out|no way out",
    r"(?:till|until) (?:they|it) bleeds?|scratch(?:ing)? my (?:arms|legs|skin|wrists)",
    r"(?:dont|do not) (?:really )?want to wake up|sleep forever|never wake",
    r"(?:wont|dont) need (?:it|this|them|any of (?:it|this)) after (?:tonight|today)",
    r"made (?:my )?peace with it|(?:given|gave) away my",
    r"(?:wrote|written|writing) (?:letters|notes|a letter|a note) to",
    r"(?:about|told anyone about|stopped telling anyone about) the plan|i have a plan",
    r"(?:a )?rope in the|(?:least painful|easiest|quickest|painless) way to (?:go|die|do it)",
    r"take everything in the|be done with it|finish(?:es)? me off",
    r"(?:dont|cant) see myself making it|(?:wont|dont think ill) (?:need to )?be around",
    r"(?:doing|do) them a favou?r|disappear(?:ed)? (?:permanently|forever|for good)",
    r"burden|(?:keep )?cutting (?:again|my ?self)|cut my ?self|makes the noise stop",
    r"burned every bridge|goodbye (?:everyone|all|world)|bye everyone",
    r"(?:whats|what is) (?:even )?the point(?: anymore)?$|whats the point anymore",
    r"(?:whats|what is) (?:even )?the point (?:of|in) (?:even )?trying anymore",
    r"(?:whats|what is) (?:even )?the point of me$",
    r"(?:nobodys|nobody is|no ones) coming|(?:stopped|stop) seeing a reason",
    r"(?:no|any) reason to (?:keep going|go on|carry on|stay)",
    r"would (?:even |ever |really )?(?:notice|care|miss me) if i",
    r"(?:going|gonna) to be death|(?:looked up|looking up) the bridge|the bridge near",
    r"big enough dose|(?:rather|want to) (?:just )?go out on my own terms",
    r"tell (?:my \w+|them|everyone|her|him) (?:that )?(?:im|i am) sorry",
    r"(?:wont|will not) be a problem (?:for anyone )?(?:much )?(?:longer|soon)",
    r"sort(?:ing|ed)? out my affairs|(?:tired|sick) of (?:existing|living|being alive|life)",
    r"if i (?:just )?(?:dont|do not|didnt|did not|never) wake up|checking out for good|"
    r"check out for good",
    r"go in (?:your|my) sleep|how many (?:it|would it) (?:would )?take|(?:reliably|most) fatal",
    r"(?:and|with) me gone|lighter without me|without me (?:dragging|around|here)",
    r"(?:make|made) (?:the next one|this one|it) the last (?:one|time)",
    r"how high (?:does|do|should|would) (?:a|the) (?:bridge|building|roof)",
    r"say goodbye (?:to \w+ )?without|when i decide (?:im|i am) done",
    r"not come back|train tracks|(?:car|train|bus|truck) (?:will |would )?(?:just )?hit me",
    r"unaliv\w*|life insurance|self inflicted",
    r"(?:dont|never|not) wake up from|how (?:many|much) (?:it|would it) (?:would )?take",
    r"lethal dose|(?:my|the) (?:gun|pistol|rifle)|done fighting|settles it for me",
    r"on purpose this time|let(?:ting)? whatever happens happen",
    r"better off if i (?:just )?(?:wasnt|werent|was not|were not) here|wasnt here anymore",
    r"(?:suicidal|sucidal|suicdal) (?:thoughts|feelings|again|lately)|been (?:feeling )?suicidal",
    r"thinking (?:about|of) (?:suicide|sucide|suiside|killing)|kil+ my ?self|the rope|a rope",
    r"swerv\w* into|in front of (?:a|the) (?:train|bus|car|truck|lorry)",
    r"(?:already|have|ive) (?:already )?decided|(?:take|takes) to die",
    r"how long (?:until|till) i die",
    r"veux plus vivre|quiero morir|seguir viviendo|khatam karne|nicht mehr (?:leben|am leben)",
    r"not being alive|gave (?:away )?my (?:dog|cat|things|stuff|guitar) to|would it be quick",
    r"(?:whole|entire) (?:script|prescription|bottle) (?:of \w+ )?at once|(?:a )?date picked out",
    r"walk into the (?:sea|ocean|river|lake)|(?:bought|got|buy|have) a gun",
    r"(?:dont|do not|cant) see (?:a|any) reason to (?:keep going|go on|live|stay|carry on)",
    r"sticking around|(?:dont|do not) see the point in (?:living|sticking|going on|being)",
    r"on purpose and use|more than i can handle|thats the plan|is fatal|(?:selfish|wrong) to die",
    r"go and join (?:him|her|them)|join (?:him|her|them) (?:there|soon)",
    r"with all my pills|all my pills (?:rn|right now|now)|(?:kinda |so |just )?done trying",
    r"done with (?:it all|everything|life|living)",
    r"(?:dont|do not|cant) see why (?:i|anyone) (?:should|would) (?:keep going|go on|carry on|"
    r"keep trying|live)",
    r"make sure i (?:dont|do not|never|wont) wake up",
    r"(?:texted|sent|messaged) (?:me |us )?(?:a )?goodbye (?:and|then)",
    r"used (?:everything|all) (?:he|she|they|i) had",
)
# Words of crisis that a student may ask about: alarming unless the message is about the text.
_CRISIS_WORDS = _rx(r"suicid\w*|sucide|suicde|suiside", r"self harm\w*")
# Said by someone about themselves, these are distress whatever else the message asks.
_DESPAIR = _rx(
    r"(?:so|really|completely|all|very|totally) (?:alone|lonely|hopeless|worthless|empty|scared|"
    r"isolated)",
    r"hopeless|worthless|desperate|falling apart|breaking down|giving up|give up on (?:me|life)",
    r"(?:no ?one|nobody) (?:cares|left|to talk to|understands|"
    r"would (?:even |ever |really )?(?:care|notice|miss))",
    r"(?:friends|family|everyone) (?:are|is) (?:all )?gone",
    r"cant (?:go on|cope|take (?:it|this)|do this anymore|handle (?:it|this))",
    r"only thing that (?:\w+ ){0,2}(?:helps|works|stops|numbs|keeps|makes)",
    r"(?:using|drinking|getting high|the drugs|pills) (?:is|are) the only thing",
    r"(?:stops|numbs|kills|dulls) the pain",
    r"dont (?:really )?see the point|(?:i have|ive got|i got) no connection to anyone|"
    r"(?:whats|what is) (?:even )?the point (?:of|in) (?:even )?"
    r"(?:trying|anything)",
    r"i (?:have|got|ve got) (?:nobody|no ?one|no friends|no family)",
    r"(?:i|im) (?:feel |feeling )?(?:so |really )?(?:numb|trapped|broken|ashamed|"
    r"panicking|terrified|empty)|(?:i feel|feeling|i just feel) (?:so |really |completely )?lost|"
    rf"lost (?:and alone|without (?:him|her|them|my {_CLOSE}s?|my (?:friends|family))|in life)",
    r"i hate my ?self",
    r"(?:dont|do not) know (?:what (?:else )?to do|where to turn|how to (?:stop|cope|get away))",
    r"(?:im|i am|i feel|feel like) (?:a |such a )?(?:total |complete )?failure",
    r"(?:im|i am|ive been) (?:so |really )?(?:scared|worried|terrified|struggling|losing control)",
    r"scared for (?:him|her|them)|losing control",
    r"lost (?:all )?my (?:friends|family|job|kids|children|home)",
    r"because of my (?:drinking|using|drug use|addiction|habit)",
    r"(?:this is|its) the last time|all i think about is",
    r"thrown (?:it all|everything) away|ruined (?:my life|everything)",
    r"(?:wont|doesnt|refuses to) (?:speak|talk) to me",
    r"my dealer|using alone|(?:please|someone|somebody) help me|help me please",
    r"without (?:the |my )?(?:pills|drugs|drink|booze|fix)",
    r"worried (?:for|about) (?:her|him|them|my)|talk my ?self out of",
    r"dont even (?:like|enjoy) it anymore",
    r"(?:keeps?|kept) offering me",
    r"(?:wont|doesnt|will not) (?:even )?(?:look at|speak to|talk to) me",
    r"(?:feel|felt|feeling) (?:this |so |really )?(?:lonely|alone|isolated)|lonely lonely",
    r"hate (?:who|what) (?:im|i am|ive) (?:becoming|become)|the weird one|want to fit in",
    r"not doing (?:great|good|well|ok|okay)|feels? (?:so |really )?(?:grey|gray|heavy|pointless)",
    r"cant be bothered|(?:havent|have not|not) (?:really )?eaten|cry (?:every|all)|crying all",
    r"(?:feel|feeling) (?:empty|numb|low|down|worse)|feeling (?:really |proper |so )?(?:low|down)",
    r"(?:nobody|no one|no ?one) (?:texts|calls|notices|checks)",
    r"keep it together|holding it together|close to home",
    r"(?:havent|have not) (?:talked|spoken) to (?:anyone|anybody|a single person)",
    r"panic attacks?|drowning|muy triste|me siento sol[oa]|(?:just|recently) (?:died|passed)",
    r"died (?:\w+ ){0,4}(?:days?|weeks?) ago|havent left|really hard time",
    r"died (?:of|from) (?:an )?(?:overdose|fentanyl|heroin|drugs)|made me (?:really |so )?upset",
    r"(?:dont|do not) have anyone|no (?:family|friends) (?:and )?no (?:family|friends)",
    r"hiding in the|hate being home|(?:dont|do not) feel anything|spiral\w*|carrying everything",
    r"(?:makes?|made) the pain (?:stop|go away)|only (?:using|drinking) (?:helps?|makes?|works?)",
    r"(?:cant|dont want to|do not want to) keep (?:doing|living like) this(?: anymore)?$",
    r"barely hanging on|dark place|bad (?:mental health )?day|everything(?:s| is) too much|"
    r"falling apart|epuise",
)
# Someone close using now, in a message that does not ask about the documents: their family
# is who SAMHSA's helpline is also for.
_FAMILY_USING = _rx(
    rf"(?:(?:my|our) )?{_CLOSE}s? (?:is |s )?(?:an )?(?:addict|addicted|using|on drugs|"
    r"drinks every|drinking (?:every|again|too)|drinks (?:from|every|all)|alcoholic|shooting up|"
    r"relapsed|overdosed)"
)
# A struggle with use, happening to the speaker now: only when "I"/"my" stands just before it,
# so that "why do people relapse?" and "my brother relapsed, what does the post say?" are not
# taken for a person in crisis.
_STRUGGLE = _rx(
    r"relaps(?:e|ed|ing)",
    r"(?:using|drinking|shooting up|high|used) again",
    r"(?:started|start|went|fell|slipped|keep going) back",
    r"crav(?:e|ing|ings)",
    r"(?:need|want|gotta have) (?:to use|to get high|a hit|a fix|my fix|" + _SUBSTANCE + r")",
    r"cant stop (?:using|drinking|taking)",
    r"in (?:so much )?(?:pain|withdrawal)",
    r"withdrawing|dope ?sick|sick without",
    r"(?:want|wanna|going) to (?:use|get high|drink|score|shoot up)",
    r"(?:slipped|slipped up|messed up|screwed up|fell off the wagon)",
    r"pick(?:ing|ed)? (?:it )?up again",
    r"urges?",
    r"keeps? (?:using|drinking|relapsing)",
)
# Struggle words that are also the topic's nouns: the last of three words, they are a search.
_TOPIC_NOUNS = frozenset({"relapse", "craving", "cravings", "urge", "urges"})
# Weak signals that together mean a person struggling now: said in the first person (or about
# someone close), a painful feeling, and drug use or being alone.
_HURT = _rx(
    r"ashamed|shame|garbage|awful|terrible|horrible|ghost|numb|empty|hopeless|worthless",
    r"failure|disgrace|embarrassed|scared|terrified|afraid|desperate|exhausted|miserable",
    r"depressed|suffering|hurting|broken|stuck|trapped|unbearable|shaking|panic\w*",
    r"(?:tired|sick) of|hate (?:my ?self|this|it)|struggling|rough (?:week|day|time|night)",
    r"hard time|falling apart|cant (?:cope|stop|stay clean|sleep)|dont know (?:who|how|what)",
    r"worried|not even surprised|all i (?:want|think about)|miss (?:it|them|using)",
    r"feel like (?:a|an|garbage|crap|shit|nothing|dirt)|only thing i look forward",
    r"(?:so|really|too) bad|cant (?:focus|think)|bored|fraud|pathetic|guilt\w*",
    r"spiral\w*|cry|crying|cried|hate who|failed (?:him|her|them|my)|disappointing|kicking",
    r"shaky|the pull|want(?:ing)? to use|miss the high|(?:hard|cant) (?:to )?say no",
)
_USE = _rx(
    r"use|uses|using|used|high|stoned|drunk|drinks?|drinking|gear|stash|dealer|relaps\w*",
    r"pick(?:ed)? up|craving\w*|fix|score|clean|sober|sobriety|rehab|detox|withdrawal\w*",
    r"addict\w*|alcoholic|habit|hooked|na|aa|meetings?|stuff|possession|vapes?|recover\w*|"
    + _SUBSTANCE,
)
_ALONE = _rx(
    r"alone|lonely|loneliness|isolated|no friends|nobody|no ?one|by myself|locked up",
    r"(?:havent|have not) (?:talked|spoken) to",
)
_CLOSE_PERSON = _rx(rf"(?:my|our) {_CLOSE}s?")

_QUESTION_WORD = _rx(r"what|who|whom|whose|why|how|when|where|which|whats|hows")

_SPEAKER = frozenset({"i", "im", "ive", "id", "me", "my", "myself"})
_PEOPLE_IN_GENERAL = _Pattern(
    r"^(?:do|does|can|could|why|how|what|is|are|would|will)\b(?: \w+){0,2} "
    r"(?:people|someone|somebody|anyone|addicts|users|folks|persons?)\b"
)
_FIRST_PERSON = _rx(_SELF)
# The speaker as the one acting ("I", "me"), not only as someone's relative ("my sister"), or a
# decision asked for ("should he go to detox?").
_SPEAKER_ACTS = _rx(r"i|im|ive|id|me|myself", r"should (?:i|he|she|we|they|(?:my|our) \w+)")

_MEDICAL = [
    # Doses and amounts.
    _rx(
        # Not "how much does blocking opioids change ...": a verb there asks about something else.
        r"how (?:much|many) (?:mg |milligrams? |of )?"
        r"(?:(?!does |do |did |is |are |can |could |will |would )\w+ ){0,2}" + _SUBSTANCE,
        r"(?:what|which|safe|right|correct|max|maximum|lethal|normal|starting) "
        r"(?:dose|dosage|amount)",
        r"(?:dose|dosage|mg|milligrams?) (?:of|for|should)",
        r"is (?:it )?(?:safe|ok|okay|alright|dangerous|fine|bad) to (?:take|use|mix|combine|drink|"
        r"snort|inject|give|share|smoke|stop|quit)",
        # "Is it ok to have a few beers while I'm on suboxone?"
        r"is (?:it )?(?:safe|ok|okay|alright|dangerous|fine|bad) to have "
        r"(?:(?:a|an|some|few|couple|one|two|three|any|more|another|of|glass|glasses|bottle|"
        r"can|cans|shot|shots|hit|hits|little|small|bit) ){0,3}" + _SUBSTANCE,
        r"(?:would|will|does|could|can) (?:taking|using) (?:a |some )?(?:small |little |tiny )?"
        r"(?:amount|bit|dose|hit)",
        r"how (?:much|many) is (?:too much|safe|lethal|deadly)",
        r"how (?:much|many) (?:\w+ )?(?:would|will|does it|to) (?:take|kill)",
        r"how much (?:\w+ )?is too much",
        r"can (?:i|he|she|we|they|my \w+) (?:die from|overdose on|od on)",
        r"take (?:him|her|them|me) off (?:of )?(?:it|them|" + _SUBSTANCE + ")",
        r"\d+ ?(?:mg|milligrams?|mls?|ml|mcg|micrograms?)\b",
        r"(?:between|space out|spacing) (?:my )?doses|doses? of my",
        r"enough for me|too much for me",
        r"is (?:it )?(?:safe|ok|okay|alright|fine|bad|dangerous) (?:if|for) (?:i|me)",
        r"(?:keep|kept) taking (?:my )?" + _SUBSTANCE,
        r"(?:im|i am|is|shes|she is|while|when|if|get|getting) (?:\w+ )?(?:pregnant|breastfeeding)",
        r"is (?:that|this) (?:combination )?(?:ok|okay|safe|dangerous|bad) for (?:me|my|him|her)",
        r"(?:dangerous|safe) for (?:her|him|me|my \w+) to|combination (?:safe|dangerous)",
        r"is it (?:safe|dangerous|ok|okay|bad) to (?:just )?(?:stop|quit|switch)",
        r"is (?:it )?(?:ok|okay|safe|fine) to (?:change|switch) (?:\w+ )?(?:to|from|over to) "
        r"(?:\w+ )?" + _SUBSTANCE,
        r"(?:safe|ok|okay|dangerous|fine) (?:with|on) my " + _SUBSTANCE,
        r"is (?:it )?(?:safe|ok|okay|alright|fine) to switch",
        r"how (?:slowly|fast|quickly) should",
        r"second (?:patch|dose)",
        r"took (?:my |some |a )?" + _SUBSTANCE + r" (?:\w+ ){0,3}(?:hours?|minutes?|mins?) ago",
        r"any interactions|interact with my",
        r"test positive (?:for|on)|drug (?:test|screen) (?:on )?(?:monday|tomorrow|soon)",
        r"(?:got|have|having|get|getting) a (?:drug|urine|pee|piss) (?:test|screen)",
        r"how many (?:beers|drinks|glasses|shots) (?:is|are) (?:safe|ok|okay)",
        r"(?:ok|okay|safe|fine) to cut|can i (?:still )?(?:nurse|breastfeed|cut|split)",
        r"is it (?:ok|okay|safe|fine) for (?:him|her|them|my \w+) to",
        r"can (?:my \w+|he|she) (?:take|have|use|drink)",
        r"how (?:fast|quickly|slowly) can i|(?:over the counter|otc) (?:stuff|meds?|medicine)",
        r"(?:wait|waiting) before (?:starting|taking|using)",
    ),
    # Mixing.
    _rx(
        r"(?:mix|mixing|combine|combining|take|taking|drink|drinking) \w+ (?:with|and|on|while on) "
        + _SUBSTANCE,
        r"(?:mix|mixing|combine|combining) (?:\w+ ){1,3}(?:with|and) " + _SUBSTANCE,
        r"(?:mix|mixing|combine|combining) " + _SUBSTANCE,
        _SUBSTANCE + r" (?:and|with|plus|\+|n) " + _SUBSTANCE + r" (?:together )?"
        r"(?:is |are |ok |okay |safe |fine |bad |dangerous )?(?:safe|ok|okay|fine|bad|dangerous)",
    ),
    # Stopping, starting or changing a medication; cold turkey; tapering.
    _CHANGING := _rx(
        r"(?:stop|stopping|quit|quitting|come off|coming off|get off|getting off|taper|tapering|"
        r"wean|weaning|switch|switching|skip|skipping|double|doubling|lower|raise|increase|"
        r"decrease|cut down) (?:on |off |taking |using )?(?:my |the |her |his |their )?"
        + _SUBSTANCE,
        r"cold turkey",
        # "Can you overdose on caffeine?" asks about people in general; "can I ...?" does not.
        r"overdose on",
        r"(?:skip|skipping|miss|missing|halve|halving) (?:a |my |one |two |a few |some |the )?"
        r"(?:\w+ )?(?:doses?|pills?|strips?|tablets?)",
        r"(?:lower|lowering|raise|raising|increase|increasing|decrease|decreasing|reduce|reducing|"
        r"cut|cutting|change|changing|adjust|adjusting|up|halve|halving) (?:down )?"
        r"(?:my |his |her |their |the |our )?(?:dose|doses|dosage)",
        # "Should I use a t-test?" is no medical question: taking or using needs a drug named.
        r"should (?:i|he|she|they|we) (?:stop|quit|cut|split|crush|snort|wait|switch|go down|"
        r"go up)",
        r"should (?:i|he|she|they|we) (?:take|use|start|try|get on|go on) (?:\w+ ){0,3}"
        + _SUBSTANCE,
        r"how (?:much|many) should (?:i|he|she|they|we) (?:use|take|give|have)",
        r"should (?:i|we) (?:take|bring|drive|get) (?:him|her|them) to (?:the )?(?:er|hospital|"
        r"doctor|rehab|detox|urgent care|a e|ae|emergency)",
        r"(?:when|how soon) (?:can|should|do) i (?:start|stop|take|switch)",
        r"can i go (?:down|up|lower|higher)",
        r"how long (?:after|before|until) (?:my|his|her) (?:last )?(?:use|dose)",
        r"can (?:we|i) (?:put|give|add|double|up|increase)",
        r"should (?:i|we) (?:keep|get|buy|have) (?:narcan|naloxone)",
        r"should (?:he|she|i|we|they) go to (?:detox|rehab|treatment)",
        r"(?:while|when) (?:im |i am |hes |he is |shes |she is |theyre |they are |being )?on "
        + _SUBSTANCE,
        r"should (?:i|we) (?:send|put|take|get) (?:\w+ )?(?:to|into|in) (?:rehab|treatment|detox)",
        # Not "can I take a break from reading?" or "can I use this for my essay?".
        r"(?:can|could|may) i (?:just |still |safely |now )?"
        r"(?:take|use|drink|mix|stop|quit|smoke|have|snort|inject|come off|get off)\b"
        r"(?! (?:a |an |the |this |that |my )?(?:break|look|minute|second|moment|quiz|test|exam|"
        r"class|course|notes?|intro|summary|paper|article|post|blog|text|essay|chapter|pages?|"
        r"topic|example|quote|sources?|readings?|this|that|nida|inagaki|documents?|docs?|"
        r"pieces?|study|studies|findings?)\b)",
        # "Can I skip the intro?" is no medical question: a drug, or "it", must follow.
        r"(?:can|could|may) i (?:just |still |safely |now )?(?:crush|chew|split|skip) "
        r"(?:\w+ ){0,3}?(?:it|them|doses?|pills?|next one|shots?|injections?|"
        + _SUBSTANCE
        + r")\b",
        r"how (?:do|can|should) i (?:taper|detox|quit|stop|come off|get off|get clean|withdraw|"
        r"get through)",
        r"(?:best|safest|easiest) way (?:for me )?to (?:detox|quit|stop|taper|come off|withdraw)",
        r"detox(?:ing)? from|get through (?:\w+ )?withdrawal|quit on my own",
        r"(?:detox|withdraw|withdrawal) at home",
        r"how long (?:does|will|do) (?:the )?withdrawal\w*",
        r"what (?:should|can|do) i take for",
        r"(?:side effects|interactions?) (?:of|with|between) (?:my )?" + _SUBSTANCE,
        r"my (?:prescription|dose|dosage)",
        # "My doctor keeps telling me to see people" is no medical question; these are.
        r"my (?:doctor|doc|psychiatrist|prescriber|gp) (?:\w+ ){0,5}?(?:dose|doses|dosage|"
        + _SUBSTANCE
        + r")|ask my (?:doctor|doc|psychiatrist|prescriber|gp)",
        r"my (?:meds|medication|pills) (?:\w+ ){0,3}(?:if|when|while) i",
        r"is (?:it|this|that) normal (?:to|for|that)|(?:will|would) (?:\w+ ){0,3}show up on",
        r"combo (?:ok|okay|safe)|is that combo|double up|what should (?:we|i) do at home",
        r"check mine|stopped my|will it still work|is that dangerous|how long (?:do|should) "
        r"(?:i|we) wait|before i can start|put a new one on|wait till tomorrow",
        r"make me fail|fail my (?:\w+ )?(?:test|ua|screen)",
        # Drug tests: how long a drug shows is a general question; the asker's own test is not.
        r"stay in (?:my |your |his |her )?(?:urine|system|blood|pee)",
        r"(?:show up|fail) (?:on |for )?(?:my |a |the )?(?:\w+ )?"
        r"(?:drug (?:test|screen)|screen|test)",
        r"could (?:\w+ )?(?:hurt|harm) me|(?:hurt|harm) me if i",
    ),
    # Self-diagnosis.
    _rx(
        r"am i (?:an )?(?:addict|addicted|an alcoholic|dependent|hooked|using too much)",
        r"(?:is|are) (?:my|our) (?:\w+ ){0,2}(?:addicted|an addict|hooked)",
        r"do i have (?:an? )?(?:addiction|substance use disorder|problem|drinking problem)",
        r"(?:does|is) my (?:drinking|drug use|using|use|habit) (?:count|mean|a problem|too much)",
        r"(?:do|if) i need (?:rehab|treatment|detox)",
        r"(?:does|do|would) (?:that|this|it) count as (?:an? |being )?(?:addiction|addict|"
        r"addicted|alcoholi\w*|"
        r"problem|abuse|dependence)",
        r"(?:is|am) (?:he|she|i|my \w+) (?:an? )?(?:addicted|addict|dependent|alcoholic)",
        r"(?:is that|is this|is it) (?:an? )?(?:addiction|dependence|dependency)",
        r"(?:am i|im|does that mean im) (?:physically )?(?:dependent|addicted|hooked)"
        r"(?! on (?:this|the|that) (?:topic|subject|book|paper|article|show|series))",
        r"(?:diagnose|prescribe) me",
    ),
]


def check(message: str) -> SafetyConcern | None:
    """The safety concern in a message, or None for an ordinary question."""
    text = normalise(message)
    if not text:
        return None
    about_documents = _about_the_documents(text)
    asks_documents = _asks_about_the_documents(text, message)
    if not about_documents:
        found = _EMERGENCY_SIGNS.search(text) or (
            None
            if asks_documents or _asks_about_the_law(text)
            else _PERSONAL.search(text) and _EMERGENCY_WORDS.search(text)
        )
        if found:
            return SafetyConcern("emergency", found.group(0))
    words = None if about_documents or asks_documents else _CRISIS_WORDS.search(text)
    found = _CRISIS.search(text) or words
    if found:
        return SafetyConcern("crisis", found.group(0))
    # Below, each rule looks for its pattern only where the rule can still apply, so that a
    # pattern is compiled only when a message needs it (see `_Pattern`).
    if not about_documents:
        for pattern in _MEDICAL:
            found = pattern.search(text)
            if found and _is_personal(pattern, text, asks_documents):
                return SafetyConcern("medical_advice", found.group(0))
    # Said or asked: a message of a few words, with no "?" and no question word, states something
    # ("cravings are insane tonight"); one or two words are a search ("relapse", "cravings").
    stated = (
        len(text.split()) >= 3
        and "?" not in message
        and not _QUESTION_WORD.search(text)
        and not ASKING.match(text)
    )
    spoken = _FIRST_PERSON.search(text) or (stated and not _DOCUMENT_WORDS.search(text))
    despair = _DESPAIR.search(text) if spoken or asks_documents else None
    if despair:
        # Said in passing by someone asking what the documents say ("most of what I read makes
        # me feel broken; does the post talk about hope?"): their answer, with help beside it.
        return SafetyConcern("distress", despair.group(0), alongside_question=asks_documents)
    hurt = None if asks_documents else _HURT.search(text)
    if hurt:
        # Said of the speaker (often with the "I" left out: "used again. whatever."), or of
        # someone close; not a question about what the documents say.
        # ("Do people who are hooked keep at it even when it's hurting them?" asks about people
        # in general.)
        personal = (
            _FIRST_PERSON.search(text)
            or _CLOSE_PERSON.search(text)
            or not (_DOCUMENT_WORDS.search(text) or _PEOPLE_IN_GENERAL.search(text))
        )
        if personal and (_USE.search(text) or _ALONE.search(text)):
            return SafetyConcern("distress", hurt.group(0))
    # The last two rules hold only for a message with nothing about the documents.
    if _DOCUMENT_WORDS.search(text):
        return None
    family = _FAMILY_USING.search(text)
    if family:
        return SafetyConcern("distress", family.group(0))
    # A struggle said by the speaker, or stated (not asked): "cravings are insane tonight" is
    # someone's night; "why do people relapse?" is a question.
    # Three words ending in a topic noun are still a search ("opioid blockers relapse").
    said = text.split()
    searched = len(said) <= 3 and said[-1] in _TOPIC_NOUNS
    for struggle in _STRUGGLE.finditer(text):
        before = text[: struggle.start()].split()[-3:]
        if _SPEAKER.intersection(before) or (stated and not searched):
            return SafetyConcern("distress", struggle.group(0))
    return None


# "What does the paper say about overdoses?" asks about the text; "he overdosed" does not.
_DOCUMENT_WORDS = _rx(
    r"docs?",
    r"papers?",
    r"articles?",
    r"posts?",
    r"blogs?",
    r"study",
    r"studies",
    r"summary",
    r"pieces?",
    r"readings?",
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
    r"(?:either|both|neither) of (?:them|these|those|the two)",
    r"they say",
    r"says?",
)
# Whose medication: the speaker's or a named person's ("they" alone is often people in general).
_OWN = _rx(
    _SELF,
    rf"(?:my|our) {_CLOSE}s?",
    r"should",
    r"(?:his|her) (?:dose|doses|dosage)",
    # "want to stop suboxone fast": the speaker, with the "I" left out.
    r"^(?:want|wanna|need|planning|trying|going) to",
)
_PERSONAL = _rx(_SELF, _SOMEONE, r"right now", r"tonight", r"today", r"help")


def _is_personal(pattern: _Pattern, text: str, asks_documents: bool) -> bool:
    """Stopping or changing a medication is advice only when it is someone's own, and, in a
    question about what the documents say, the speaker's ("my sister wants to help her boyfriend
    get off drugs; does the article give steps?" asks the article)."""
    # "Can connections help people stop using drugs?" asks about people in general.
    if pattern is not _CHANGING:
        return True
    if asks_documents:
        return bool(_SPEAKER_ACTS.search(text))
    return bool(_OWN.search(text))


# What a question about the documents asks about: the documents, their parts and their subjects.
_DOCUMENT = (
    r"(?:papers?|articles?|posts?|blogs?|summary|docs?|documents?|study|texts?|readings?|pieces?|"
    r"comments?|commenters?|video|rats?|animals?|authors?|researchers?|scientists?)"
)
_ASKS_DOCUMENTS = _rx(
    rf"(?:does|do|did|is|are|what|how|why|where|which|can) (?:\w+ ){{0,4}}{_DOCUMENT}",
    rf"according to (?:the|this|these|that) (?:\w+ )?{_DOCUMENT}",
    r"(?:says?|mentions?|talks? about|suggests?|describes?|explains?) (?:anything )?about",
)


def _asks_about_the_documents(text: str, message: str) -> bool:
    """A question about what the documents say, even from someone who tells their own story."""
    # A sentence that asks: ends with "?" or starts like a question ("who is credited ...").
    asks = any(asking for _, asking in sentences(message))
    return bool(_ASKS_DOCUMENTS.search(text) or (asks and _DOCUMENT_WORDS.search(text)))


def _about_the_documents(text: str) -> bool:
    """A question about what the documents say, asked in a student's voice, not a person's own."""
    return bool(_DOCUMENT_WORDS.search(text)) and not re.search(
        r"\b(?:i|im|ive|me|my|myself)\b", text
    )
