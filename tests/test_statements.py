"""Extraction of attributed statements: a table of quote and attribution patterns."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from stancekit.analysis import model_text
from stancekit.statements import (
    SpanError,
    Statement,
    check_spans,
    extract_corpus,
    extract_statements,
    normalize_actors,
)

ANON = "anonymous sources"

# (text, speaker as written, actor, cue, content, kind)
PATTERNS = [
    # a time after an inverted cue is no content; "that" as a determiner stays
    (
        "Iran will not accept new conditions, its top negotiator said Monday, as talks resumed.",
        "its top negotiator",
        ANON,
        "said",
        "Iran will not accept new conditions",
        "indirect",
    ),
    (
        "Bahraini officials echoed that view.",
        "Bahraini officials",
        "Bahraini officials",
        "echoed",
        "that view",
        "indirect",
    ),
    # "quoted X as saying": the quoted person speaks
    (
        "IRNA quoted Foreign Minister Ali Bagheri as saying that Tehran was ready.",
        "Foreign Minister Ali Bagheri",
        "Ali Bagheri",
        "saying",
        "Tehran was ready",
        "indirect",
    ),
    # organisations whose names hold "and" / "&"; "Chief Executive" is a title
    (
        "The Competition and Markets Authority (CMA) said the remedies were insufficient.",
        "The Competition and Markets Authority (CMA)",
        "Competition and Markets Authority",
        "said",
        "the remedies were insufficient",
        "indirect",
    ),
    (
        "Procter & Gamble said sales rose.",
        "Procter & Gamble",
        "Procter & Gamble",
        "said",
        "sales rose",
        "indirect",
    ),
    (
        "Activision Chief Executive Bobby Kotick told staff the company would fight.",
        "Activision Chief Executive Bobby Kotick",
        "Bobby Kotick",
        "told",
        "the company would fight",
        "indirect",
    ),
    # direct quotes, cue after
    (
        '"We will not back down," said Senator Jane Harlow.',
        "Senator Jane Harlow",
        "Jane Harlow",
        "said",
        "We will not back down",
        "direct",
    ),
    (
        '"The talks are over," Tom Reyes said.',
        "Tom Reyes",
        "Tom Reyes",
        "said",
        "The talks are over",
        "direct",
    ),
    (
        "\u201cWe will respond firmly,\u201d said Omar Haddad.",
        "Omar Haddad",
        "Omar Haddad",
        "said",
        "We will respond firmly",
        "direct",
    ),
    (
        "\u2018The vote was rigged,\u2019 Ella Brown said.",
        "Ella Brown",
        "Ella Brown",
        "said",
        "The vote was rigged",
        "direct",
    ),
    (
        "'We need more time,' said Paul Grant.",
        "Paul Grant",
        "Paul Grant",
        "said",
        "We need more time",
        "direct",
    ),
    (
        "\u201cWe are not leaving, \u201da senior Israeli official told me.",
        "a senior Israeli official",
        "Israeli officials",
        "told me",
        "We are not leaving",
        "direct",
    ),
    ('"Why now?" asked Ella Brown.', "Ella Brown", "Ella Brown", "asked", "Why now?", "direct"),
    (
        '"We tried. We failed," said Ana Silva.',
        "Ana Silva",
        "Ana Silva",
        "said",
        "We tried. We failed",
        "direct",
    ),
    (
        '"I told them to leave," said Paul Grant.',
        "Paul Grant",
        "Paul Grant",
        "said",
        "I told them to leave",
        "direct",
    ),
    (
        '"We are prepared," said General Mark Milley, Chairman of the Joint Chiefs of Staff.',
        "General Mark Milley, Chairman of the Joint Chiefs of Staff",
        "Mark Milley",
        "said",
        "We are prepared",
        "direct",
    ),
    # direct quotes, cue before (colon and comma)
    (
        'Maria Lopez said: "We are ready to sign the agreement."',
        "Maria Lopez",
        "Maria Lopez",
        "said",
        "We are ready to sign the agreement.",
        "direct",
    ),
    (
        'Tom Reyes told reporters, "Nothing has been decided."',
        "Tom Reyes",
        "Tom Reyes",
        "told reporters",
        "Nothing has been decided.",
        "direct",
    ),
    (
        'The ministry said in a statement: "The border remains closed."',
        "The ministry",
        "ministry",
        "said in a statement",
        "The border remains closed.",
        "direct",
    ),
    # a quote split around its cue
    (
        '"We are close," Reyes said, "but there is more work to do."',
        "Reyes",
        "Reyes",
        "said",
        'We are close," Reyes said, "but there is more work to do.',
        "direct",
    ),
    # reported speech
    (
        "Ana Silva said that the ceasefire would hold.",
        "Ana Silva",
        "Ana Silva",
        "said",
        "the ceasefire would hold",
        "indirect",
    ),
    (
        "Ana Silva says she will run for office again.",
        "Ana Silva",
        "Ana Silva",
        "says",
        "she will run for office again",
        "indirect",
    ),
    (
        "Mayor Ben Cole argued that the budget was too small.",
        "Mayor Ben Cole",
        "Ben Cole",
        "argued",
        "the budget was too small",
        "indirect",
    ),
    (
        "The State Department warned that travel to the region was dangerous.",
        "The State Department",
        "State Department",
        "warned",
        "travel to the region was dangerous",
        "indirect",
    ),
    (
        "Harlow made it clear that she would oppose the bill.",
        "Harlow",
        "Harlow",
        "made it clear",
        "she would oppose the bill",
        "indirect",
    ),
    (
        "A Western diplomat told me the sanctions were working.",
        "A Western diplomat",
        "Western officials",
        "told me",
        "the sanctions were working",
        "indirect",
    ),
    (
        "The Pentagon said in a statement that two soldiers were wounded.",
        "The Pentagon",
        "Pentagon",
        "said in a statement",
        "two soldiers were wounded",
        "indirect",
    ),
    (
        "Prime Minister Sara Lind insisted the reforms would continue.",
        "Prime Minister Sara Lind",
        "Sara Lind",
        "insisted",
        "the reforms would continue",
        "indirect",
    ),
    (
        "The company acknowledged that the data had been exposed.",
        "The company",
        "company",
        "acknowledged",
        "the data had been exposed",
        "indirect",
    ),
    (
        "Senator Jane Harlow tweeted that the vote was a disgrace.",
        "Senator Jane Harlow",
        "Jane Harlow",
        "tweeted",
        "the vote was a disgrace",
        "indirect",
    ),
    (
        "In his memoir, Reyes wrote that the war had been a mistake.",
        "Reyes",
        "Reyes",
        "wrote",
        "the war had been a mistake",
        "indirect",
    ),
    (
        "The Israelis told Milley that the deal was flawed.",
        "The Israelis",
        "Israeli officials",
        "told",
        "the deal was flawed",
        "indirect",
    ),
    (
        "Cole pointed out that the budget had doubled.",
        "Cole",
        "Cole",
        "pointed out",
        "the budget had doubled",
        "indirect",
    ),
    (
        "A State Department statement said the embassy would close.",
        "A State Department statement",
        "State Department",
        "said",
        "the embassy would close",
        "indirect",
    ),
    # states, capitals and group sources as speakers
    (
        "Israel said the strike targeted a weapons depot.",
        "Israel",
        "Israeli officials",
        "said",
        "the strike targeted a weapons depot",
        "indirect",
    ),
    (
        "Tehran warned that it would retaliate.",
        "Tehran",
        "Iranian officials",
        "warned",
        "it would retaliate",
        "indirect",
    ),
    (
        "The Saudis insisted that the talks would continue.",
        "The Saudis",
        "Saudi officials",
        "insisted",
        "the talks would continue",
        "indirect",
    ),
    (
        "Iranian officials who took part in the talks said the offer was insulting.",
        "Iranian officials who took part in the talks",
        "Iranian officials",
        "said",
        "the offer was insulting",
        "indirect",
    ),
    # "according to"
    (
        "The plant was damaged in the attack, according to a report by the IAEA.",
        "a report by the IAEA",
        "IAEA",
        "according to",
        "The plant was damaged in the attack",
        "indirect",
    ),
    (
        "According to the State Department, the embassy will reopen next month.",
        "the State Department",
        "State Department",
        "According to",
        "the embassy will reopen next month",
        "indirect",
    ),
    # inversions: content before the cue
    (
        "The deal is dead, officials said.",
        "officials",
        ANON,
        "said",
        "The deal is dead",
        "indirect",
    ),
    (
        "The deal is dead, said a source familiar with the talks.",
        "a source familiar with the talks",
        ANON,
        "said",
        "The deal is dead",
        "indirect",
    ),
    (
        "Harlow made it clear that she would vote no, an aide said.",
        "an aide",
        ANON,
        "said",
        "Harlow made it clear that she would vote no",
        "indirect",
    ),
    (
        "If sanctions are lifted, the diplomat argued, Iran will rebuild its program.",
        "the diplomat",
        ANON,
        "argued",
        "If sanctions are lifted, the diplomat argued, Iran will rebuild its program",
        "indirect",
    ),
    # mixed: reported speech with a quoted fragment
    (
        'Reyes said the proposal was "a recipe for disaster" and should be withdrawn.',
        "Reyes",
        "Reyes",
        "said",
        'the proposal was "a recipe for disaster" and should be withdrawn',
        "mixed",
    ),
    # pronoun speaker resolved to the person meant
    (
        'Omar Haddad arrived in Paris on Monday. "We came to listen," he said.',
        "he",
        "Omar Haddad",
        "said",
        "We came to listen",
        "direct",
    ),
    # participle cue sharing the subject of the main verb
    (
        '"It is a historic day," Ana Silva told reporters, adding that more would follow.',
        "Ana Silva",
        "Ana Silva",
        "adding",
        "more would follow",
        "indirect",
    ),
    # a definite role noun resolves to the person named before
    (
        "Senator Ann Ross spoke first. The senator insisted that the bill was dead.",
        "The senator",
        "Ann Ross",
        "insisted",
        "the bill was dead",
        "indirect",
    ),
    (
        "Washington said the sanctions would stay.",
        "Washington",
        "US officials",
        "said",
        "the sanctions would stay",
        "indirect",
    ),
    # cues that speak only through their object (reported speech, never a quote's cue)
    (
        'Opposition spokesman Lars Berg called the plan "a surrender to the lobbyists."',
        "Opposition spokesman Lars Berg",
        "Lars Berg",
        "called",
        'the plan "a surrender to the lobbyists."',
        "mixed",
    ),
    (
        "Senator Ana Ruiz described the accord as \u201ca historic mistake\u201d for the region.",
        "Senator Ana Ruiz",
        "Ana Ruiz",
        "described",
        "the accord as \u201ca historic mistake\u201d for the region",
        "mixed",
    ),
    (
        "Governor Tom Hale called for a full recount of the ballots.",
        "Governor Tom Hale",
        "Tom Hale",
        "called for",
        "a full recount of the ballots",
        "indirect",
    ),
    (
        "Mayor Lena Ortiz called on the council to reject the budget.",
        "Mayor Lena Ortiz",
        "Lena Ortiz",
        "called on",
        "the council to reject the budget",
        "indirect",
    ),
    (
        "The union condemned the decision to close the plant.",
        "The union",
        "union",
        "condemned",
        "the decision to close the plant",
        "indirect",
    ),
    (
        "Governor Tom Hale defended the decision to close the border.",
        "Governor Tom Hale",
        "Tom Hale",
        "defended",
        "the decision to close the border",
        "indirect",
    ),
    (
        "Lawmakers questioned the wisdom of the deal.",
        "Lawmakers",
        "lawmakers",
        "questioned",
        "the wisdom of the deal",
        "indirect",
    ),
    (
        "The senators praised the accord as a historic achievement.",
        "The senators",
        "senators",
        "praised",
        "the accord as a historic achievement",
        "indirect",
    ),
    (
        "Labour Party leaders want to delay the vote until March.",
        "Labour Party leaders",
        "Labour Party",
        "want",
        "to delay the vote until March",
        "indirect",
    ),
    (
        "A new survey shows that most voters oppose the tax.",
        "A new survey",
        "new survey",
        "shows",
        "most voters oppose the tax",
        "indirect",
    ),
    # content that opens with another speaker and cue (its own statement too)
    (
        "Officials said the minister told them the border would reopen.",
        "Officials",
        "anonymous sources",
        "said",
        "the minister told them the border would reopen",
        "indirect",
    ),
    (
        "Officials said the minister told them the border would reopen.",
        "the minister",
        "minister",
        "told",
        "the border would reopen",
        "indirect",
    ),
    # "Mr." and initials do not end the sentence that holds the cue
    (
        '"It will be first-order business," Mr. Podesta said.',
        "Mr. Podesta",
        "Podesta",
        "said",
        "It will be first-order business",
        "direct",
    ),
    (
        '"We will not wait," John F. Kerry said. "The deal is done."',
        "John F. Kerry",
        "John F. Kerry",
        "said",
        "We will not wait",
        "direct",
    ),
    # a relative pronoun speaks for its antecedent (the span stays as written)
    (
        "The ruling was welcomed by Rosa Diaz, who said the court had failed her son.",
        "who",
        "Rosa Diaz",
        "said",
        "the court had failed her son",
        "indirect",
    ),
    (
        "Analysts cite a report in the Ledger, which speculates that the mill will close.",
        "which",
        "Ledger",
        "speculates",
        "the mill will close",
        "indirect",
    ),
    (
        "Manager of the city ski centre, Louisa Dunn, said the slopes would reopen.",
        "Manager of the city ski centre, Louisa Dunn",
        "Louisa Dunn",
        "said",
        "the slopes would reopen",
        "indirect",
    ),
    (
        "The militia, Kataib Hezbollah, warned that it would strike.",
        "The militia, Kataib Hezbollah",
        "Kataib Hezbollah",
        "warned",
        "it would strike",
        "indirect",
    ),
    (
        "Rosa Diaz posted the video. The hospital spokesman added that the man was stable.",
        "The hospital spokesman",
        "hospital spokesman",
        "added",
        "the man was stable",
        "indirect",
    ),
    (
        "Tom Reed spoke first. The senator said the bill would pass.",
        "The senator",
        "Tom Reed",
        "said",
        "the bill would pass",
        "indirect",
    ),
    # a common noun that opens the sentence is the same actor as mid-sentence
    (
        "Police said the man had been arrested.",
        "Police",
        "police",
        "said",
        "the man had been arrested",
        "indirect",
    ),
    # speakers behind documents, possessors and prepositions
    (
        "According to a letter signed by 12 Democratic senators, the program must continue.",
        "a letter signed by 12 Democratic senators",
        "Democratic senators",
        "According to",
        "the program must continue",
        "indirect",
    ),
    (
        "Acme Corp's chief executive said the merger was off.",
        "Acme Corp's chief executive",
        "Acme Corp's chief executive",
        "said",
        "the merger was off",
        "indirect",
    ),
    (
        "A spokesperson for the World Bank said the loan was approved.",
        "A spokesperson for the World Bank",
        "World Bank",
        "said",
        "the loan was approved",
        "indirect",
    ),
    (
        "The ambassador to Canada, Maria Lopez, wrote that the talks had failed.",
        "The ambassador to Canada, Maria Lopez",
        "Maria Lopez",
        "wrote",
        "the talks had failed",
        "indirect",
    ),
    (
        "Canada's foreign ministry said the embassy would reopen.",
        "Canada's foreign ministry",
        "Canada's foreign ministry",
        "said",
        "the embassy would reopen",
        "indirect",
    ),
]


def _assert_valid(statements: list[Statement], text: str) -> None:
    for s in statements:
        check_spans(s, text)
    starts = [s.content_span[0] for s in statements if s.content_span]
    assert starts == sorted(starts)


def _find(statements: list[Statement], speaker: str, cue: str) -> Statement:
    for s in statements:
        if s.speaker == speaker and s.cue == cue:
            return s
    found = [(s.speaker, s.cue, s.content) for s in statements]
    raise AssertionError(f"no statement by {speaker!r} with cue {cue!r}; got {found}")


@pytest.mark.parametrize(("text", "speaker", "actor", "cue", "content", "kind"), PATTERNS)
def test_patterns(
    nlp: Any, text: str, speaker: str, actor: str, cue: str, content: str, kind: str
) -> None:
    statements = extract_statements(text, nlp=nlp)
    _assert_valid(statements, text)
    s = _find(statements, speaker, cue)
    assert (s.actor, s.content, s.kind) == (actor, content, kind)


@pytest.mark.parametrize(
    "text",
    [
        "If the talks fail, he will find it impossible to win.",  # no finite clause
        "I want to ask you a question.",  # first person outside quotes
        "The airline will seat passengers according to gender from March.",
        "The launch went according to plan.",
        "Lee called the police after the crash.",
        "It was what she called a mistake.",
    ],
)
def test_object_cues_need_their_object(nlp: Any, text: str) -> None:
    assert extract_statements(text, nlp=nlp) == []


TRANSCRIPT = (
    "Chris Wallace spoke with Mike Pence on Sunday.\n\n"
    "WALLACE: Let's start with the debate.\n\n"
    "PENCE: Well, the debate will go ahead as planned.\n\n"
    "WALLACE: Will she be there?\n"
)


@pytest.mark.parametrize(
    ("text", "speakers", "actors", "contents"),
    [
        (  # a headline naming someone the story names
            "Pence: Flowers Won't Be at Debate, Trump Was Mocking Clinton Camp\n\n"
            "Mike Pence spoke on Fox News Sunday.",
            ["Pence"],
            ["Mike Pence"],
            ["Flowers Won't Be at Debate, Trump Was Mocking Clinton Camp"],
        ),
        (
            "Poll: Wealthy Voters Abandon Republican Party\n",
            ["Poll"],
            ["poll"],
            ["Wealthy Voters Abandon Republican Party"],
        ),
        (  # a transcript: capitals, two speakers, one speaks again
            TRANSCRIPT,
            ["WALLACE", "PENCE", "WALLACE"],
            ["Chris Wallace", "Mike Pence", "Chris Wallace"],
            [
                "Let's start with the debate",
                "Well, the debate will go ahead as planned",
                "Will she be there?",
            ],
        ),
        (  # epigraphs: a quote, a dash and a bare name
            "\u201cHe represents our greatest shame.\u201d \u2015 Sonya Herr "
            "\u201cHe is ignorant of our culture.\u201d\u2015 Pam Pardo\n",
            ["Sonya Herr", "Pam Pardo"],
            ["Sonya Herr", "Pam Pardo"],
            ["He represents our greatest shame.", "He is ignorant of our culture."],
        ),
        (  # a reaction list: a title, a name and a place ("of Ohio") before the colon
            'Gov. Phil Martens of Ohio: "Fairness won today."\n',
            ["Gov. Phil Martens of Ohio"],
            ["Phil Martens"],
            ["Fairness won today."],
        ),
        # section labels, one-off capitals and lists are no speakers
        ("Why it matters: The deal would reshape the region.\n", [], [], []),
        ("Why It Matters For The Senate Now: The bill dies.\n", [], [], []),
        (
            "Horror: Fighters hurl victims into a ravine\n\nHOSTAGE: A boyfriend tried.\n",
            [],
            [],
            [],
        ),
        ("MORE: Man bites dog\n\nMORE: Dog bites back\n", [], [], []),
        ("Sources: Reuters, Associated Press and CNN\n", [], [], []),
        ("Editor's note: This story was updated.\n", [], [], []),
    ],
)
def test_speaker_labels_and_epigraphs(
    nlp: Any, text: str, speakers: list[str], actors: list[str], contents: list[str]
) -> None:
    statements = extract_statements(text, nlp=nlp)
    _assert_valid(statements, text)
    assert [s.speaker for s in statements] == speakers
    assert [s.actor for s in statements] == actors
    assert [s.content for s in statements] == contents


@pytest.mark.parametrize("time", ["", " Friday", " on Friday night", " last week"])
def test_quote_after_a_cue_and_a_time_is_the_same_speakers(nlp: Any, time: str) -> None:
    text = f"\u201cIt is a dog whistle,\u201d Rep. Gwen Moore said{time}. \u201cWe see it.\u201d"
    statements = extract_statements(text, nlp=nlp)
    _assert_valid(statements, text)
    assert [(s.actor, s.content) for s in statements] == [
        ("Gwen Moore", "It is a dog whistle"),
        ("Gwen Moore", "We see it."),
    ]


def test_clauses_joined_by_while_are_two_statements(nlp: Any) -> None:
    text = "The ministry said the border was closed, while the army said it was open."
    statements = extract_statements(text, nlp=nlp)
    assert [(s.actor, s.content) for s in statements] == [
        ("ministry", "the border was closed"),
        ("army", "it was open"),
    ]


@pytest.mark.parametrize(
    ("text", "actor", "read"),
    [
        (
            "Such a move, the minister said on Tuesday, would be a disaster for farmers.",
            "minister",
            "Such a move would be a disaster for farmers",
        ),
        (
            "Such a move, the minister warned on Tuesday, would be a disaster for farmers.",
            "minister",
            "Such a move would be a disaster for farmers",
        ),
        (
            "Israel, Netanyahu said in a statement, will never allow Iran to obtain a bomb.",
            "Netanyahu",
            "Israel will never allow Iran to obtain a bomb",
        ),
        (
            "If Iran complies, Biden said on Tuesday, the United States will return to the deal.",
            "Biden",
            "If Iran complies the United States will return to the deal",
        ),
        (
            "The plan, according to two people familiar with the matter, would cut emissions.",
            "anonymous sources",
            "The plan would cut emissions",
        ),
        (
            "Sanctions, she argued, had failed to change Moscow's behaviour.",
            "unknown",
            "Sanctions had failed to change Moscow's behaviour",
        ),
    ],
)
def test_an_interjected_cue_splits_the_content(nlp: Any, text: str, actor: str, read: str) -> None:
    (s,) = extract_statements(text, nlp=nlp)
    _assert_valid([s], text)
    assert (s.actor, model_text(s, text).rstrip(",")) == (actor, read)


@pytest.mark.parametrize(
    "text",
    [
        "Sen. Joe Manchin, who wrote a similar bill in 2013, said he was disappointed.",
        "Sen. Joe Manchin, D-W.Va., who co-wrote a similar bill in 2013, was disappointed.",
    ],
)
def test_writing_a_bill_is_no_statement(nlp: Any, text: str) -> None:
    found = [(s.cue, s.content) for s in extract_statements(text, nlp=nlp)]
    assert all("wrote" not in (cue or "") for cue, _ in found), found
    assert all(content == "he was disappointed" for _, content in found), found


def test_a_clause_modifying_the_cue_is_not_content(nlp: Any) -> None:
    assert extract_statements("Asked whether he would resign, Lee said no.", nlp=nlp) == []


def test_one_of_them_resolves_to_the_group(nlp: Any) -> None:
    text = (
        "Officials in Washington said the sanctions would remain. "
        '"We are not going anywhere," one of them said.'
    )
    statements = extract_statements(text, nlp=nlp)
    assert [s.actor for s in statements] == ["US officials", "US officials"]


# (text, [(speaker, actor, cue, content), ...]): found on news about the built-in topics.
NEWS_CASES = [
    # a hyphenated surname is one word of the speaker, its title hanging off its first part
    (
        '"This so-called normalization is a trap," Ben-Gvir said.',
        [("Ben-Gvir", "Ben-Gvir", "said", "This so-called normalization is a trap")],
    ),
    (
        '"Any normalization that bypasses us will fail," said Nabil Abu-Rudeineh.',
        [
            (
                "Nabil Abu-Rudeineh",
                "Nabil Abu-Rudeineh",
                "said",
                "Any normalization that bypasses us will fail",
            )
        ],
    ),
    (
        "National Security Minister Itamar Ben-Gvir said the deal was a trap.",
        [
            (
                "Itamar Ben-Gvir",  # the parse hangs the title off "said"
                "Itamar Ben-Gvir",
                "said",
                "the deal was a trap",
            )
        ],
    ),
    # "a group of", "dozens of": the counted noun speaks
    (
        'A group of Republican senators led by Tom Cotton warned that any deal would be "dead".',
        [
            (
                "A group of Republican senators led by Tom Cotton",
                "Republican senators",
                "warned",
                'any deal would be "dead"',
            )
        ],
    ),
    (
        "Dozens of protesters said the deal was a betrayal.",
        [("Dozens of protesters", "protesters", "said", "the deal was a betrayal")],
    ),
    (
        "Several Democrats said the deal was a betrayal.",
        [("Several Democrats", "Democrats", "said", "the deal was a betrayal")],
    ),
    # "the statement said": whoever issued it
    (
        "Bennett's office said in a statement that Israel was concerned. "
        '"Israel will not be a party to this agreement," the statement said.',
        [
            ("Bennett's office", "Bennett", "said in a statement", "Israel was concerned"),
            ("the statement", "Bennett", "said", "Israel will not be a party to this agreement"),
        ],
    ),
    # a negated cue reports nothing, but still ends the content before it
    (
        "An official said Israel would take steps, though he did not say what they would be.",
        [("An official", "anonymous sources", "said", "Israel would take steps")],
    ),
    ("The minister would not say whether the deal was dead.", []),
    (
        "He did not say that the deal was dead, but he said it was dying.",
        [("He", "unknown", "say", "the deal was dead"), ("he", "unknown", "said", "it was dying")],
    ),
    # a short modifier between the cue and the colon; a party-state label ends no sentence
    (
        'A White House spokesperson said in response: "We do not comment on private talks."',
        [
            (
                "A White House spokesperson",
                "US officials",
                "said in response",
                "We do not comment on private talks.",
            )
        ],
    ),
    (
        'A White House spokesperson said at a briefing with reporters: "We do not comment."',
        [("A White House spokesperson", "US officials", "said", "We do not comment.")],
    ),
    (
        'Sen. Chris Murphy (D-Conn.) fired back on X: "We should get back into a deal."',
        [
            (
                "Sen. Chris Murphy (D-Conn.)",
                "Chris Murphy",
                "fired back on X",
                "We should get back into a deal.",
            )
        ],
    ),
    # a participle used as an adjective is no cue; the object of "accusing" is no speaker
    ('The Israelis want a written assurance, not a "JCPOA-lite" deal, officials said.', None),
    (
        "Iranian Foreign Minister Abbas Araghchi said the talks were serious. Bahraini Foreign "
        "Minister Abdullatif al-Zayani used an interview to blame the Houthis. Zayani also found "
        "time to defend Qatar's hosting of the World Cup against European criticism, which he "
        'called "hypocritical and patronising".',
        None,
    ),
]


@pytest.mark.parametrize(("text", "expected"), NEWS_CASES)
def test_news_attribution_cases(nlp: Any, text: str, expected: Any) -> None:
    statements = extract_statements(text, nlp=nlp)
    _assert_valid(statements, text)
    got = [(s.speaker, s.actor, s.cue, s.content) for s in statements]
    if expected is not None:
        assert got == expected
    elif "JCPOA" in text:
        assert all(cue != "written" for _, _, cue, _ in got), got
    else:
        # "he" is Zayani, named by his surname alone in the sentence before
        assert [(a, c) for _, a, _, c in got] == [
            ("Abbas Araghchi", "the talks were serious"),
            ("Abdullatif al-Zayani", "hypocritical and patronising"),
        ], got


def test_ambiguous_straight_quotes_are_skipped(nlp: Any, caplog: pytest.LogCaptureFixture) -> None:
    text = 'Tom Lee spoke. "I don\'t think the "deal" is dead," he said.'
    with caplog.at_level(logging.DEBUG, logger="stancekit.statements"):
        statements = extract_statements(text, nlp=nlp)
    assert statements == []
    assert "ambiguous" in caplog.text


def test_pattern_table_is_large_enough() -> None:
    assert len(PATTERNS) >= 35


def test_i_inside_a_quote_is_not_a_speaker(nlp: Any) -> None:
    text = '"I told them we would stay," said Paul Grant.'
    statements = extract_statements(text, nlp=nlp)
    assert [s.speaker for s in statements] == ["Paul Grant"]


def test_scare_quotes_and_headlines_are_not_statements(nlp: Any) -> None:
    text = (
        'The so-called "maximum pressure" campaign continued.\n\n'
        "The election could turn on whether the prime minister makes his objections public."
    )
    assert extract_statements(text, nlp=nlp) == []


def test_nested_attribution_gives_all_statements(nlp: Any) -> None:
    text = (
        "Milley made it clear that he had not spoken to the new team, but said the team "
        "favored talks, an Israeli official said."
    )
    statements = extract_statements(text, nlp=nlp)
    _assert_valid(statements, text)
    got = {(s.actor, s.cue, s.content) for s in statements}
    assert ("Milley", "made it clear", "he had not spoken to the new team") in got
    assert ("Milley", "said", "the team favored talks") in got
    assert (
        "Israeli officials",
        "said",
        "Milley made it clear that he had not spoken to the new team, but said the team "
        "favored talks",
    ) in got


def test_several_speakers_in_one_paragraph(nlp: Any) -> None:
    text = (
        '"We want a deal," said Ana Silva, but Tom Reyes said the offer was too low. '
        "Paul Grant warned that time was running out."
    )
    statements = extract_statements(text, nlp=nlp)
    _assert_valid(statements, text)
    assert [(s.actor, s.kind) for s in statements] == [
        ("Ana Silva", "direct"),
        ("Tom Reyes", "indirect"),
        ("Paul Grant", "indirect"),
    ]


def test_multi_paragraph_quote(nlp: Any) -> None:
    text = (
        '"We will fight for every vote," Jane Harlow said. "We will knock on every door.\n\n'
        '"And we will win this state in November."\n\nThe campaign declined to comment.'
    )
    statements = extract_statements(text, nlp=nlp)
    _assert_valid(statements, text)
    assert [s.content for s in statements] == [
        "We will fight for every vote",
        "We will knock on every door.",
        "And we will win this state in November.",
    ]
    assert {s.actor for s in statements} == {"Jane Harlow"}
    assert len({s.meta["quote_id"] for s in statements[1:]}) == 1


def test_unmatched_quote_is_skipped_and_logged(nlp: Any, caplog: pytest.LogCaptureFixture) -> None:
    text = '"We will never agree to this, said Tom Reyes.\n\nThe talks resumed on Monday.'
    with caplog.at_level(logging.DEBUG, logger="stancekit.statements"):
        statements = extract_statements(text, nlp=nlp)
    _assert_valid(statements, text)
    assert all(s.kind != "direct" for s in statements)
    assert "never closed" in caplog.text


def test_bullets_under_an_attribution(nlp: Any) -> None:
    text = (
        "The officials said:\n\n"
        "\u2022 The sanctions will stay in place until Iran complies.\n"
        "\u2022 \u201cThere is no deal without inspections.\u201d\n\n"
        "The meeting ended at noon."
    )
    statements = extract_statements(text, nlp=nlp)
    _assert_valid(statements, text)
    assert [(s.speaker, s.cue, s.content, s.kind) for s in statements] == [
        (
            "The officials",
            "said",
            "The sanctions will stay in place until Iran complies",
            "indirect",
        ),
        ("The officials", "said", "There is no deal without inspections.", "direct"),
    ]


def test_pronoun_resolution_prefers_the_subject(nlp: Any) -> None:
    text = 'Ana Silva met Tom Reyes in Geneva on Monday.\n\n"It was a useful meeting," she said.'
    statements = extract_statements(text, nlp=nlp)
    assert [s.actor for s in statements] == ["Ana Silva"]


def test_they_and_the_officials_resolve_to_the_last_group(nlp: Any) -> None:
    text = (
        "Senior Israeli officials said the strike was necessary.\n\n"
        "They said Iran had been warned. The officials added that more strikes were possible."
    )
    statements = extract_statements(text, nlp=nlp)
    assert [s.actor for s in statements] == ["Israeli officials"] * 3


def test_group_sources_merge_into_one_actor(nlp: Any) -> None:
    text = (
        '"We will act," an Israeli official said. Senior Israeli officials said the threat '
        "was growing. Israelis argued that time was short. Jerusalem warned that it would "
        "not wait."
    )
    statements = extract_statements(text, nlp=nlp)
    assert len(statements) == 4
    assert {s.actor for s in statements} == {"Israeli officials"}


def test_cross_document_person_merging(nlp: Any) -> None:
    docs = {
        "a": "General Mark Milley said the troops would stay.",
        "b": "Milley said the visit had been useful.",
        "c": "President-elect Biden said the deal could be revived.",
        "d": "Joe Biden said he would rejoin the agreement.",
    }
    statements = extract_corpus(docs, nlp=nlp, show_progress_bar=False)
    assert [s.doc_id for s in statements] == ["a", "b", "c", "d"]
    assert [s.actor for s in statements] == ["Mark Milley", "Mark Milley", "Joe Biden", "Joe Biden"]
    for s in statements:
        check_spans(s, docs[s.doc_id])


def test_surname_alone_keeps_surname(nlp: Any) -> None:
    statements = extract_statements(
        "President-elect Biden said the deal could be revived.", nlp=nlp
    )
    assert [s.actor for s in statements] == ["Biden"]


@pytest.mark.parametrize(
    ("aliases", "expected"),
    [
        ({"Milley": "the Pentagon"}, ["the Pentagon", "Mark Milley"]),
        ({"mark milley": "Chairman"}, ["Chairman", "Chairman"]),
        ({"ISRAELI OFFICIALS": "Israel"}, ["Mark Milley", "Mark Milley"]),
    ],
)
def test_aliases_override_automatic_merges(
    nlp: Any, aliases: dict[str, str], expected: list[str]
) -> None:
    docs = {
        "a": "Milley said the troops would stay.",
        "b": "General Mark Milley said the visit had been useful.",
    }
    statements = extract_corpus(docs, aliases=aliases, nlp=nlp, show_progress_bar=False)
    assert [s.actor for s in statements] == expected
    assert statements[0].meta["auto_actor"] == "Mark Milley"


def test_normalize_actors_returns_new_statements() -> None:
    s1 = Statement(
        "a",
        "Milley",
        "Milley",
        "said",
        "x",
        "indirect",
        (0, 6),
        None,
        None,
        {"actor_type": "person"},
    )
    s2 = Statement(
        "b",
        "Mark Milley",
        "Mark Milley",
        "said",
        "y",
        "indirect",
        None,
        None,
        None,
        {"actor_type": "person"},
    )
    out = normalize_actors([s1, s2], aliases={"Mark Milley": "MM"})
    assert [s.actor for s in out] == ["MM", "MM"]
    assert s1.actor == "Milley"


@pytest.mark.parametrize("text", ["", "   \n\n  ", "No one said anything quotable here."])
def test_documents_without_statements(nlp: Any, text: str) -> None:
    assert extract_statements(text, nlp=nlp) == []


def test_empty_corpus(nlp: Any) -> None:
    assert extract_corpus({}, nlp=nlp) == []
    assert extract_corpus({"a": ""}, nlp=nlp) == []


@pytest.mark.parametrize("text", [None, 3, b"bytes", ["a list"]])
def test_non_string_text(text: Any) -> None:
    with pytest.raises(TypeError, match="'text'"):
        extract_statements(text)


@pytest.mark.parametrize("doc_id", [None, 7, ("a",)])
def test_non_string_doc_id(doc_id: Any) -> None:
    with pytest.raises(TypeError, match="'doc_id'"):
        extract_statements("Ana Silva said no.", doc_id)


@pytest.mark.parametrize("aliases", [["Milley"], "Milley", {"Milley": 3}, {1: "x"}])
def test_bad_aliases(aliases: Any) -> None:
    with pytest.raises(TypeError, match="'aliases'"):
        extract_statements("Ana Silva said no.", aliases=aliases)


def test_bad_corpus_arguments(nlp: Any) -> None:
    with pytest.raises(TypeError, match="'documents'"):
        extract_corpus(["a text"], nlp=nlp)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="'text'"):
        extract_corpus({"a": 3}, nlp=nlp)  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="'batch_size'"):
        extract_corpus({"a": "x"}, batch_size=0, nlp=nlp)


def test_check_spans_rejects_a_wrong_offset() -> None:
    bad = Statement("d", "Ana", "Ana", "said", "no", "indirect", (0, 3), (4, 8), (9, 12))
    with pytest.raises(SpanError, match="content span"):
        check_spans(bad, "Ana said no.")


def test_to_dict_round_trip(nlp: Any) -> None:
    s = extract_statements('"We will win," said Jane Doe.', nlp=nlp)[0]
    d = s.to_dict()
    assert d["content_span"] == list(s.content_span or ())
    assert d["meta"]["actor_type"] == "person"
