"""Cue words and actor vocabularies as data (no logic here).

Everything the extractor and the actor normalizer know about English attribution lives in
this module, in the spirit of ``textacy.constants.REPORTING_VERBS``: edit the tables, not
the code.
"""

from __future__ import annotations

#: Lemmas of verbs that introduce speech on their own ("said", "warned", "tweeted").
REPORTING_VERBS: frozenset[str] = frozenset(
    """
    accuse acknowledge add admit advise affirm agree allege announce answer argue ask assert
    assure boast brief caution charge claim comment complain concede conclude confirm contend
    counter declare deny disclose dispute emphasise emphasize estimate explain forecast insist
    indicate inform instruct joke lament maintain mention note object observe opine post predict
    proclaim promise propose protest quip recall recommend reiterate remark repeat reply report
    respond retort reveal say signal speculate state stress suggest swear tell testify threaten
    tweet urge vow warn write
    """.split()
)

#: Verbs that are cues only with a fixed continuation ("made it clear", "pointed out").
#: Maps lemma -> continuations, tried longest first, matched case-insensitively.
PHRASAL_CUES: dict[str, tuple[str, ...]] = {
    "make": ("it very clear", "it clear", "clear"),
    "point": ("out",),
    "spell": ("out",),
    "go": ("on to say",),
    # answering back in public: 'Sen. Chris Murphy fired back on X: "..."'
    "fire": ("back",),
    "hit": ("back",),
    "shoot": ("back",),
    # 'Made Suarta put it this way: "..."'
    "put": ("it this way", "it bluntly", "it more bluntly", "it simply", "it succinctly"),
}

#: Optional continuations that belong to the cue when they follow the verb directly
#: ("told me", "said in a statement", "told reporters").
CUE_TAILS: tuple[str, ...] = (
    "in a written statement",
    "in a joint statement",
    "in a statement",
    "in the same statement",
    "in an emailed statement",
    "in a separate statement",
    "in a news release",
    "in written evidence",
    "in a written submission",
    "in a submission",
    "in a filing",
    "in a press release",
    "in a joint letter",
    "in a letter",
    "in a speech",
    "in an email",
    "in an op-ed",
    "in an interview",
    "in a tweet",
    "in a post",
    "on twitter",
    "on x",
    "in response",
    "in reply",
    "at a news conference",
    "at a press conference",
    "to reporters",
    "to journalists",
    "to me",
    "to us",
    "reporters",
    "journalists",
    "me",
    "us",
)

#: Cues that are not verbs, and the word after them ("" for none); the speaker is the object
#: of the last word. "per" attributes only when set off and naming a source ("Per a senior
#: aide, ...", "..., per two people familiar with the talks"), not in "$5 per person".
PREPOSITIONAL_CUES: dict[str, str] = {"according": "to", "per": ""}

#: Relative pronouns: as a cue's subject, the speaker is the noun they refer to.
RELATIVE_PRONOUNS: frozenset[str] = frozenset({"who", "which", "that", "whom"})

#: Dependency labels of a cue verb's speaker and content children (spaCy English labels).
SPEAKER_DEPS: frozenset[str] = frozenset({"nsubj"})
CONTENT_DEPS: frozenset[str] = frozenset({"ccomp", "xcomp", "advcl"})
#: Cue lemmas whose direct object can be the content ("denied the report").
OBJECT_CONTENT_VERBS: frozenset[str] = frozenset(
    {"announce", "deny", "confirm", "acknowledge", "admit", "reiterate", "predict", "promise"}
)

#: Passive verbs whose subject speaks through "as saying" ("X was quoted by Y as saying ...").
QUOTED_AS_VERBS: frozenset[str] = frozenset({"quote", "cite", "report", "hear", "record"})

