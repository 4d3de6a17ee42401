"""Word lists the extractor and the cleaner read.

Everything language-specific lives here as data so that a reviewer can tune a list
without reading the matching code, and so that adding a word never needs a new branch.
Entries are lower case unless the comment says otherwise.
"""

# Verbs that introduce reported speech. Past, present and participle forms are listed
# explicitly because a stemmer would also match nouns ("a call", "the claims").
REPORTING_VERBS: tuple[str, ...] = (
    "said", "says", "say", "saying",
    "told", "tells", "telling",
    "added", "adds", "adding",
    "stated", "states", "stating",
    "wrote", "writes", "writing",
    "posted", "posts", "posting",
    "tweeted", "tweets",
    "asked", "asks",
    "replied", "replies", "replying",
    "insisted", "insists", "insisting",
    "argued", "argues", "arguing",
    "warned", "warns", "warning",
    "claimed", "claims", "claiming",
    "denied", "denies", "denying",
    "rejected", "rejects", "rejecting",
    "dismissed", "dismisses", "dismissing",
    "refuted", "refutes",
    "acknowledged", "acknowledges",
    "admitted", "admits",
    "explained", "explains",
    "noted", "notes", "noting",
    "declared", "declares",
    "announced", "announces",
    "confirmed", "confirms",
    "conceded", "concedes",
    "countered", "counters",
    "stressed", "stresses",
    "urged", "urges",
    "accused", "accuses", "accusing",
    "called", "calls", "calling",
    "described", "describes", "describing",
    "branded", "brands",
    "welcomed", "welcomes",
    "promised", "promises",
    "vowed", "vows",
    "pledged", "pledges",
    "suggested", "suggests",
    "predicted", "predicts",
    "recalled", "recalls",
    "continued", "continues",
    "concluded",
    "maintained", "maintains",
    "reiterated",
    "commented",
    "remarked",
    "testified",
    "ruled",
    "blamed", "blames", "blaming",
    "alleged", "alleges", "alleging",
    "denounced", "denounces", "denouncing",
    "slammed", "slams",
    "issued a statement", "released a statement", "put out a statement",
    "criticised", "criticized",
    "a déclaré", "a dit", "a-t-il dit", "a-t-elle dit", "a-t-il ajouté", "a-t-elle ajouté",
)

# Participle forms hang off the main clause ("..., calling the report X"): their speaker is
# the subject of the sentence, not the word in front of them.
PARTICIPLE_VERBS: frozenset[str] = frozenset(verb for verb in REPORTING_VERBS if verb.endswith("ing"))

PRONOUNS_PERSON: frozenset[str] = frozenset({"he", "she", "i", "we"})
PRONOUNS_GROUP: frozenset[str] = frozenset({"they", "it"})
PRONOUNS: frozenset[str] = PRONOUNS_PERSON | PRONOUNS_GROUP

# Words between a subject and its verb that do not belong to the subject
# ("Putin said Thursday", "Starmer on Friday said", "Brennan has dismissed").
ADVERBIAL_WORDS: frozenset[str] = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "today", "yesterday", "tonight", "also", "later", "earlier", "then", "again",
    "previously", "repeatedly", "once", "has", "have", "had", "was", "were", "is", "would",
    "will", "just", "separately", "publicly", "privately", "quickly", "angrily", "flatly",
    "firmly", "strongly", "swiftly", "immediately", "categorically", "reportedly", "simply",
    "bluntly", "openly", "further", "however", "meanwhile", "subsequently", "recently",
    "on", "last", "this", "late", "early", "morning", "evening", "afternoon", "night",
    "week", "month", "year",
})

