"""The fast extractor (``method="fast"``): regex and word lists, no spaCy."""

from __future__ import annotations

import pytest

from stancekit._paths import seed_path
from stancekit.statements import (
    Statement,
    _extract,
    check_spans,
    extract_corpus,
    extract_statements,
)
from stancekit.statements._fast_text import inflect, normalize_quotes, sentences
from stancekit.statements.fast import fast_statements

ANON = "anonymous sources"
UNKNOWN = "unknown"

# (text, speaker as written, actor, cue, content, kind)
PATTERNS = [
    # an office named with "of" before the name; a poll speaks as itself
    ("Secretary of State Ann Ross told reporters the talks would resume.",
     "Secretary of State Ann Ross", "Ann Ross", "told reporters", "the talks would resume",
     "indirect"),
    ("A new poll shows that most voters oppose the tax.", "A new poll", "new poll", "shows",
     "most voters oppose the tax", "indirect"),
    ("Governor Tom Hale defended the decision to close the border.", "Governor Tom Hale",
     "Tom Hale", "defended", "the decision to close the border", "indirect"),
    # a pronoun resolves to a titled person named in a sentence without a statement
    ("Swedish Prime Minister Karin Holm welcomed the plan. Later, she said the vote would go "
     "ahead.", "she", "Karin Holm", "said", "the vote would go ahead", "indirect"),
    # a time between speaker and cue belongs to neither
    ("The British government on Saturday said it had received new reports.",
     "The British government", "British officials", "said", "it had received new reports",
     "indirect"),
    ("The ministry late on Tuesday said that talks would resume.", "The ministry", "ministry",
     "said", "talks would resume", "indirect"),
    ("The ministry said late on Tuesday that talks would resume.", "The ministry", "ministry",
     "said", "talks would resume", "indirect"),
    # direct quotes, cue after
    ('"We will not back down," said Senator Jane Harlow.', "Senator Jane Harlow",
     "Jane Harlow", "said", "We will not back down", "direct"),
    ('"The talks are over," Tom Reyes said.', "Tom Reyes", "Tom Reyes", "said",
     "The talks are over", "direct"),
    ("\u201cWe are not leaving, \u201da senior Israeli official told me.",
     "a senior Israeli official", "Israeli officials", "told me", "We are not leaving", "direct"),
    ('"It will be first-order business," Mr. Podesta said.', "Mr. Podesta", "Podesta", "said",
     "It will be first-order business", "direct"),
    ('"We tried. We failed," said Ana Silva.', "Ana Silva", "Ana Silva", "said",
     "We tried. We failed", "direct"),
    ("''We are a content provider,'' said John Dickey.", "John Dickey", "John Dickey", "said",
     "We are a content provider", "direct"),
    ('"We are prepared," said General Mark Milley, Chairman of the Joint Chiefs of Staff.',
     "General Mark Milley, Chairman of the Joint Chiefs of Staff", "Mark Milley", "said",
     "We are prepared", "direct"),
    # direct quotes, cue before
    ('Maria Lopez said: "We are ready to sign the agreement."', "Maria Lopez", "Maria Lopez",
     "said", "We are ready to sign the agreement.", "direct"),
    ('Tom Reyes told reporters, "Nothing has been decided."', "Tom Reyes", "Tom Reyes",
     "told reporters", "Nothing has been decided.", "direct"),
    # split quote, and a pronoun resolved to the person named before
    ('"We are close," Reyes said, "but there is more work to do."', "Reyes", "Reyes", "said",
     'We are close," Reyes said, "but there is more work to do.', "direct"),
    ('Omar Haddad arrived in Paris on Monday. "We came to listen," he said.', "he",
     "Omar Haddad", "said", "We came to listen", "direct"),
    # reported speech
    ("Ana Silva said that the ceasefire would hold.", "Ana Silva", "Ana Silva", "said",
     "the ceasefire would hold", "indirect"),
    ("Biden says he will return to the deal if Iran complies.", "Biden", "Biden", "says",
     "he will return to the deal if Iran complies", "indirect"),
    ("Israeli officials tell me the strike was a warning.", "Israeli officials",
     "Israeli officials", "tell me", "the strike was a warning", "indirect"),
    ("A senior administration official told reporters on Friday that the sanctions would stay.",
     "A senior administration official", ANON, "told reporters", "the sanctions would stay",
     "indirect"),
    ("Trump told Fox News that the debate was rigged.", "Trump", "Trump", "told",
     "the debate was rigged", "indirect"),
    ("Clinton has said she will release the emails.", "Clinton", "Clinton", "said",
     "she will release the emails", "indirect"),
    ("Prime Minister Benjamin Netanyahu said Iran could not be trusted.",
     "Prime Minister Benjamin Netanyahu", "Benjamin Netanyahu", "said",
     "Iran could not be trusted", "indirect"),
    ("Smith, a spokesman for the ministry, said the border would reopen.", "Smith", "Smith",
     "said", "the border would reopen", "indirect"),
    ("Harlow made it clear that she would oppose the bill.", "Harlow", "Harlow",
     "made it clear", "she would oppose the bill", "indirect"),
    ("The Pentagon said in a statement that two soldiers were wounded.", "The Pentagon",
     "Pentagon", "said in a statement", "two soldiers were wounded", "indirect"),
    ("A State Department statement said the embassy would close.",
     "A State Department statement", "State Department", "said", "the embassy would close",
     "indirect"),
    ("Tehran warned that it would retaliate.", "Tehran", "Iranian officials", "warned",
     "it would retaliate", "indirect"),
    ("Iranian officials who took part in the talks said the offer was insulting.",
     "Iranian officials who took part in the talks", "Iranian officials", "said",
     "the offer was insulting", "indirect"),
    ("Ana Silva arrived on Monday. She said the talks had failed.", "She", "Ana Silva", "said",
     "the talks had failed", "indirect"),
    # inversions
    ("The deal is dead, officials said.", "officials", ANON, "said", "The deal is dead",
     "indirect"),
    ("The deal is dead, said a source familiar with the talks.",
     "a source familiar with the talks", ANON, "said", "The deal is dead", "indirect"),
    ("The economy is growing, Sen. Lindsey Graham (R-S.C.) told reporters.",
     "Sen. Lindsey Graham", "Lindsey Graham", "told reporters", "The economy is growing",
     "indirect"),
    ("If sanctions are lifted, the diplomat argued, Iran will rebuild its program.",
     "the diplomat", ANON, "argued",
     "If sanctions are lifted, the diplomat argued, Iran will rebuild its program", "indirect"),
    # "according to"
    ("The plant was damaged in the attack, according to a report by the IAEA.",
     "a report by the IAEA", "IAEA", "according to", "The plant was damaged in the attack",
     "indirect"),
    ("According to the State Department, the embassy will reopen next month.",
     "the State Department", "State Department", "According to",
     "the embassy will reopen next month", "indirect"),
    # mixed
    ('Reyes said the proposal was "a recipe for disaster" and should be withdrawn.', "Reyes",
     "Reyes", "said", 'the proposal was "a recipe for disaster" and should be withdrawn',
     "mixed"),
    # a second cue sharing the speaker, cut at the clause link
    ("Milley made it clear that he had not met them, but said the team was open.", "Milley",
     "Milley", "said", "the team was open", "indirect"),
    # a setting between the cue and "that"
    ("Clinton says at a campaign stop in Toledo, Ohio, that it means Trump never paid.",
     "Clinton", "Clinton", "says", "it means Trump never paid", "indirect"),
    # verbs of belief and evidence (content is a clause)
    ("Wines believes that the campaign took black voters for granted.", "Wines", "Wines",
     "believes", "the campaign took black voters for granted", "indirect"),
    ("A Bloomberg poll shows that wealthy voters have abandoned the party.",
     "A Bloomberg poll", "Bloomberg", "shows", "wealthy voters have abandoned the party",
     "indirect"),
    ("The study found that voters were removed from the rolls.", "The study", "study",
     "found", "voters were removed from the rolls", "indirect"),
    # object cues (content is the object or infinitive)
    ("Clinton wants to sign up 5 million people.", "Clinton", "Clinton", "wants",
     "to sign up 5 million people", "indirect"),
    ("The NAACP called for a moratorium on charter schools.", "The NAACP", "NAACP",
     "called for", "a moratorium on charter schools", "indirect"),
    ("Clinton cited derogatory comments Trump had made about Machado.", "Clinton", "Clinton",
     "cited", "derogatory comments Trump had made about Machado", "indirect"),
    # naming verbs, only with a quotation
    ('Moore called the remarks "a true wake-up call" for supporters.', "Moore", "Moore",
     "called", 'the remarks "a true wake-up call" for supporters', "mixed"),
    # a dash credit after a quotation
    ("\u201cHe represents our greatest shame.\u201d \u2015 Sonya Herridge", "Sonya Herridge",
     "Sonya Herridge", "\u2015", "He represents our greatest shame.", "direct"),
    # an office's title before the name; a party-state label between name and relative clause
    ('"A sad day," Senate Majority Leader Chuck Schumer said.',
     "Senate Majority Leader Chuck Schumer", "Chuck Schumer", "said", "A sad day", "direct"),
    ("UN Secretary-General Antonio Guterres said the truce must hold.",
     "UN Secretary-General Antonio Guterres", "Antonio Guterres", "said", "the truce must hold",
     "indirect"),
    ("Sen. Joe Manchin, D-W.Va., who co-wrote a bill in 2013, said he was disappointed.",
     "Sen. Joe Manchin", "Joe Manchin", "said", "he was disappointed", "indirect"),
    # an organisation's name with "and"; "Chief Executive", "Chief Financial Officer"
    ("The Food and Drug Administration said the vaccine was safe.",
     "The Food and Drug Administration", "Food and Drug Administration", "said",
     "the vaccine was safe", "indirect"),
    ("Activision Chief Executive Bobby Kotick told staff in a memo that they would fight.",
     "Activision Chief Executive Bobby Kotick", "Bobby Kotick", "told", "they would fight",
     "indirect"),
    # "quoted as saying", passive and active
    ("Rouhani was quoted by state media as saying Iran would not yield.", "Rouhani", "Rouhani",
     "saying", "Iran would not yield", "indirect"),
    ("IRNA quoted Foreign Minister Ali Bagheri as saying that Tehran was ready.",
     "Foreign Minister Ali Bagheri", "Ali Bagheri", "saying", "Tehran was ready", "indirect"),
    ("Chief Financial Officer Amy Hood said margins would hold.",
     "Chief Financial Officer Amy Hood", "Amy Hood", "said", "margins would hold", "indirect"),
    # "a group of", "dozens of": the counted noun speaks; a determiner is no part of a name
    ("A bipartisan group of lawmakers said the deal was dead.", "A bipartisan group of lawmakers",
     "lawmakers", "said", "the deal was dead", "indirect"),
    ("Dozens of protesters said the deal was dead.", "Dozens of protesters", "protesters", "said",
     "the deal was dead", "indirect"),
    ("Several Democrats said the deal was dead.", "Several Democrats", "Democrats", "said",
     "the deal was dead", "indirect"),
    # a plural title is a speaker; "two of", "one of" count the noun after them
    ("Republican senators warned that the deal was dead.", "Republican senators",
     "Republican senators", "warned", "the deal was dead", "indirect"),
    ("Two of the officials said the deal was dead.", "Two of the officials", ANON, "said",
     "the deal was dead", "indirect"),
    ("One of the officials said the deal was dead.", "One of the officials", ANON, "said",
     "the deal was dead", "indirect"),
    ("Senators led by Tom Cotton warned that the deal was dead.", "Senators led by Tom Cotton",
     "Senators", "warned", "the deal was dead", "indirect"),
    # a sentence adverb before the speaker; an aside between the cue and "that"
    ("Yet Gargash said the Emirates would welcome a deal.", "Gargash", "Gargash", "said",
     "the Emirates would welcome a deal", "indirect"),
    ("Karine Jean-Pierre said talks went well. She cautioned, however, that there was a long "
     "way to go.", "She", "Karine Jean-Pierre", "cautioned", "there was a long way to go",
     "indirect"),
    # a treaty's name is no person for a pronoun; "on X", "in response" belong to the cue
    ("The Abraham Accords have held. He said they would last.", "He", UNKNOWN, "said",
     "they would last", "indirect"),
    ("Sen. Chris Murphy fired back on X: \u201cWe should get back into a deal.\u201d",
     "Sen. Chris Murphy", "Chris Murphy", "fired back on X", "We should get back into a deal.",
     "direct"),
    # a content whose verb is an irregular past tense
    ("Baerbock said Germany stood firmly at the side of Israel.", "Baerbock", "Baerbock", "said",
     "Germany stood firmly at the side of Israel", "indirect"),
    # a named principal speaks for an office or a spokesman; "the statement" for its issuer
    ("Israeli Prime Minister Naftali Bennett's office said Israel was concerned.",
     "Israeli Prime Minister Naftali Bennett's office", "Naftali Bennett", "said",
     "Israel was concerned", "indirect"),
    ("Bennett's office said in a statement that Israel was concerned. \u201cIsrael will not be "
     "bound,\u201d the statement said.", "the statement", "Bennett", "said",
     "Israel will not be bound", "direct"),
    # answering back: 'fired back on X: "..."', 'hit back'
    ("Sen. Chris Murphy fired back: \u201cWe should get back into a deal.\u201d",
     "Sen. Chris Murphy", "Chris Murphy", "fired back", "We should get back into a deal.",
     "direct"),
    # an adjective of manner and a colon: 'was blunt: "..."'
    ("The minister was blunt: \u201cWe will not sign this deal.\u201d", "The minister",
     "minister", "was blunt", "We will not sign this deal.", "direct"),
    ("Netanyahu was equally adamant in an interview: \u201cIsrael will defend itself.\u201d",
     "Netanyahu", "Netanyahu", "was equally adamant", "Israel will defend itself.", "direct"),
    # a possessive before a name is no part of it; "de" is a particle only as a word
    ("Labour's Tom Pryce said the levy was a tax.", "Labour's Tom Pryce", "Tom Pryce", "said",
     "the levy was a tax", "indirect"),
    ("Treasury minister David Hale defended it. He said the levy was fair.", "He", "David Hale",
     "said", "the levy was fair", "indirect"),
    # a document's author, not the noun it is of; "the group": the organisation before
    ("According to a readout of the call released by the Foreign Ministry, the leaders met.",
     "a readout of the call released by the Foreign Ministry", "Foreign Ministry",
     "According to", "the leaders met", "indirect"),
    ("The Tax Foundation said taxes would rise. The group said the rich would gain.",
     "The group", "Tax Foundation", "said", "the rich would gain", "indirect"),
    # name particles ("van der"); an organisation's name with "of"
    ("Prime Minister Jan van der Berg said Bosnia had made progress.",
     "Prime Minister Jan van der Berg", "Jan van der Berg", "said", "Bosnia had made progress",
     "indirect"),
    ("A spokesman for the Ministry of Defence said the plan was sound.",
     "A spokesman for the Ministry of Defence", "Ministry of Defence", "said",
     "the plan was sound", "indirect"),
    # a name in apposition to a role is the speaker
    ("Labour's shadow energy secretary, Grace Okoro, said the ban was right.", "Grace Okoro",
     "Grace Okoro", "said", "the ban was right", "indirect"),
    ("Its chairwoman, the Conservative MP Helen Marsh, said the evidence was overwhelming.",
     "Helen Marsh", "Helen Marsh", "said", "the evidence was overwhelming", "indirect"),
]  # fmt: skip