#: Verbs of belief and evidence whose content is a clause ("believes (that) ...",
#: "a poll shows (that) ...", "the study found (that) ..."). ("thinks", "hopes", "expects" and
#: "doubts" were tried in the fast extractor and cost more precision on PolNeAR dev than they
#: gave recall.) The rule extractor needs a finite clause after them.
CLAUSE_CUE_VERBS: frozenset[str] = frozenset(
    """
    believe fear show find recognize reckon
    """.split()
)
#: Clause cues whose noun object is a finding when a document is the subject ("A survey by
#: the agency found residues of a fungicide in 38 of 50 samples").
FINDING_VERBS: frozenset[str] = frozenset({"find", "show"})
#: Verbs whose direct object or infinitive is the content ("wants to ...", "cited X",
#: "condemned X"); the fast extractor runs the content to the end of the clause.
OBJECT_CUE_VERBS: frozenset[str] = frozenset(
    """
    want cite condemn criticize criticise blast slam praise pledge demand reject
    attack question echo liken endorse defend
    """.split()
)
#: Verbs that are cues only with a fixed continuation, whose object is the content ("called for
#: a return to the deal", "called on Tehran to comply").
OBJECT_PHRASE_CUES: dict[str, tuple[str, ...]] = {"call": ("for", "on")}
#: Verbs that are cues only when a quotation follows in their object ("called the plan
#: \u201ca disaster\u201d", "described it as \u201cunfair\u201d"); the object is the content.
QUOTE_CUE_VERBS: frozenset[str] = frozenset(
    {"call", "describe", "dub", "label", "brand", "term", "dismiss", "hail"}
)

#: Cue lemmas whose direct object and one following preposition are the content ("accused the
#: government of weakness").
OBJECT_PREP_CUES: dict[str, tuple[str, ...]] = {"accuse": ("of",)}

#: Quotation marks: opening -> closing. Straight marks open and close themselves.
DOUBLE_QUOTES: dict[str, str] = {"\u201c": "\u201d", '"': '"', "\u201e": "\u201d"}
SINGLE_QUOTES: dict[str, str] = {"\u2018": "\u2019", "'": "'"}
#: Markers that open a bullet paragraph.
BULLETS: frozenset[str] = frozenset(
    {"\u2022", "\u25cf", "\u25aa", "\u2023", "-", "*", "\u2013", "\u2014"}
)
#: A quote of fewer words inside reported speech is a scare quote, not a "mixed" statement.
MIN_MIXED_QUOTE_WORDS: int = 3
#: Leading "Label:" of at most this many words is a section label, not content.
MAX_LABEL_WORDS: int = 5

#: Speaker pronouns and what they may refer to.
PRONOUNS: dict[str, str] = {
    "he": "person",
    "she": "person",
    "they": "group",
    "we": "group",
    "i": "self",
    "it": "org",
    # objects, as after "according to": "According to him, ..."
    "him": "person",
    "her": "person",
    "them": "group",
    "us": "group",
    "me": "self",
}

#: Title and role words stripped from person names ("General", "Sen.", "Prime Minister").
TITLES: frozenset[str] = frozenset(
    """
    adm. admiral amb. ambassador assemblyman assemblymember assemblywoman attorney brig. capt.
    captain ceo chair chairman chairperson councilman councilmember councilwoman
    chairwoman chancellor chief co-founder col. colonel commander commissioner congressman
    congresswoman defence defense deputy director dr. emir envoy executive father finance first
    foreign former founder gen. general gov. governor interior judge justice king lady leader
    lieutenant lord lt. maj. major mayor mep minister mla mp mr. mrs. ms. msp officer pope premier
    president
    president-elect prime prince princess prof. professor queen rabbi rep. representative rev.
    secretary secretary-general sen. senator sgt. sheikh sir speaker spokesman spokesperson
    mk spokeswoman staff state td treasurer treasury vice whip engr. hon. barr. alhaji alhaja
    taoiseach tánaiste comrade
    """.split()
)

#: Words that end an office named with "of" before a name ("Minister of Foreign Affairs Ayman
#: Safadi", "Speaker of the House Nancy Pelosi"); stripped like titles, only after an "of".
OFFICE_WORDS: frozenset[str] = frozenset(
    """
    affairs agriculture commerce committee commons congress development education energy health
    homeland house intelligence labor labour lords parliament representatives security senate
    services transportation
    """.split()
)

#: Lower-case words inside personal names ("Thani al-Zeyoudi", "Ursula von der Leyen").
NAME_PARTICLES: frozenset[str] = frozenset(
    "al el bin ibn bint abu de del della der van von da di du le la ben".split()
)

