"""Closed classes of English words the grader reasons with.

These are properties of the language, not of Flask, so they live here as constants;
the field's vocabulary (abbreviations, synonyms) is data in ``thesaurus.yaml``.
All words are lower case, as the tokeniser emits them (before stemming).
"""

from __future__ import annotations

# Determiners and pure glue: they carry no content and say nothing about structure,
# so they are left out of both the content count and the "connecting words" count.
DETERMINERS = frozenset(
    "a an the this that these those some any each every all both either no its their his her my our your such".split()
)

# Words that tie terms into a statement: auxiliaries, modals, pronouns, subordinators
# and relational prepositions. A sentence without any of them is a list, not an
# explanation (see refusals.py).
CONNECTING = frozenset(
    """
    is are was were be been being am do does did done doing has have had having
    can could should would will shall may might must need needs let lets
    it they you we i he she them us me him one ones itself themselves yourself
    which who whom whose what where when why how whether
    because since so therefore thus hence then if unless although though while whereas
    until after before once otherwise instead
    to by with from into onto through via for on in at about against between without
    than as like per over under within
    not never
    """.split()
)

# Function words: dropped from hints (a hint's content is its nouns and verbs) and not
# counted as content when measuring overlap with the question.
FUNCTION_WORDS = (
    DETERMINERS
    | CONNECTING
    | frozenset(
        """
    and or nor but of also just only very too really more most less much many there here
    up down out off again further yet still even e.g i.e etc eg ie vs s t ok okay yes
    """.split()
    )
)

# Common verbs of technical explanation. A sentence that uses one is saying something
# about its terms, which a keyword list never does. Words that are as often nouns in
# this field (hash, cache, query, log, route, map, post) are left out on purpose.
VERBS = frozenset(
    """
    use uses used using sign signs signed signing store stores stored storing
    send sends sent sending return returns returned returning call calls called calling
    set sets setting get gets got getting create creates created creating make makes made
    making handle handles handled handling run runs ran running register registers
    registered render renders rendered rendering read reads write writes wrote written
    check checks checked checking protect protects protected prevent prevents prevented
    generate generates generated build builds built pass passes passed passing take takes
    took taken give gives gave given keep keeps kept hold holds held save saves saved
    load loads loaded define defines defined wrap wraps wrapped bind binds bound push
    pushes pushed pop pops popped access accesses accessed validate validates validated
    verify verifies verified compare compares compared encrypt encrypts encrypted
    decode decodes decoded encode encodes encoded escape escapes escaped inject injects
    injected forge forges forged submit submits submitted redirect redirects redirected
    raise raises raised throw throws thrown catch catches caught commit commits committed
    connect connects connected close closes closed open opens opened start starts started
    stop stops stopped mean means meant work works worked provide provides provided
    support supports supported require requires required include includes included
    contain contains contained depend depends apply applies applied add adds added
    remove removes removed change changes changed expire expires expired persist persists
    share shares shared serve serves served respond responds responded receive receives
    received point points refer refers look looks find finds found know knows see sees
    try tries tried want wants go goes went come comes become becomes happen happens
    ensure ensures ensured avoid avoids avoided convert converts converted parse parses
    parsed lookup looks reuse reuses reused allow allows allowed tell tells told say says
    override overrides overridden inherit inherits extend extends extended fill fills
    show shows shown display displays displayed attach attaches attached lose loses lost
    stay stays lives live becomes turn turns turned skip skips skipped fail fails failed
    break breaks broke broken fix fixes fixed replace replaces replaced execute executes
    executed trigger triggers triggered rely relies relied belong belongs exist exists
    expose exposes exposed leak leaks leaked reach reaches reached avoid ends end ended
    """.split()
)

# Words a hint can do without: "query string in the route" is about a query string and
# a route. Quantifiers and focus words ("only", "every", "just", "before") stay, because a
# misconception is often exactly the over-generalisation they carry.
HINT_FILLER = frozenset(
    """
    a an the this that these those its their his her my our your it they you we i he she
    them us me him is are was were be been being am do does did has have had having can
    could should would will shall may might must to of in on at for with by from into onto
    as and or nor but so than via about also etc there here some such what which who whom
    whose where when how
    """.split()
)

# Negators. Their scope is decided in scope.py; 'no' and 'not' alone are narrower
# than a negated verb ("is not", "doesn't", "never").
NEGATORS = frozenset("not no never none nothing nobody neither nor without cannot".split())

# Negators whose scope is the whole clause (a negated verb), not just what follows.
CLAUSE_NEGATORS = frozenset("never none nothing nobody neither nor cannot".split())

# Auxiliaries: "is not", "does not" negate the verb and so the whole clause.
AUXILIARIES = frozenset(
    "is are was were be been am do does did has have had can could should would will "
    "shall may might must need needs".split()
)

# Contractions written without the apostrophe, as people type in chat.
BARE_CONTRACTIONS = {
    "dont": "do",
    "doesnt": "does",
    "didnt": "did",
    "isnt": "is",
    "arent": "are",
    "wasnt": "was",
    "werent": "were",
    "cant": "can",
    "couldnt": "could",
    "shouldnt": "should",
    "wouldnt": "would",
    "wont": "will",
    "hasnt": "has",
    "havent": "have",
    "hadnt": "had",
    "mustnt": "must",
    "neednt": "need",
}

# A negator before one of these cancels out: "don't forget to set the key" asserts
# that you set it.
NEGATION_FLIPPERS = frozenset("forget forgets fail fails neglect neglects omit omits".split())

# After a negator these make it a hedge or a contrast, not a denial: "not only",
# "not just", "no matter", "no longer" (still a denial, kept), "or not".
NEGATION_CANCELLERS = frozenset("only just merely matter".split())

# Words that start a new clause: negation does not carry over them.
CLAUSE_BREAKERS = frozenset(
    """
    but because since so although though however whereas while which instead then
    therefore thus hence otherwise yet unless if whereby where
    """.split()
)

# "and"/"or" start a new clause when a new subject follows them.
SUBJECTS = frozenset("it you they we i he she this that these those there flask".split())

# A sentence with one of these describes a hypothetical or a consequence: it may mention
# a misconception without holding it ("if you store passwords in plain text, ...").
HYPOTHETICAL = frozenset("if unless otherwise else suppose assuming imagine whenever".split())

# A sentence with one of these warns against what it names.
CAUTIONARY = frozenset(
    """
    avoid avoids bad dangerous danger insecure unsafe mistake mistakes wrong vulnerable
    risky beware pitfall misconception myth discouraged antipattern anti-pattern
    deprecated obsolete outdated legacy removed gone
    """.split()
)

# What people write when they do not know. Matched against the whole answer once
# punctuation and filler are gone (refusals.py).
DONT_KNOW = (
    "idk",
    "dunno",
    "i dont know",
    "i do not know",
    "dont know",
    "no idea",
    "no clue",
    "not sure",
    "i am not sure",
    "im not sure",
    "i have no idea",
    "i have no clue",
    "pass",
    "skip",
    "no",
    "nope",
    "n a",
    "na",
    "none",
    "nothing",
    "i forgot",
    "forgot",
    "i dont remember",
    "cant remember",
    "i cant remember",
    "no answer",
    "next",
    "help",
    "todo",
    "tbd",
    "i give up",
    "give up",
)

# Filler that may surround a "don't know" without changing it.
FILLER = frozenset(
    "sorry honestly really um uhm uh hmm well ok okay so lol tbh maybe just yet "
    "about this that it the question here anything".split()
)