#: Sentences with a cue word but no statement.
NO_STATEMENT = [
    "It is hard to say what will happen next.",
    "The reported deal was never signed.",
    "The state reports were published on Monday.",
    "Asked about it, Lee said no.",
    "Milley met with Prime Minister Benjamin Netanyahu.",
    # negatives of the fast-only cues
    "Trump said in a state that has lost jobs.",
    "The show found a large audience.",
    "I want to ask you a question.",
    "If talks fail, he will find it impossible to negotiate a better deal.",
    "Lee called the police after the crash.",
    "It was what she called a mistake.",
    "His nonprofit group, called the Virginia Conservation Legacy Fund, was formed.",
    "\u201cWe will win,\u201d \u2014 Senate Republicans blocked the bill.",
    "According to the memo, which was seen by Reuters.",
]


def _find(statements: list[Statement], speaker: str, cue: str) -> Statement:
    for s in statements:
        if s.speaker == speaker and s.cue == cue:
            return s
    found = [(s.speaker, s.cue, s.content) for s in statements]
    raise AssertionError(f"no statement by {speaker!r} with cue {cue!r}; got {found}")


@pytest.mark.parametrize(("text", "speaker", "actor", "cue", "content", "kind"), PATTERNS)
def test_patterns(text: str, speaker: str, actor: str, cue: str, content: str, kind: str) -> None:
    statements = extract_statements(text, method="fast")
    for s in statements:
        check_spans(s, text)
        assert s.meta["rule"].startswith("fast-")
    s = _find(statements, speaker, cue)
    assert (s.actor, s.content, s.kind) == (actor, content, kind)