# Lower-case words that may sit inside a speaker phrase ("G7 foreign ministers",
# "a ministry spokeswoman", "Rovers supporters' trust").
ROLE_NOUNS: frozenset[str] = frozenset({
    "president", "minister", "ministers", "secretary", "spokesperson", "spokesman",
    "spokeswoman", "spokespeople", "chief", "leader", "leaders", "leadership", "official",
    "officials", "director", "manager", "coach", "lawyer", "attorney", "judge", "prosecutor",
    "prosecutors", "governor", "mayor", "chairman", "chairwoman", "chair", "executive",
    "founder", "agent", "editor", "adviser", "advisor", "analyst", "analysts", "economist",
    "economists", "administrator", "representative", "ambassador", "envoy", "commander",
    "general", "officer", "candidate", "striker", "captain", "owner", "owners", "head",
    "sources", "source", "staff", "ministry", "government", "company", "firm", "club",
    "union", "trust", "association", "committee", "council", "board", "authority", "agency",
    "police", "court", "bank", "party", "group", "office", "supporters", "fans", "residents",
    "campaigners", "statement", "military", "army", "kremlin",
    "regulator", "watchdog", "manufacturer", "maker", "insurer", "lender", "retailer",
    "airline", "supplier", "charity", "university", "hospital", "newspaper", "broadcaster",
    "publisher", "miner", "carmaker", "chipmaker", "producer", "conglomerate", "startup",
    # People described by what they are, capitalised at the start of a sentence
    # ("Passenger Tomas Brandt said"): never part of the name.
    "passenger", "passengers", "resident", "tenant", "tenants", "student", "witness",
    "farmer", "teacher", "nurse", "doctor", "driver", "worker", "workers", "activist",
    "researcher", "researchers", "scientist", "engineer", "pilot", "pilots", "voter",
    "neighbour", "neighbor", "parent", "patient", "survivor", "veteran", "historian",
    "expert", "campaigner", "councillor", "councilor", "shopkeeper", "landlord", "winger",
})

# Lower-case modifiers allowed before a role noun ("foreign ministers", "sporting director").
ROLE_MODIFIERS: frozenset[str] = frozenset({
    "foreign", "defence", "defense", "interior", "finance", "health", "justice", "economy",
    "prime", "deputy", "vice", "former", "senior", "top", "chief", "acting", "state",
    "regional", "national", "federal", "local", "sporting", "technical", "press", "company",
    "ministry", "government", "club", "party", "opposition", "military", "affairs",
    "executive", "general", "managing", "security", "port", "district", "police", "court",
    "central", "affairs", "transport", "environment",
})

# Words that join capitalised words inside one name ("Secretary of State", "Mark van der Berg").
NAME_CONNECTORS: frozenset[str] = frozenset({
    "of", "the", "for", "and", "de", "du", "des", "la", "le", "von", "van", "der", "den",
    "al", "bin", "da", "di", "at", "y",
})

# Which person a gendered pronoun can stand for; "i" and "we" fit anyone.
PRONOUN_GENDER: dict[str, str] = {"he": "m", "his": "m", "him": "m", "she": "f", "her": "f"}

# Titles and roles that say whether a person is a man or a woman.
TITLE_GENDER: dict[str, str] = {
    "mr": "m", "sir": "m", "lord": "m", "king": "m", "prince": "m", "father": "m",
    "spokesman": "m", "chairman": "m", "businessman": "m", "congressman": "m",
    "mrs": "f", "ms": "f", "miss": "f", "dame": "f", "lady": "f", "queen": "f",
    "princess": "f", "spokeswoman": "f", "chairwoman": "f", "businesswoman": "f",
    "congresswoman": "f", "sister": "f",
}

# Nouns for a business: "the company" may refer back to "the copper miner Astor Minerals".
BUSINESS_NOUNS: frozenset[str] = frozenset({
    "company", "firm", "group", "business", "miner", "carmaker", "chipmaker", "producer",
    "maker", "manufacturer", "lender", "insurer", "retailer", "airline", "supplier",
    "conglomerate", "startup", "operator",
})

ARTICLES: frozenset[str] = frozenset({"the", "a", "an"})