#: Abbreviated titles and the role noun they stand for ("Sen. Ross" ... "the senator").
TITLE_ABBREVIATIONS: dict[str, str] = {
    "sen.": "senator",
    "rep.": "representative",
    "gov.": "governor",
    "gen.": "general",
    "adm.": "admiral",
    "amb.": "ambassador",
    "col.": "colonel",
    "capt.": "captain",
    "prof.": "professor",
    "congressman": "representative",
    "congresswoman": "representative",
    "premier": "minister",
}

#: Professions that describe a person like a title ("Helen Marsh, an energy economist at MIT";
#: later "the economist"), written in lower case.
PROFESSIONS: frozenset[str] = frozenset(
    """
    academic activist analyst economist engineer expert historian lawyer lobbyist physician
    pollster researcher scientist strategist
    """.split()
)
#: Nouns that, in apposition to a name, make it a person's ("Amara Diallo, an organizer with
#: the tenants' union", which the small model may tag ORG), beside titles and professions.
PERSON_NOUNS: frozenset[str] = frozenset(
    """
    organizer organiser campaigner advocate volunteer founder co-founder owner resident member
    farmer grower teacher nurse doctor student worker landlord tenant parent mother father
    trader shopkeeper retiree pensioner veteran professor lecturer author writer commentator
    columnist consultant entrepreneur investor shareholder employee miner driver fisherman
    pastor priest imam rabbi mother-of-two father-of-two grandmother grandfather widow survivor
    critic
    """.split()
)
#: Nouns that name an organisation by what it does; with "the" and descriptive words only
#: ("the electric-car maker", "the state-owned utility") they stand for the one named before.
ORG_DESCRIPTIONS: frozenset[str] = frozenset(
    """
    maker carmaker automaker manufacturer regulator utility lender insurer retailer operator
    broadcaster watchdog miner producer developer airline carrier supplier exporter importer
    chain conglomerate
    """.split()
)
#: Definite nouns that stand for the organisation named before, like "it" ("the group said").
ORG_REFERENCES: frozenset[str] = frozenset(
    "group organization organisation association coalition company firm agency institute".split()
)

#: Adjectives that introduce a quotation after a form of "be" and a colon ("The minister was
#: blunt: \u201c...\u201d").
QUOTE_ADJECTIVES: frozenset[str] = frozenset(
    """
    adamant blunt candid categorical cautious clear curt defiant direct dismissive emphatic
    explicit firm flat forthright frank insistent optimistic scathing sceptical skeptical
    succinct terse unapologetic unequivocal unambiguous upbeat blunter bluntest franker
    firmer terser clearer careful measured guarded pointed diplomatic undiplomatic combative
    harsher sharper
    """.split()
)

#: Nouns naming anonymous or group sources ("an Israeli official", "a Western diplomat").
SOURCE_NOUNS: frozenset[str] = frozenset(
    """
    adviser advisers advisor advisors aide aides authorities delegate delegates delegation
    delegations diplomat
    diplomats envoy envoys government insider insiders leader leaders leadership negotiator
    negotiators official officials people person representative representatives source sources
    spokesman spokesperson spokeswoman minister ministers officer officers
    """.split()
)

#: Contents that are a source's request for anonymity, not a statement ("..., asking not
#: to be named"): matched at the start of the content, case-insensitively.
ANONYMITY_REQUESTS: tuple[str, ...] = (
    "not to be named",
    "not to be identified",
    "not to be quoted",
    "to be named",  # "who did not want to be named": the content of "want"
    "to be identified",
    "to remain anonymous",
    "to remain unnamed",
    "for anonymity",
    "anonymity",
    "that his name not be used",
    "that her name not be used",
    "that their names not be used",
)