@pytest.mark.parametrize("text", NO_STATEMENT)
def test_no_statement(text: str) -> None:
    assert fast_statements(text) == []


@pytest.mark.parametrize(
    ("lemma", "forms"),
    [
        ("say", ("say", "says", "said", "saying")),
        ("argue", ("argue", "argues", "argued", "arguing")),
        ("deny", ("deny", "denies", "denied", "denying")),
        ("admit", ("admit", "admits", "admitted", "admitting")),
        ("tell", ("tell", "tells", "told", "telling")),
        ("stress", ("stress", "stresses", "stressed", "stressing")),
        ("find", ("find", "finds", "found", "finding")),
    ],
)
def test_inflect(lemma: str, forms: tuple[str, ...]) -> None:
    assert inflect(lemma) == forms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Smith said no. Then he left.", ["Mr. Smith said no.", "Then he left."]),
        ("The U.S. Army said no.", ["The U.S. Army said no."]),
        (
            "John F. Kennedy spoke. Sen. Ross did too.",
            ["John F. Kennedy spoke.", "Sen. Ross did too."],
        ),
        ("No break\nacross lines", ["No break", "across lines"]),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in sentences(text)] == expected


def test_normalize_quotes_keeps_offsets() -> None:
    text = "''Yes,'' he said."
    norm = normalize_quotes(text)
    assert len(norm) == len(text)
    assert norm == ' "Yes,"  he said.'