# Titles and roles stripped from the front of a person's name. Compared case-insensitively
# with dots removed, so "U.S." is "us" and "Mr." is "mr".
TITLE_WORDS: frozenset[str] = frozenset({
    "president", "vice", "prime", "minister", "secretary", "state", "chancellor", "premier",
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "professor",
    "judge", "justice", "coach", "manager", "general", "gen", "lt", "col", "colonel", "major",
    "captain", "capt", "sgt", "sergeant", "admiral", "senator", "sen", "rep", "representative",
    "governor", "gov", "mayor", "chief", "executive", "ceo", "cfo", "founder", "chairman",
    "chairwoman", "director", "national", "security", "advisor", "adviser", "foreign",
    "defence", "defense", "interior", "finance", "health", "affairs", "deputy", "former",
    "us", "uk", "eu", "un", "nato", "incumbent", "opposition", "leader", "spokesperson",
    "spokesman", "spokeswoman", "ambassador", "envoy", "commissioner", "king", "queen",
    "prince", "princess", "pope", "rev", "father", "saint", "st", "environment", "water",
    "transport", "agency", "battery", "striker", "defender", "midfielder", "goalkeeper",
    "forward", "agent", "lawyer", "attorney", "prosecutor", "district", "administrator",
    "party", "head", "economy", "justice", "trade", "labour", "education", "culture",
    # Malaysian and Indonesian honorifics and offices, as English-language news there writes
    # them ("Datuk Seri Najib", "Menteri Besar Azmin Ali").
    "datuk", "dato", "datin", "seri", "sri", "tun", "tunku", "tengku", "menteri", "besar",
    "energy", "digital", "regional", "sporting", "club", "team", "officer", "rovers", "winger",
})

# Trade words that end company names and are not surnames: "Harrowgate Foods" and
# "Northsound Ferries" are businesses, so "it added" after them means them and "the
# company" can mean them. Capitalised only: "the head of communications" is a person. Left
# out: surnames (Mills, Banks) and words that also head public bodies and job titles
# ("Public Works", "Social Services", "Chief Finance Officer", "Human Resources").
BUSINESS_NAME_HEADS = (
    "Foods", "Industries", "Holdings", "Motors", "Airlines", "Airways", "Dairies", "Pharmaceuticals",
    "Systems", "Technologies", "Minerals", "Laboratories", "Labs", "Logistics", "Partners", "Ferries",
    "Railways", "Buses", "Shipping", "Freight", "Couriers", "Breweries", "Distillers", "Bakeries",
    "Fisheries", "Farms", "Growers", "Beverages", "Textiles", "Chemicals", "Plastics", "Metals",
    "Mines", "Petroleum", "Waterworks", "Electronics", "Semiconductors", "Devices", "Robotics",
    "Networks", "Telecoms", "Studios", "Pictures", "Investments", "Ventures", "Brands", "Hotels",
    "Resorts", "Restaurants", "Supermarkets", "Pharmacies", "Properties", "Estates", "Builders",
)

# Words that make a capitalised phrase an organisation rather than a person, with the kind.
ORGANISATION_HEADS: dict[str, str] = {
    "ministry": "government", "government": "government", "kremlin": "government",
    "council": "government", "commission": "government", "office": "government",
    "department": "government", "parliament": "government", "cabinet": "government",
    "authority": "government", "agency": "government", "administration": "government",
    "court": "government", "police": "government", "bank": "organisation",
    "staff": "military", "army": "military", "forces": "military", "navy": "military",
    "military": "military", "command": "military",
    "news": "media", "times": "media", "post": "media", "tv": "media", "radio": "media",
    "ledger": "media", "echo": "media", "gazette": "media", "herald": "media",
    "research": "organisation", "markets": "organisation", "group": "organisation",
    "union": "organisation", "trust": "organisation", "association": "organisation",
    "federation": "organisation", "committee": "organisation", "party": "organisation",
    "club": "organisation", "company": "organisation", "firm": "organisation",
    "inc": "organisation", "ltd": "organisation", "corp": "organisation", "plc": "organisation",
    "fc": "organisation", "foundation": "organisation", "institute": "organisation",
    "chamber": "organisation", "board": "organisation", "alliance": "organisation",
    "ministers": "government", "officials": "government", "leadership": "organisation",
    "statement": "organisation", "supporters": "organisation", "sources": "other",
    "economists": "organisation", "analysts": "organisation",
    # Nouns that describe an organisation in an appositive ("Quillon, the payroll software
    # company", "The regulator, the Information Rights Office,").
    "regulator": "government", "watchdog": "government", "manufacturer": "organisation",
    "maker": "organisation", "insurer": "organisation", "lender": "organisation",
    "retailer": "organisation", "airline": "organisation", "supplier": "organisation",
    "charity": "organisation", "university": "organisation", "hospital": "organisation",
    "newspaper": "media", "broadcaster": "media", "publisher": "media",
    "miner": "organisation", "carmaker": "organisation", "chipmaker": "organisation",
    "producer": "organisation", "conglomerate": "organisation", "startup": "organisation",
}

