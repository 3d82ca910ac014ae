"""The focus check: a question asking a kind of fact a pair doesn't give is not answered by it."""

from __future__ import annotations

import pytest

from qa_bot import Bot
from qa_bot.focus import PairFocus, asked
from qa_bot.text import normalise


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("who came up with the brain opioid theory?", {"who"}),
        ("When was the paper published?", {"when"}),
        ("what year did the rat study happen", {"when"}),
        ("where is inagaki from", {"where"}),
        ("which university does she work at", {"where"}),
        ("how many rats were there", {"count"}),
        ("what share of the rats chose company?", {"count"}),
        ("how much does it drop, like a little or a lot", {"count"}),
        ("in which years were those studies done?", {"when"}),
        ("how old is the author", {"age"}),
        ("how long does it take to get addicted", {"duration"}),
        ("what drug did they give the rats", {"name"}),
        ("which medication blocks opioids?", {"name"}),
        # No kind of fact that a pair on the topic may not give:
        ("what is the brain opioid theory?", set()),
        ("why do people relapse?", set()),
        ("does social connection help recovery?", set()),
        ("rats??", set()),
        # Relative clauses and "where does it say" are not questions of who, when or where:
        ("what happens to people who use drugs", set()),
        ("what happens when rats are alone", set()),
        ("a cage where rats live alone, what does the comment say", set()),
        ("where does it say that?", set()),
        ("where does the nida post mention relapse", set()),
    ],
)
def test_the_kind_of_fact_a_question_asks(question: str, kinds: set[str]) -> None:
    assert asked(normalise(question)) == kinds


def test_a_pair_answers_the_kinds_its_wordings_ask_often_enough() -> None:
    wordings = ["who wrote the paper?", "who is the author", "author?", "name the author"]
    stray = [*wordings * 5, "where is the author from?"]
    assert PairFocus.of((normalise(w) for w in wordings), {}).kinds == {"who"}
    focus = PairFocus.of((normalise(w) for w in stray), {})
    assert focus.kinds == {"who"}  # one wording in 21 does not make it an answer to "where"
    assert focus.any_kinds == {"who", "where"}
    assert focus.missing(frozenset({"where"})) == {"where"}


def test_another_kind_of_fact_about_a_known_topic_is_not_covered(bot: Bot) -> None:
    answer = bot.ask("who came up with the brain opioid theory?")
    assert answer.status == "not_covered"
    assert answer.text.startswith("The documents don't say who.")
    assert answer.citations  # what the documents do say, cited
    assert bot.ask("what is the brain opioid theory?").status == "answered"


def test_a_known_gap_is_not_covered(bot: Bot) -> None:
    answer = bot.ask("which drug were the rats given?")
    assert answer.status == "not_covered"
    assert not answer.from_documents and answer.from_pair
    assert answer.citations


def test_a_broad_question_gets_what_the_documents_say_not_a_gap(bot: Bot) -> None:
    answer = bot.ask("what did the rats do?")
    assert answer.status == "answered"
    assert "hang out with other rats" in answer.text


@pytest.mark.xfail(
    strict=True,
    reason="a known gap's broad wordings ('what were the rats on in that study') outscore the "
    "rat study's finding; adding wordings for these tipped other follow-ups (issue 13)",
)
@pytest.mark.parametrize(
    "question",
    [
        "what did the rat study find?",
        "what was the rat study about?",
        "tell me about the rat study",
    ],
)
def test_broad_questions_about_the_rat_study_get_its_finding(bot: Bot, question: str) -> None:
    answer = bot.ask(question)
    assert answer.status == "answered"
    assert "hang out with other rats" in answer.text


# --- which document --------------------------------------------------------------------------


def test_a_question_crediting_the_wrong_document_is_corrected(bot: Bot) -> None:
    answer = bot.ask("what does inagaki say about peer pressure")
    assert answer.status == "not_covered"
    assert answer.text.startswith(
        "The Inagaki (2018) summary doesn't say that. The NIDA blog does:"
    )
    assert answer.citations and answer.citations[0].source == "nida-social-connections"