def test_multi_paragraph_quote_and_continuation() -> None:
    text = (
        '"We came to listen," said Omar Haddad.\n\n'
        '"We will not leave without an agreement."\n\n'
        'Ana Silva said: "The first part is done.\n\n"The rest will follow."'
    )
    got = [(s.actor, s.content) for s in fast_statements(text)]
    assert ("Omar Haddad", "We will not leave without an agreement.") in got
    assert ("Ana Silva", "The first part is done.") in got
    assert ("Ana Silva", "The rest will follow.") in got


def test_spacy_is_never_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the fast path loaded spaCy")

    monkeypatch.setattr(_extract, "load_nlp", refuse)
    text = '"We will win," said Jane Doe. Milley said the talks failed.'
    assert extract_statements(text, method="fast")
    out = extract_corpus(
        {"a": text, "b": "Jane Doe said the talks had failed.", "c": " "}, method="fast"
    )
    assert [s.doc_id for s in out] == ["a", "a", "b"]


def test_corpus_merges_surnames_across_documents() -> None:
    docs = {"a": "Senator Jane Harlow spoke first.", "b": "Harlow said the vote was rigged."}
    (s,) = extract_corpus(docs, method="fast")
    assert s.actor == "Jane Harlow"


def test_aliases_override() -> None:
    (s,) = extract_statements(
        "Harlow said the vote was rigged.", method="fast", aliases={"Harlow": "JH"}
    )
    assert s.actor == "JH"