# Denial cues, as regular-expression fragments. Attribution cues are read in the words
# around the quote and in the sentence before it ("X denied the claims."); quote cues
# are read inside the quoted words themselves.
DENIAL_ATTRIBUTION_CUES: tuple[str, ...] = (
    r"den(?:y|ied|ies|ying)(?:\s+(?:the|these|those|all|any|such|its|his|her|their|a|an|that))*(?:\s+(?:claims?|reports?|allegations?|accusations?|charges?|suggestions?|rumou?rs?|wrongdoing))?",
    r"reject(?:ed|s|ing)?(?:\s+(?:the|these|those|all|any|such|that))*(?:\s+(?:claims?|reports?|allegations?|accusations?|criticism|suggestions?|account))?",
    r"dismiss(?:ed|es|ing)?(?:\s+(?:the|these|those|all|any|such|that))*(?:\s+(?:claims?|reports?|allegations?|accusations?|remarks?|suggestions?))?",
    r"refut(?:ed|es|ing)",
    r"rebut(?:ted|s|ting)?",
    r"disput(?:ed|es|ing)",
    r"hit back",
)

DENIAL_QUOTE_CUES: tuple[str, ...] = (
    r"no threat of", r"there (?:is|was|are|were) no", r"not true", r"untrue", r"fake",
    r"false", r"baseless", r"groundless", r"unfounded", r"never", r"no evidence",
    r"no truth", r"nothing in", r"not one of", r"not a single",
    r"misleading", r"nonsense", r"fabricat\w+", r"hit job", r"not an attempt",
    r"(?:a|the|such|pure|outright|blatant) lies?", r"provocations?",
    r"(?:carried out|conducted|launched|fired|made) no",
)

# Words that make a quote of one to three words a verdict on a claim, and so a statement
# worth a claim ("completely untrue", "total rubbish", "pure fabrication", "baseless",
# "without foundation"), rather than a label or scare quote ("farce", "almost certainly").
VERDICT_CUES: tuple[str, ...] = (
    r"untrue", r"not true", r"false(?:hood)?s?", r"rubbish", r"nonsense", r"baseless", r"groundless",
    r"unfounded", r"fabricat\w*", r"invent(?:ed|ion)", r"fiction(?:al)?", r"made[ -]up", r"lies?", r"lying",
    r"wrong", r"incorrect", r"inaccurate", r"misleading", r"bogus", r"fake", r"absurd", r"ridiculous",
    r"preposterous", r"garbage", r"hoax", r"deny", r"denied", r"not the case", r"no truth", r"without foundation",
    r"without basis", r"categorically",
)