def test_a_named_document_with_its_own_answer_gets_it(bot: Bot) -> None:
    answer = bot.ask("what does inagaki say about relapse")
    assert answer.status == "answered"
    assert {c.source for c in answer.citations} == {"opioids-social-connection"}


def test_the_reader_comment_is_a_part_of_its_own(bot: Bot) -> None:
    assert bot.ask("what did the comment say about blocking opioids").status == "not_covered"
    named_with_its_post = bot.ask("is the comment at the bottom written by nida?")
    assert named_with_its_post.status == "answered"


def test_parts_named_in_a_question() -> None:
    from qa_bot import load_bot
    from qa_bot.documents import COMMENT, Parts

    parts = Parts.of(load_bot().knowledge)
    assert parts.named("what does inagaki say") == "opioids-social-connection"
    assert parts.named("in the nida post") == "nida-social-connections"
    assert parts.named("what did the commenter say") == COMMENT
    assert parts.named("the comment on the nida post") == "nida-social-connections"
    # the summary has no comments: a question about "its" comments names the summary
    assert parts.named("the comment section under the inagaki summary") == (
        "opioids-social-connection"
    )
    assert parts.named("how do the nida post and the inagaki summary differ") is None
    assert parts.named("what about relapse") is None


# --- yes or no -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("Is it right that the summary says blocking opioids can decrease connection?", "Yes:"),
        ("does the nida blog call addiction a brain disease", "Yes:"),
        ("True or false: the paper was published in 2018", "True:"),
        ("does the summary say research on opioids and subjective feelings is extensive?", "No:"),
        ("so the findings on opioids and negative social experiences always agree?", "No:"),
        ("was the nida post written by the nida blog team?", "Yes:"),
        # another role than the claim's: the illustrator is not the writer
        ("Was the NIDA article written by Dr. Marco Venniro?", "No:"),
        # one cause for what the post calls a brain disease
        ("the NIDA post says addiction is only about willpower, doesn't it?", "No:"),
    ],
)
def test_a_yes_or_no_question_gets_its_verdict_first(bot: Bot, question: str, first: str) -> None:
    assert bot.ask(question).text.startswith(first)


def test_no_no_for_a_role_the_answer_does_not_give_another(bot: Bot) -> None:
    # the publisher is not the writer's rival: the post is on NIDA's blog
    answer = bot.ask("was the NIDA blog post published by NIDA?")
    assert not answer.text.startswith(("No", "False"))


def test_no_verdict_without_the_claim_restated(bot: Bot) -> None:
    # The illustration answer says nothing of who wrote the post: no "Yes" to it.
    answer = bot.ask("Was the NIDA article written by Dr. Marco Venniro?")
    assert not answer.text.startswith(("Yes", "True"))
    assert not bot.ask("who wrote the paper?").text.startswith(("Yes", "No"))


# --- names the documents never mention --------------------------------------------------------


def test_a_drug_the_documents_never_name_is_not_answered_from_another_pair(bot: Bot) -> None:
    answer = bot.ask("what does the nida post say about peer pressure and fentanyl")
    assert answer.status == "not_covered"
    assert answer.text.startswith("The documents don't mention fentanyl.")
    assert answer.citations  # what they do say on the topic


def test_a_known_gap_about_the_drug_still_answers(bot: Bot) -> None:
    answer = bot.ask("was it heroin the rats got?")
    assert answer.status == "not_covered"
    assert answer.matched is not None and answer.matched.pair_id == "which-drug-rats-gap"


def test_a_pair_on_both_documents_rests_on_the_one_whose_quote_has_the_words(bot: Bot) -> None:
    answer = bot.ask("what does the nida post say about huddling")
    assert answer.status == "not_covered"
    assert answer.text.startswith(
        "The NIDA blog doesn't say that. The Inagaki (2018) summary does:"
    )
    assert bot.ask("what do both documents say about animals").status == "answered"