@pytest.mark.parametrize("method", ["quick", "", None, 1])
def test_bad_method(method: object) -> None:
    with pytest.raises(ValueError, match=r"'method' parameter .*'rules', 'tagger', 'fast'"):
        extract_statements("Jane said it.", method=method)  # type: ignore[arg-type]


def test_seed_story() -> None:
    text = seed_path().read_text(encoding="utf-8")
    statements = fast_statements(text, "seed")
    for s in statements:
        check_spans(s, text)
    starts = [s.content_span[0] for s in statements if s.content_span]
    assert starts == sorted(starts)
    by = {(s.speaker, s.cue, s.content[:30]): s for s in statements}
    israeli = [s for s in statements if "Israel" in s.actor]
    assert {s.actor for s in israeli} == {"Israeli officials"} and len(israeli) >= 6
    (biden,) = [s for s in statements if s.actor == "Biden"]
    assert biden.content.startswith("he will return to the 2015 deal if Iran")
    assert (biden.cue, biden.kind) == ("says", "indirect")
    (emph,) = [s for s in statements if s.content.startswith("We emphasized")]
    assert (emph.speaker, emph.kind, emph.actor) == (
        "an Israeli official",
        "direct",
        "Israeli officials",
    )
    assert ("senior Israeli officials", "tell me", "Israel used the recent visit o") in by
    milley = {(s.cue, s.content) for s in statements if s.actor == "Mark Milley"}
    assert (
        "made it clear",
        "he still hasn\u2019t had a chance to speak to members of the new government",
    ) in milley
    (argued,) = [s for s in statements if s.cue == "argued"]
    assert argued.content.startswith("If Biden doesn\u2019t use") and "Israel" in argued.actor
    assert not any(s.speaker in ("they", "We", "we") for s in statements)
    contents = " ".join(s.content for s in statements)
    assert "Netanyahu makes his objections" not in contents


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "his" in a sentence naming only Hale: "she" is not Hale
        (
            "Thomas Hale said his plan would pass. Renee Okafor, who wrote the bill, agreed. "
            "Hale spoke first. She said the date might move.",
            "Renee Okafor",
        ),
        # a gendered title
        (
            "Assemblywoman Renee Okafor spoke after Mr. Paul Becker. She said the date might move.",
            "Renee Okafor",
        ),
        # no evidence: the latest person
        ("Renee Okafor met Paul Becker. She said the date might move.", "Paul Becker"),
        # "a New York Democrat" describes someone; it is no person's name
        (
            "Rep. Diane Whitcomb, a New York Democrat, said the bill was vital. She said it was "
            "urgent.",
            "Diane Whitcomb",
        ),
        (
            "Renee Okafor spoke. Then Paul Becker spoke. She said the date might move.",
            "Paul Becker",
        ),
        # a name right after a sentence that ends in a capitalised word ("Monday.")
        (
            "Paul Becker spoke on Monday. Dr. Renee Okafor, an economist, disagreed. She said "
            "the date might move.",
            "Renee Okafor",
        ),
    ],
)
def test_fast_pronouns_honour_the_gender_the_text_tells(text: str, expected: str) -> None:
    found = [s for s in extract_statements(text, method="fast") if s.speaker == "She"]
    assert [s.actor for s in found] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a quote after an attributed one and a short modifier of its cue: the same speaker's
        (
            "\u201cWe will win,\u201d Smith said in an email. \u201cThey will lose.\u201d",
            [("Smith", "We will win"), ("Smith", "They will lose.")],
        ),
        (
            "\u201cWe will win,\u201d Smith said by phone. \u201cThey will lose.\u201d",
            [("Smith", "We will win"), ("Smith", "They will lose.")],
        ),
        # not across another sentence, nor past a clause
        (
            "\u201cWe will win,\u201d Smith said. Jones disagreed. \u201cThey will lose.\u201d",
            [("Smith", "We will win")],
        ),
        (
            "\u201cWe will win,\u201d Smith said in Paris, adding that Jones lied. "
            "\u201cThey will lose.\u201d",
            [("Smith", "We will win"), ("Smith", "Jones lied")],
        ),
    ],
)
def test_fast_quote_after_a_modified_cue(text: str, expected: list[tuple[str, str]]) -> None:
    found = extract_statements(text, method="fast")
    assert [(s.actor, s.content) for s in found] == expected