# Lines that are site furniture whatever their neighbours (compared after stripping and
# case-folding). Prefix patterns, anchored at the start of the line.
FURNITURE_LINE_PATTERNS: tuple[str, ...] = (
    r"(?:share|tweet|email|print|copy link|copy)(?: (?:on|this|via|to) .*)?$",
    r"share this(?: article| story| page)?$",
    r"(?:facebook|twitter|x|linkedin|whatsapp|telegram|reddit|email|pinterest)(?:\s+(?:facebook|twitter|x|linkedin|whatsapp|telegram|reddit|email|pinterest))*$",
    r"advertisement$", r"advert$", r"sponsored(?: content)?$", r"ad$",
    r"read more\b.*", r"read also\b.*", r"see also\b.*", r"related\b.*", r"more on this story\b.*",
    r"recommended\b.*", r"latest news$", r"latest$", r"most read$", r"most popular$",
    r"trending(?: now)?$", r"you may also like\b.*", r"more from\b.*", r"editor'?s picks?$",
    r"top stories$", r"watch(?: now)?:.*", r"listen(?: now)?:.*",
    r"sign up\b.*", r"subscribe\b.*", r"enter your email.*", r"newsletter.*",
    r"we use cookies\b.*", r"this (?:site|website) uses cookies\b.*", r"accept(?: all)?(?: cookies)?$",
    r"reject all$", r"manage (?:preferences|cookies|settings)$", r"cookie (?:settings|policy)$",
    r"skip to (?:main )?content$", r"home\s*[›>|/].*", r"menu$", r"search$", r"log ?in$",
    r"sign in$", r"comments?(?: \(\d+\))?$", r"\d+ comments?$", r"follow us\b.*",
    r"all rights reserved.*", r"©.*", r"copyright\b.*",
)

# Photo captions and credits.
CAPTION_PATTERNS: tuple[str, ...] = (
    r"in this (?:photo|image|picture|handout|file photo|video grab)\b",
    r"(?:file )?photo(?:graph)?:", r"image:", r"pictured:", r"\((?:ap|afp|reuters)?\s*photo\b",
    r"\(photo\b", r"\(image\b", r"getty images", r"/(?:afp|ap|reuters)\)?$",
    r"^(?:file|handout) (?:photo|picture|image)\b", r"photo by\b", r"credit:",
)

# Section labels in capitals that prefix teaser headlines ("WORLD Top US ...").
SECTION_LABELS: tuple[str, ...] = (
    "WORLD", "ECONOMY", "SPORTS", "SPORT", "POLITICS", "BUSINESS", "MARKETS", "OPINION",
    "LIFE", "CULTURE", "TECH", "TECHNOLOGY", "SCIENCE", "HEALTH", "TRAVEL", "EUROPE",
    "AMERICAS", "ASIA", "AFRICA", "MIDDLE EAST", "TÜRKIYE", "US", "UK", "LOCAL", "NATIONAL",
    "ENTERTAINMENT", "ANALYSIS", "FEATURES", "VIDEO", "LIVE", "BREAKING",
)

# Abbreviations after which a full stop does not end a sentence (without the dot).
ABBREVIATIONS: frozenset[str] = frozenset({
    "mr", "mrs", "ms", "dr", "st", "prof", "gen", "lt", "col", "sgt", "sen", "rep", "gov",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "no", "vs", "etc", "inc", "ltd", "co", "corp", "jr", "sr", "u.s", "u.k", "u.n", "e.g",
    "i.e", "approx", "capt", "adm", "rev", "mt", "ft",
})

# Definite descriptions that stand for an organisation named earlier ("the company said"),
# with the category of organisation each one may refer to. A description left with no
# organisation in the article drops the attribution. "police" is not here on purpose:
# "police said" is a source in its own right even when no force is named.
DESCRIPTION_CATEGORIES: dict[str, str] = {
    "company": "business", "firm": "business", "business": "business", "maker": "business",
    "manufacturer": "business", "miner": "business", "carmaker": "business", "chipmaker": "business",
    "producer": "business", "retailer": "business", "airline": "business", "supplier": "business",
    "operator": "business", "conglomerate": "business", "startup": "business", "insurer": "business",
    "lender": "bank", "bank": "bank",
    "group": "group",
    "club": "club", "team": "club", "side": "club",
    "ministry": "ministry", "department": "ministry",
    "government": "government", "administration": "government", "cabinet": "government",
    "kremlin": "government",
    "agency": "regulator", "regulator": "regulator", "watchdog": "regulator",
    "authority": "regulator", "commission": "regulator", "office": "regulator",
    "council": "council",
    "court": "court", "tribunal": "court",
    "party": "party",
    "union": "union",
    "army": "military", "military": "military", "forces": "military", "navy": "military",
    "charity": "charity", "trust": "charity", "foundation": "charity",
    "university": "university", "hospital": "hospital",
    "newspaper": "media", "broadcaster": "media", "publisher": "media",
    # A statement with no owner named ("the statement said", "said the announcement") is the
    # organisation the article is about.
    "statement": "any", "announcement": "any",
}