#: Nouns that speak for their possessor ("her office", "Netanyahu's spokesman" -> the person).
#: Pronouns and words that tell a person's gender ("m" / "f").
PRONOUN_GENDER: dict[str, str] = {"he": "m", "him": "m", "his": "m", "himself": "m"} | {
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}
GENDERED_WORDS: dict[str, str] = {
    w: "m"
    for w in (
        "mr", "mr.", "congressman", "assemblyman", "spokesman", "chairman", "businessman",
        "king", "prince", "sheikh", "councilman", "alderman",
    )
} | {
    w: "f"
    for w in (
        "mrs", "mrs.", "ms", "ms.", "miss", "congresswoman", "assemblywoman", "spokeswoman",
        "chairwoman", "businesswoman", "queen", "princess", "councilwoman", "alderwoman",
    )
}  # fmt: skip
#: Nouns in apposition to a name (or right before it) that tell its gender ("the first lady,
#: Michelle Obama"), beside the titles of :data:`GENDERED_WORDS`.
GENDERED_NOUNS: dict[str, str] = GENDERED_WORDS | {
    w: "m" for w in ("husband", "father", "son", "brother", "widower", "grandfather", "lord")
} | {
    w: "f"
    for w in ("lady", "wife", "mother", "daughter", "sister", "widow", "grandmother", "dame")
}  # fmt: skip


#: Capitalised words that make a title, not a name or a state: "the Prime Minister", "the
#: Foreign Secretary".
TITLE_MODIFIERS: frozenset[str] = frozenset(
    "prime foreign defense defence finance interior deputy vice chief first home justice "
    "health energy trade economy economic attorney general national security state".split()
)

PRINCIPAL_NOUNS: frozenset[str] = frozenset(
    {"office", "spokesman", "spokeswoman", "spokesperson", "campaign"}
)
#: Nouns of number before "of" whose object is the speaker: "a group of Republican senators",
#: "dozens of protesters", "a majority of lawmakers" ("one of them" and numbers are handled too).
GROUP_NOUNS: frozenset[str] = frozenset(
    """
    group number handful dozens hundreds thousands scores majority minority several some many
    most few all both coalition alliance
    """.split()
)
#: Possessive pronouns and the subject pronoun they resolve as.
POSSESSIVE_PRONOUNS: dict[str, str] = {
    "his": "he",
    "her": "she",
    "their": "they",
    "its": "it",
    "our": "we",
}

#: Nouns naming documents that speak for their author ("a report by the IAEA").
DOCUMENT_NOUNS: frozenset[str] = frozenset(
    """
    analysis assessment briefing communique data document estimates figures filing letter memo
    memorandum paper poll readout release report statement study survey transcript tweet
    """.split()
)

#: Words that mark a proper name as an organisation rather than a person.
ORG_WORDS: frozenset[str] = frozenset(
    """
    administration agency army association authority bank board bureau cabinet command
    commission committee company corporation council court department embassy federation forces
    foundation
    fund government group guard house institute kremlin league ministry mission navy network
    news office organization organisation parliament party pentagon police post press reuters
    senate service team times union university hamas hezbollah taliban nato opec houthis
    confederation chamber alliance coalition trust society assembly congress centre center club
    forum movement caucus tribunal consortium cooperative institution secretariat directorate
    observatory airline airlines inc ltd plc llc
    """.split()
)

#: Lower-case words inside an organisation's name ("Department for Environment").
NAME_CONNECTIVES: frozenset[str] = frozenset({"for", "of", "and", "&", "the"})
#: Source nouns whose "for" names whom they speak for ("a spokesman for the ferry operator").
SPOKESPERSON_NOUNS: frozenset[str] = frozenset(
    {"spokesman", "spokeswoman", "spokesperson", "representative"}
)

#: Epithets written with a capital: nouns of a people ("the Spaniard said").
PEOPLE_EPITHETS: frozenset[str] = frozenset(
    "spaniard frenchman frenchwoman dutchman englishman scotsman irishman welshman".split()
)

#: Adjectives after a form of "be" that report what its subject said, with a clause after them
#: ("Smith was adamant that his side would bounce back"); not "clear", whose subject is so often
#: "it".
REPORTING_ADJECTIVES: tuple[str, ...] = (
    "adamant", "insistent", "emphatic", "categorical", "unequivocal",
)  # fmt: skip