def test_a_document_named_before_goes_on_being_named_by_she_and_it(bot: Bot) -> None:
    chat = bot.chat()
    chat.ask("who is tristen inagaki")
    assert chat.ask("did she say kids get into drugs because their friends push them?").status == (
        "not_covered"
    )


@pytest.mark.parametrize(
    "question",
    [
        "do the top addiction programs focus on relationships at all",  # "at all" claims nothing
        "is the evidence on opioids and bad social moments consistent, or all over the place?",
        "Does the NIDA article call addiction a disease? My father always said my uncle was weak.",
        "was it only rats in the study?",  # "only" on its own puts nothing down to one cause
    ],
)
def test_no_no_for_a_claim_the_answer_does_not_contradict(bot: Bot, question: str) -> None:
    assert not bot.ask(question).text.startswith(("No:", "False:"))


def test_a_false_premise_the_answer_contradicts_gets_a_no(bot: Bot) -> None:
    answer = bot.ask("why does the nida post say rats and humans have the same social needs?")
    assert answer.text.startswith("No:")


@pytest.mark.parametrize(
    "question", ["Is the brain opioid theory proven?", "has the brain opioid theory been proven?"]
)
def test_a_claim_the_answer_denies_gets_a_no(bot: Bot, question: str) -> None:
    assert bot.ask(question).text.startswith("No:")  # the answer: "not a proven fact"


def test_a_comment_named_with_another_document_names_neither() -> None:
    from qa_bot import load_bot
    from qa_bot.documents import Parts

    parts = Parts.of(load_bot().knowledge)
    assert parts.named("does the comment agree with the paper") is None


def test_greetings_and_thanks_are_set_aside_for_matching(bot: Bot) -> None:
    answer = bot.ask("good evening, where does the author work? thank you")
    assert answer.matched is not None and answer.matched.pair_id == "author-affiliation"
    assert answer.question == "good evening, where does the author work? thank you"


def test_the_claim_is_the_sentence_that_asks() -> None:
    from qa_bot.polarity import claim_of

    assert claim_of("Does it call addiction a disease? My dad says no.") == (
        "Does it call addiction a disease"
    )
    assert claim_of("True or false: the paper came out in 2018") == (
        "True or false: the paper came out in 2018"
    )
    assert claim_of("the paper came out in 2018? true or false") == (
        "true or false: the paper came out in 2018"
    )
    assert claim_of("is it this, or that?") is None
    assert claim_of("is it " + "very " * 40 + "long?") is None


def test_no_yes_to_a_claim_of_one_word(bot: Bot) -> None:
    answer = bot.ask("true or false: she also wrote the nida blog post")
    assert not answer.text.startswith(("Yes", "True"))


def test_an_answer_s_own_yes_to_a_claim_of_all_becomes_a_no(bot: Bot) -> None:
    answer = bot.ask(
        "True or false: the findings on opioids and negative social experiences all supported "
        "the hypothesis"
    )
    assert answer.text.startswith("False, only some:")
    assert bot.ask("did some findings support the hypothesis?").text.startswith("Yes, some:")


def test_two_articles_in_digits_are_both_documents(bot: Bot) -> None:
    assert _pair_of(bot.ask("what do the 2 articles say about relapse")) == (
        "both-link-social-connection-to-relapse"
    )


def _pair_of(answer: object) -> str | None:
    matched = getattr(answer, "matched", None)
    return matched.pair_id if matched is not None else None


def test_a_drug_named_only_in_the_story_before_a_question_is_no_part_of_it(bot: Bot) -> None:
    answer = bot.ask(
        "I take oxycodone as prescribed after my back surgery and this made me curious. "
        "What's the brain opioid theory in simple terms?"
    )
    assert answer.status == "answered"
    assert answer.matched is not None and answer.matched.pair_id == "brain-opioid-theory"
    # unless the question points back to it
    answer = bot.ask("my son uses fentanyl. does the nida post say anything about it?")
    assert answer.status == "not_covered"
    assert "fentanyl" in answer.text