# Descriptions that name an organisation when followed by "of" and a place
# ("the government of Ruritania", "the army of Calderia"); the place must be capitalised.
PLACE_NAMED_DESCRIPTIONS: frozenset[str] = frozenset({
    "government", "administration", "cabinet", "ministry", "department", "army", "military",
    "navy", "council", "court", "tribunal",
})

# Which categories of named organisation each description category fits; "group" is a
# company, a campaign group, a union or a party alike.
DESCRIPTION_FITS: dict[str, frozenset[str]] = {
    "business": frozenset({"business"}),
    "bank": frozenset({"bank", "business"}),
    "group": frozenset({"group", "business", "union", "party", "charity"}),
    "club": frozenset({"club"}),
    "ministry": frozenset({"ministry"}),
    "government": frozenset({"government", "ministry"}),
    "regulator": frozenset({"regulator"}),
    "council": frozenset({"council"}),
    "court": frozenset({"court"}),
    "party": frozenset({"party"}),
    "union": frozenset({"union"}),
    "military": frozenset({"military"}),
    "police": frozenset({"police"}),
    "charity": frozenset({"charity"}),
    "university": frozenset({"university"}),
    "hospital": frozenset({"hospital"}),
    "media": frozenset({"media"}),
    "any": frozenset({
        "business", "bank", "group", "club", "ministry", "government", "regulator", "council", "court",
        "party", "union", "military", "police", "charity", "university", "hospital",
    }),
}

# The last word of an organisation's name and the category it puts the name in
# ("Harbour Steel Ltd", "Ashgrove Athletic", "Finance Ministry", "Ministry of Water").
# Compared case-sensitively as written here: "Town" names a club, "town" does not.
ORGANISATION_NAME_CATEGORIES: dict[str, str] = {
    "Ltd": "business", "Limited": "business", "plc": "business", "PLC": "business", "Plc": "business",
    "Inc": "business", "Corp": "business", "Corporation": "business", "LLC": "business",
    "GmbH": "business", "AG": "business", "SA": "business", "Co": "business",
    "Group": "business", "Steel": "business", "Energy": "business", "Mining": "business", "Telecom": "business",
    **{word: "business" for word in BUSINESS_NAME_HEADS},
    "Bank": "bank",
    "FC": "club", "AFC": "club", "United": "club", "City": "club", "Rovers": "club",
    "Athletic": "club", "Wanderers": "club", "Albion": "club", "Town": "club", "County": "club",
    "Rangers": "club", "Hotspur": "club", "Villa": "club", "Club": "club",
    "Ministry": "ministry", "Department": "ministry",
    "Government": "government", "Cabinet": "government", "Kremlin": "government",
    "Administration": "government",
    "Agency": "regulator", "Authority": "regulator", "Office": "regulator",
    "Commission": "regulator", "Regulator": "regulator", "Watchdog": "regulator",
    "Council": "council", "Court": "court", "Tribunal": "court",
    "Party": "party", "Union": "union", "Federation": "union", "Congress": "union",
    "Army": "military", "Forces": "military", "Navy": "military", "Staff": "military",
    "Command": "military", "Police": "police", "Constabulary": "police",
    "Trust": "charity", "Foundation": "charity", "Charity": "charity",
    "University": "university", "Hospital": "hospital",
}