#: Nouns a sports report (and others) uses for someone it has just named: "the Thornbury boss",
#: "the Portuguese coach", "the centre-back" stand for the person of the last few sentences.
#: "manager" only with a capitalised word before it ("the Millbrook manager", not "the manager").
EPITHET_NOUNS: frozenset[str] = frozenset(
    """
    boss coach gaffer skipper manager striker midfielder defender goalkeeper keeper centre-back
    center-back full-back winger playmaker forward veteran youngster teenager spaniard
    frenchman frenchwoman dutchman englishman scotsman irishman welshman
    """.split()
)

#: Titles of those who speak for a state, and the prepositions that name it: "the representative
#: of France", "the speaker for the United Kingdom" are France's and the UK's sources, as "France's
#: representative" is (not "the ambassador to Israel", nor "the Speaker of the Knesset").
REPRESENTING_TITLES: dict[str, tuple[str, ...]] = {
    "representative": ("of", "for"),
    "delegate": ("of", "for"),
    "ambassador": ("of", "for"),
    "envoy": ("of", "for"),
    "speaker": ("for",),
}

#: Actor given to anonymous sources that nothing in the text anchors.
ANONYMOUS_ACTOR: str = "anonymous sources"
#: Actor given to a speaker that cannot be resolved (e.g. an "I" outside any quote).
UNKNOWN_ACTOR: str = "unknown"

#: One row per state: (actor name, words that anchor a source on it). Words are matched
#: case-insensitively on whole tokens or token sequences: demonym adjective, people noun,
#: country names, capital and metonyms.
DEMONYMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "US officials",
        (
            "us",
            "u.s.",
            "american",
            "americans",
            "united states",
            "america",
            "washington",
            "white house",
            "the united states",
        ),
    ),
    ("Israeli officials", ("israeli", "israelis", "israel", "jerusalem")),
    ("Iranian officials", ("iranian", "iranians", "iran", "tehran")),
    ("Saudi officials", ("saudi", "saudis", "saudi arabia", "riyadh")),
    ("Emirati officials", ("emirati", "emiratis", "uae", "united arab emirates", "abu dhabi")),
    ("Qatari officials", ("qatari", "qataris", "qatar", "doha")),
    ("Egyptian officials", ("egyptian", "egyptians", "egypt", "cairo")),
    ("Jordanian officials", ("jordanian", "jordanians", "jordan", "amman")),
    ("Syrian officials", ("syrian", "syrians", "syria", "damascus")),
    ("Iraqi officials", ("iraqi", "iraqis", "iraq", "baghdad")),
    ("Lebanese officials", ("lebanese", "lebanon", "beirut")),
    ("Turkish officials", ("turkish", "turks", "turkey", "turkiye", "ankara")),
    ("Palestinian officials", ("palestinian", "palestinians", "ramallah")),
    ("Russian officials", ("russian", "russians", "russia", "moscow", "kremlin")),
    ("Ukrainian officials", ("ukrainian", "ukrainians", "ukraine", "kyiv", "kiev")),
    ("Chinese officials", ("chinese", "china", "beijing")),
    ("Japanese officials", ("japanese", "japan", "tokyo")),
    ("North Korean officials", ("north korean", "north koreans", "north korea", "pyongyang")),
    ("South Korean officials", ("south korean", "south koreans", "south korea", "seoul")),
    ("Indian officials", ("indian", "indians", "india", "new delhi")),
    ("Pakistani officials", ("pakistani", "pakistanis", "pakistan", "islamabad")),
    ("Afghan officials", ("afghan", "afghans", "afghanistan", "kabul")),
    ("British officials", ("british", "britain", "uk", "u.k.", "united kingdom", "london")),
    ("French officials", ("french", "france", "paris")),
    ("German officials", ("german", "germans", "germany", "berlin")),
    ("Italian officials", ("italian", "italians", "italy", "rome")),
    ("Spanish officials", ("spanish", "spain", "madrid")),
    ("Polish officials", ("polish", "poles", "poland", "warsaw")),
    ("Canadian officials", ("canadian", "canadians", "canada", "ottawa")),
    ("Mexican officials", ("mexican", "mexicans", "mexico", "mexico city")),
    ("Brazilian officials", ("brazilian", "brazilians", "brazil", "brasilia")),
    ("Bahraini officials", ("bahraini", "bahrainis", "bahrain", "manama")),
    ("Omani officials", ("omani", "omanis", "oman", "muscat")),
    ("Kuwaiti officials", ("kuwaiti", "kuwaitis", "kuwait")),
    ("Yemeni officials", ("yemeni", "yemenis", "yemen")),
    ("Moroccan officials", ("moroccan", "moroccans", "morocco", "rabat")),
    ("Sudanese officials", ("sudanese", "sudan", "khartoum")),
    ("Libyan officials", ("libyan", "libyans", "libya", "tripoli")),
    ("Tunisian officials", ("tunisian", "tunisians", "tunisia")),
    ("Algerian officials", ("algerian", "algerians", "algeria", "algiers")),
    ("Cypriot officials", ("cypriot", "cypriots", "cyprus")),
    ("Greek officials", ("greek", "greeks", "greece", "athens")),
    ("Dutch officials", ("dutch", "netherlands", "the netherlands")),
    ("Belgian officials", ("belgian", "belgians", "belgium")),
    ("Swiss officials", ("swiss", "switzerland")),
    ("Austrian officials", ("austrian", "austrians", "austria")),
    ("Irish officials", ("irish", "ireland", "dublin")),
    ("Portuguese officials", ("portuguese", "portugal", "lisbon")),
    ("Swedish officials", ("swedish", "swedes", "sweden", "stockholm")),
    ("Norwegian officials", ("norwegian", "norwegians", "norway")),
    ("Finnish officials", ("finnish", "finns", "finland", "helsinki")),
    ("Danish officials", ("danish", "danes", "denmark", "copenhagen")),
    ("Hungarian officials", ("hungarian", "hungarians", "hungary", "budapest")),
    ("Czech officials", ("czech", "czechs", "czech republic", "prague")),
    ("Romanian officials", ("romanian", "romanians", "romania", "bucharest")),
    ("Serbian officials", ("serbian", "serbs", "serbia", "belgrade")),
    ("Belarusian officials", ("belarusian", "belarusians", "belarus", "minsk")),
    ("Armenian officials", ("armenian", "armenians", "armenia", "yerevan")),
    ("Azerbaijani officials", ("azerbaijani", "azerbaijanis", "azerbaijan", "baku")),
    ("Kazakh officials", ("kazakh", "kazakhs", "kazakhstan")),
    ("Australian officials", ("australian", "australians", "australia", "canberra")),
    ("New Zealand officials", ("new zealand",)),
    ("Taiwanese officials", ("taiwanese", "taiwan", "taipei")),
    ("Vietnamese officials", ("vietnamese", "vietnam", "hanoi")),
    ("Thai officials", ("thai", "thailand", "bangkok")),
    ("Malaysian officials", ("malaysian", "malaysians", "malaysia", "kuala lumpur")),
    ("Indonesian officials", ("indonesian", "indonesians", "indonesia", "jakarta")),
    ("Philippine officials", ("philippine", "filipino", "filipinos", "philippines", "manila")),
    ("Singaporean officials", ("singaporean", "singaporeans", "singapore")),
    ("Bangladeshi officials", ("bangladeshi", "bangladeshis", "bangladesh", "dhaka")),
    ("Nigerian officials", ("nigerian", "nigerians", "nigeria", "abuja")),
    ("Kenyan officials", ("kenyan", "kenyans", "kenya", "nairobi")),
    ("Ethiopian officials", ("ethiopian", "ethiopians", "ethiopia", "addis ababa")),
    ("South African officials", ("south african", "south africans", "south africa", "pretoria")),
    (
        "Argentine officials",
        ("argentine", "argentinian", "argentines", "argentina", "buenos aires"),
    ),
    ("Chilean officials", ("chilean", "chileans", "chile")),
    ("Colombian officials", ("colombian", "colombians", "colombia", "bogota")),
    ("Peruvian officials", ("peruvian", "peruvians", "peru")),
    ("Venezuelan officials", ("venezuelan", "venezuelans", "venezuela", "caracas")),
    ("Cuban officials", ("cuban", "cubans", "cuba", "havana")),
    ("European officials", ("european", "europeans", "eu", "e.u.", "european union", "brussels")),
    ("Western officials", ("western",)),
    ("Arab officials", ("arab", "arabs")),
    ("Gulf officials", ("gulf",)),
)
