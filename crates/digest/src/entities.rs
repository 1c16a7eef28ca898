//! People and organisations named in a story, with their role in the source's own words.
//!
//! Names are runs of capitalised words (joined by "of", "for", "and", "the" inside organisation
//! names). A run counts as an organisation when it holds an organisation word ("Authority",
//! "Council", "Inc") or is an acronym; as a person when it is two or three words and is introduced
//! by a title ("Mayor", "Dr.") or followed by a reporting verb or an appositive role. The role is
//! the appositive ("Jane Doe, the port's director, said") or the title before the name ("Mayor Jane
//! Doe"); failing that, the clause the name appears in.

/// A name found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundName {
    pub name: String,
    /// `person` or `organization`.
    pub kind: &'static str,
    /// The role as written, when the sentence states one.
    pub role: Option<String>,
    /// The sentence says what kind of organisation it is ("campaign group Avaaz", "Greenbasket
    /// chair …", "Loomstack, a startup").
    pub introduced: bool,
}

const ORG_WORDS: &[&str] = &[
    "Authority",
    "Council",
    "Inc",
    "Corp",
    "Corporation",
    "Company",
    "Co",
    "University",
    "Department",
    "Ministry",
    "Agency",
    "Bank",
    "Association",
    "Party",
    "Committee",
    "Board",
    "Commission",
    "Group",
    "Union",
    "Court",
    "Police",
    "Office",
    "Institute",
    "Foundation",
    "Fund",
    "Club",
    "Service",
    "Airlines",
    "Congress",
    "Senate",
    "Parliament",
    "Government",
    "Administration",
    "Bureau",
    "Agency",
    "Reserve",
    "Network",
    "Systems",
    "Labs",
    "Technologies",
    "Holdings",
    "Partners",
    "Coalition",
    "Alliance",
    "Federation",
    "League",
    "Organization",
    "Organisation",
    "Hospital",
    "School",
    "College",
    "Museum",
    "Society",
    "Trust",
    "Exchange",
    "Ltd",
    "LLC",
    "Industries",
    "Motors",
    "Energy",
    "Commerce",
    "Chamber",
    "Assembly",
    "Cabinet",
    "Army",
    "Navy",
    "Conservancy",
    "Watchdog",
    "Cooperative",
    "Pharma",
    "Observatory",
    "Federation",
    "Authority's",
    "Airport",
    "Station",
    "Team",
    "Council's",
    "Clinic",
    "Gallery",
    "Library",
    "Theatre",
    "Theater",
    "Stadium",
    "Capital",
    "Ventures",
    "Pharmaceuticals",
    "Media",
    "Press",
    "Components",
    "Drinks",
    "Foods",
    "Logistics",
    "Robotics",
    "Software",
    "Solutions",
    "Services",
    "Airways",
    "Shipping",
    "Construction",
    "Studios",
    "Brewery",
    "Bakery",
    "House",
    "Force",
    "PAC",
    "Zoo",
    "Realty",
];

/// Organisation words that name one body on their own ("Congress passed …").
const INSTITUTIONS: &[&str] = &[
    "Congress",
    "Senate",
    "Parliament",
    "Cabinet",
    "Army",
    "Navy",
];

/// Whether a one-word name is an organisation word standing for a body named in full elsewhere
/// ("the Committee", "Department") or for none ("Trust me"), not a body's name ("Congress").
pub(crate) fn generic_org(name: &str) -> bool {
    ORG_WORDS.contains(&name) && !INSTITUTIONS.contains(&name)
}

/// First words of place names ("Lake Orrin", "Mount Kell").
const PLACE_FIRST_WORDS: &[&str] = &["Lake", "Mount", "Mt", "Cape", "Fort", "Isle", "Lac"];

/// A point of the compass opening a name makes it a place ("North Korea said …", "South
/// Florida, a heavily Democratic region", "the North Caucasus"), unless an organisation word or
/// a team's name says otherwise ("North American Press Office").
const COMPASS_WORDS: &[&str] = &[
    "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western",
];

/// Second words of the places whose names open with "New" ("Brooklyn, New York, home", "New
/// Zealand said"); only the two-word name itself, so "New England Patriots" stays a team.
const NEW_PLACES: &[&str] = &[
    "York",
    "Jersey",
    "Mexico",
    "Hampshire",
    "Zealand",
    "Orleans",
    "Delhi",
    "England",
    "Haven",
    "Brunswick",
    "Caledonia",
    "Guinea",
];

/// Last words of place names ("Meridian City", "Tarrow Basin"); places are not players.
const PLACE_WORDS: &[&str] = &[
    "City",
    "Coast",
    "Basin",
    "Region",
    "Province",
    "River",
    "Lake",
    "Island",
    "Islands",
    "Valley",
    "Street",
    "Road",
    "Avenue",
    "Boulevard",
    "County",
    "State",
    "Harbour",
    "Harbor",
    "Mountains",
    "Mountain",
    "Point",
    "Square",
    "Bay",
    "Peninsula",
    "Heights",
    "Hill",
    "Hills",
    "District",
    "Town",
    "Village",
    "Quay",
    "Lane",
    "Sea",
    "Ocean",
    "Gulf",
    "Strait",
    "Park",
    "Shore",
    "Beach",
    "Forest",
    "Desert",
    "Canyon",
    "Creek",
    "Falls",
    "States",
    "Kingdom",
    "Republic",
    "Lakes",
    "Platz",
    "Glacier",
    "Canal",
    "Reef",
];

/// Last words of venues: organisations when they act ("the Gallery reopens"), places when
/// something happens at them ("in front of a crowd at the National Stadium").
const VENUE_WORDS: &[&str] = &[
    "Stadium",
    "Arena",
    "Airport",
    "Station",
    "Theatre",
    "Theater",
    "Gallery",
    "Museum",
    "Library",
    "Hall",
    "Centre",
    "Center",
    "Hotel",
    "Resort",
    "Casino",
    "Restaurant",
    "Church",
    "Cathedral",
    "Prison",
    "Jail",
    "Tower",
];

/// Prepositions that put the following name in a place ("in Halden", "based in Meridian City").
const PLACE_PREPS: &[&str] = &[
    "in", "at", "near", "from", "to", "across", "outside", "inside", "into", "around", "towards",
    "toward", "through", "off", "of",
];

/// Short capitalised words that are not organisations ("ID", "TV").
const NOT_ACRONYMS: &[&str] = &[
    "ID", "TV", "OK", "AM", "PM", "CEO", "CFO", "GDP", "PhD", "DNA", "VAT", "PIN", "SMS", "FAQ",
    "AI", "IT", "US", "UK", "USA", "VP", "OS", "NYC", "ADHD", "HIV", "AIDS", "COVID", "PTSD",
    "GPS", "LED", "PC", "CD", "DVD", "FM",
    // Things, units and places written short ("an SUV", "THC levels", "a BST kick-off").
    "SUV", "ATV", "RV", "THC", "CBD", "MRI", "ER", "ICU", "IVF", "CPR", "HR", "MC", "DJ", "MP",
    "NY", "LA", "DC", "BST", "GMT", "EST", "EDT", "PST", "PDT", "CST", "ET", "PT", "UTC", "VFX",
    "CGI", "GIF", "PDF", "URL", "USB", "RIP", "DIY", "VIP", "MVP", "BBQ", "QB", "IPO", "ETF",
    "DUI", "DWI", "STD", "MPH", "RPM",
];

/// Words that make a capitalised run a thing or an event, not a player ("World War II", "the
/// Durbin Amendment", "Modern Family" is a show).
const THING_WORDS: &[&str] = &[
    "War",
    "Amendment",
    "Act",
    "Bill",
    "Treaty",
    "Accord",
    "Accords",
    "Agreement",
    "Games",
    "Olympics",
    "Cup",
    "Award",
    "Awards",
    "Prize",
    "Festival",
    "Summit",
    "Conference",
    "Series",
    "Championship",
    "Championships",
    "Emmys",
    "Oscars",
    "Day",
    "Week",
    "Month",
    "Season",
    "Show",
    "Syndrome",
    "Disease",
    "Virus",
    "Fever",
    "Flu",
    "Family",
    "Proclamation",
    "Declaration",
    "Constitution",
    "Doctrine",
    "Alert",
    "Age",
];

/// Last words of news outlets: they report the story ("told NBC News"), they are not in it.
const MEDIA_WORDS: &[&str] = &[
    "News",
    "Yorker",
    "Times",
    "Post",
    "Journal",
    "Herald",
    "Tribune",
    "Gazette",
    "Magazine",
    "Radio",
    "Telegraph",
    "Guardian",
    "Chronicle",
    "Reuters",
    "AP",
];

/// Words of an appositive that make a name an organisation ("Calder Bay Conservancy, an
/// environmental group").
const ORG_ROLE_WORDS: &[&str] = &[
    "group",
    "company",
    "firm",
    "organisation",
    "organization",
    "agency",
    "charity",
    "union",
    "network",
    "startup",
    "start-up",
    "maker",
    "manufacturer",
    "provider",
    "operator",
    "chain",
    "bank",
    "lender",
    "insurer",
    "retailer",
    "supplier",
    "contractor",
    "club",
    "party",
    "association",
    "body",
    "regulator",
    "developer",
    "publisher",
    "broadcaster",
    "newspaper",
    "cooperative",
    "co-op",
    "council",
    "board",
    "authority",
];

const TITLES: &[&str] = &[
    "Mayor",
    "President",
    "Senator",
    "Sen",
    "Rep",
    "Gov",
    "Governor",
    "Dr",
    "Mr",
    "Mrs",
    "Ms",
    "Prof",
    "Professor",
    "Judge",
    "Justice",
    "Chief",
    "Minister",
    "Secretary",
    "Chairman",
    "Chairwoman",
    "Chair",
    "Director",
    "Commissioner",
    "Councillor",
    "Councilor",
    "Councilman",
    "Councilwoman",
    "Coach",
    "Captain",
    "General",
    "Gen",
    "Officer",
    "Detective",
    "Sheriff",
    "Superintendent",
    "CEO",
    "Prime",
    "Rev",
    "Lt",
    "Sgt",
    "Col",
    "Sergeant",
    "Inspector",
    "Constable",
    "Lieutenant",
    "Colonel",
    "Admiral",
    "Ambassador",
    "Administrator",
    "Spokesperson",
    "Spokesman",
    "Spokeswoman",
    // The first word of a title of two ("Chief Executive Mark Zuckerberg", "Vice President Joe
    // Biden", "Attorney General Eric Holder").
    "Executive",
    "Vice",
    "Deputy",
    "Attorney",
    "Representative",
    "Speaker",
    "Chancellor",
    "Premier",
    "Treasurer",
    "Comptroller",
];

/// Job nouns written in lower case before a name ("union president Marguerite Ossai", "Port
/// Authority chief executive Gregor Lindqvist", "said teacher Miriam Kolb"): the words before
/// the name, back to this noun's phrase, are the person's role.
const ROLE_NOUNS: &[&str] = &[
    "commander",
    "president",
    "chair",
    "chairman",
    "chairwoman",
    "chairperson",
    "executive",
    "director",
    "minister",
    "secretary",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "manager",
    "coach",
    "captain",
    "founder",
    "co-founder",
    "partner",
    "analyst",
    "economist",
    "teacher",
    "owner",
    "officer",
    "head",
    "leader",
    "editor",
    "lawyer",
    "attorney",
    "researcher",
    "professor",
    "scientist",
    "engineer",
    "inspector",
    "superintendent",
    "principal",
    "mayor",
    "governor",
    "commissioner",
    "administrator",
    "councillor",
    "councilor",
    "chief",
    "curator",
    "architect",
    "organiser",
    "organizer",
    "striker",
    "defender",
    "goalkeeper",
    "midfielder",
    "winger",
    "forward",
    "palaeontologist",
    "paleontologist",
    "astronomer",
    "historian",
    "farmer",
    "fisherman",
    "resident",
    "student",
    "nurse",
    "doctor",
    "surgeon",
    "pilot",
    "driver",
    "trader",
    "pathologist",
    "physician",
    "neurologist",
    "psychologist",
    "psychiatrist",
    "epidemiologist",
    "author",
    "co-author",
    "volunteer",
    "receptionist",
    "visitor",
    "pastor",
    "sergeant",
    "activist",
    "coordinator",
    "prosecutor",
    "judge",
    "ambassador",
    "adviser",
    "advisor",
    "consultant",
    "correspondent",
    "reporter",
    "producer",
    "strategist",
    "investigator",
];

/// Words that end a role phrase walking back from its job noun ("said race director X": "race
/// director").
const ROLE_STOPS: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "according",
    "to",
    "the",
    "a",
    "an",
    "by",
    "with",
    "from",
    "for",
    "of",
    "in",
    "on",
    "at",
    "as",
    "and",
    "but",
    "while",
    "after",
    "before",
    "when",
    "that",
    "who",
    "which",
    "is",
    "was",
    "were",
    "are",
    "has",
    "had",
    "have",
    "will",
    "would",
    "also",
    "then",
    "added",
    "asked",
    "called",
    "led",
    "named",
    "like",
    "including",
    "against",
    "about",
    "between",
    "among",
    "under",
    "over",
    "than",
    "or",
    "where",
    "whom",
    "whose",
    "hired",
    "quoted",
    "cited",
    "interviewed",
    // Other verbs of saying than [`REPORTING`]'s ("…," joked science teacher Femi Adair).
    "joked",
    "laughed",
    "explains",
    "recalled",
    "notes",
    "admitted",
    "warns",
    "argues",
    "writes",
    "replied",
    "responded",
    "remarked",
    "observed",
    "conceded",
    "stressed",
    "sighed",
    "agreed",
    "adds",
    "asks",
    "urged",
    "complained",
    "suggested",
    "estimated",
    "poses",
    "posed",
    "tweeted",
];

/// Whether a lower-cased word ends a role phrase: a function word of [`ROLE_STOPS`] or a verb of
/// saying ([`REPORTING`]).
fn ends_role(lower: &str) -> bool {
    ROLE_STOPS.contains(&lower)
        || REPORTING.contains(&lower)
        // "KXAS-TV reports Houston police spokesman Kese Smith …"
        || matches!(lower, "reports" | "reported" | "writes")
}

/// The organisation noun standing before the name at `start`, directly ("retailer Pantrio") or
/// before the list it ends ("supermarket chains FreshWay and Greenbasket"), as a role in the
/// singular with the word before it ("supermarket chain").
fn org_noun_before(words: &[&str], start: usize) -> Option<String> {
    let mut k = start;
    if k >= 2 && matches!(words[k - 1], "and" | "or") {
        k -= 1;
        // Back over the names listed before the conjunction ("A, B and C").
        let mut listed = 0;
        while k > 0 && listed < 4 && is_cap(bare(words[k - 1])) {
            k -= 1;
            listed += 1;
        }
        if listed == 0 {
            return None;
        }
    }
    let noun = words[k.checked_sub(1)?];
    if noun.is_empty() || !noun.chars().all(|c| c.is_lowercase() || c == '-') {
        return None;
    }
    // The noun as listed, singular ("chains" is a "chain", "companies" a "company").
    let listed = ORG_ROLE_WORDS.iter().find(|&&w| {
        w == noun
            || noun.strip_suffix('s') == Some(w)
            || noun
                .strip_suffix("ies")
                .is_some_and(|stem| w.strip_suffix('y') == Some(stem))
    })?;
    let singular = listed.to_string();
    // "Supermarket chains", "campaign group": the word before says what kind.
    let kind = k.checked_sub(2).map(|b| words[b]).filter(|w| {
        w.chars().all(char::is_alphabetic)
            && !ends_role(&w.to_lowercase())
            && !matches!(
                w.to_lowercase().as_str(),
                "its" | "their" | "his" | "her" | "our"
            )
    });
    Some(match kind {
        Some(w) => format!("{} {singular}", w.to_lowercase()),
        None => singular,
    })
}

/// Whether the name ending at `end` heads a board role before a person's name ("Greenbasket
/// chair Okonkwo Pereira", "FreshWay chief executive Ilse Brandvold"). A person's campaign
/// ("Obama adviser …") names no such role.
fn heads_a_board(words: &[&str], end: usize) -> bool {
    if words[end].ends_with([',', '.', ';', ':', '"', '\u{201d}', ')']) {
        return false;
    }
    let mut k = end + 1;
    while words
        .get(k)
        .is_some_and(|w| matches!(*w, "chief" | "managing" | "deputy" | "vice"))
    {
        k += 1;
    }
    // A film has a director too ("Moonlight director Barry Jenkins"); a company a managing one.
    let managing = k > end + 1 && words[k - 1] == "managing";
    words.get(k).is_some_and(|w| {
        matches!(
            *w,
            "chair" | "chairman" | "chairwoman" | "chairperson" | "executive"
        ) || *w == "director" && managing
    }) && words
        .get(k + 1)
        .is_some_and(|w| is_cap(bare(w)) && !NOT_NAMES.contains(&bare(w)))
}

/// The role phrase ending at the job noun just before `start`, if that word is a lower-case job
/// noun: up to four words back, stopping at punctuation or a function word.
fn role_before(words: &[&str], start: usize) -> Option<String> {
    // "forensic pathologist Dr. Werner Spitz": the job stands before the courtesy title, and
    // "Coastguard commander Captain Idris Moen" before the rank.
    let start = match start.checked_sub(1) {
        Some(k) if is_honorific(bare(words[k])) || TITLES.contains(&bare(words[k])) => k,
        _ => start,
    };
    let noun = words.get(start.checked_sub(1)?)?;
    if noun.ends_with([',', '.', ';', ':', '"', '\u{201d}', ')']) || !ROLE_NOUNS.contains(noun) {
        return None;
    }
    let mut k = start - 1;
    while k > 0 && start - k < 5 {
        let w = words[k - 1];
        let lower = bare(w).to_lowercase();
        if lower.is_empty()
            || w.ends_with([
                ',', '.', ';', ':', '?', '!', '"', '\u{201d}', ')', '(', '\u{201c}',
            ])
            || w.starts_with(['"', '\u{201c}', '('])
            || ends_role(&lower)
        {
            break;
        }
        k -= 1;
        // "involves Clifford's attorney Michael Avenatti": a possessive opens the role, with the
        // rest of its name ("President Barack Obama's spokesman Dan Pfeiffer").
        if w.ends_with("'s") || w.ends_with("\u{2019}s") {
            while k > 0
                && start - k < 6
                && is_cap(bare(words[k - 1]))
                && !words[k - 1].ends_with(CLOSING)
            {
                k -= 1;
            }
            break;
        }
    }
    Some(words[k..start].join(" "))
}

const REPORTING: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "argued",
    "warned",
    "noted",
    "explained",
    "wrote",
    "announced",
    "insisted",
    "acknowledged",
    "confirmed",
    "stated",
    "called",
    "predicted",
];

/// Capitalised words that do not start names.
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "In",
    "On",
    "At",
    "But",
    "And",
    "Or",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "As",
    "For",
    "With",
    "By",
    "From",
    "Of",
    "To",
    "Its",
    "His",
    "Her",
    "Their",
    "Our",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "What",
    "Who",
    "Why",
    "How",
    "Where",
    "Some",
    "Many",
    "Most",
    "Other",
    "Under",
    "Over",
    "Since",
    "Last",
    "Next",
    "Still",
    "Yet",
    "So",
    "Then",
    "There",
    "Here",
    "Now",
    "Today",
    "Yesterday",
    "Tomorrow",
    "According",
    "Although",
    "Despite",
    "Meanwhile",
    "However",
    "Also",
    "Even",
    "Not",
    "No",
    "Yes",
    "All",
    "Both",
    "Each",
    "Every",
    "Such",
    "Only",
    "More",
    "Officials",
    "Critics",
    // Prepositions that open a sentence ("Across Northgate, ...").
    "Across",
    "Around",
    "Inside",
    "Outside",
    "Among",
    "Amid",
    "Near",
    "Beyond",
    "Within",
    "Without",
    "Through",
    "During",
    "Until",
    "Against",
    "Behind",
    "Between",
    "Along",
    "Above",
    "Below",
    "Into",
    "Upon",
    "Towards",
    "Toward",
    "Unlike",
    "Like",
    "Besides",
    // A page's call to action ("Visit Harvard Medical School's Healthy Sleep site", "Follow
    // Jane Doe on Twitter"), not a name's first word. (Not "Watch": "Human Rights Watch".)
    "Visit",
    "Read",
    "Click",
    "Follow",
    "Subscribe",
    "Download",
    "Contact",
    "Share",
    // Abbreviations that are units, times, technologies or exclamations, never a player ("11:35pm
    // EST", "a USB drive", "GMO labelling", "RIP Marty Balin").
    "EST",
    "EDT",
    "PST",
    "PDT",
    "CST",
    "CDT",
    "GMT",
    "UTC",
    "ET",
    "PT",
    "AM",
    "PM",
    "USB",
    "GPS",
    "DNA",
    "HIV",
    "GMO",
    "GMOs",
    "LGBT",
    "LGBTQ",
    "SWAT",
    "ICBM",
    "MPH",
    "PDF",
    "URL",
    "FAQ",
    "DIY",
    "OMG",
    "RIP",
    "LOL",
];

const CONNECTORS: &[&str] = &["of", "for", "and", "the", "de", "on"];

fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Whether a word is written in capitals only ("NATO", "NHS"); an abbreviation's shape.
pub(crate) fn all_capitals(w: &str) -> bool {
    w.chars().all(|c| c.is_ascii_uppercase())
}

/// Marks that close a word's phrase: a clause's punctuation, a quotation's or a bracket's end.
const CLOSING: [char; 9] = [',', '.', ';', ':', '?', '!', '"', '\u{201d}', ')'];

fn bare(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric())
        .trim_end_matches("'s")
        .trim_end_matches("’s")
}

/// Finds names in a sentence.
/// Whether a role phrase names a job or a kind of organisation: its last word is one
/// ("Kelvane Coast Region administrator", "beverage group", "Governor"), or it opens with an
/// article or "who" ("a palaeontologist at Meridian University", "who voted against"). A clause
/// the name acts in ("told ABC News", "began firing") is none.
pub fn reads_as_role(role: &str) -> bool {
    let r = role.trim();
    // A question, a bracketed credit or an abbreviation the sentence split cut ("a U.S") is
    // debris of the page, not a phrase.
    let cut = r
        .split_whitespace()
        .last()
        .is_some_and(|w| w.trim_end_matches('.').contains('.'));
    if cut || r.contains(['?', '[', ']', '(', ')']) {
        return false;
    }
    let first = r.split_whitespace().next().unwrap_or("");
    let last = r
        .split_whitespace()
        .last()
        .map(|w| bare(w).to_lowercase())
        .unwrap_or_default();
    // An article's noun phrase has no verb of its own ("the depolarization … would become
    // sustained" is a clause).
    let verb = r.split_whitespace().any(|w| {
        matches!(
            bare(w),
            "is" | "was" | "were" | "are" | "would" | "will" | "has" | "have" | "had" | "could"
        )
    });
    matches!(first, "a" | "an" | "the") && !verb
        || first == "who"
        || ROLE_NOUNS.contains(&last.as_str())
        || ORG_ROLE_WORDS.contains(&last.as_str())
        || matches!(
            last.as_str(),
            "winner" | "neighbor" | "neighbour" | "spokesperson" | "champion" | "candidate"
        )
}

/// Whether a lower-case word names a job ("spokesman", "coach").
pub fn is_job_noun(word: &str) -> bool {
    ROLE_NOUNS.contains(&word)
}

/// Whether a capitalised word is an epithet joined by a hyphen to a lower-case word
/// ("Oscar-winner Emma Stone", "Grammy-nominated"), not the first word of a name ("Jean-Paul",
/// "Asante-Byrne" keep their capitals).
fn hyphenated_epithet(w: &str) -> bool {
    w.rsplit_once('-')
        .is_some_and(|(_, last)| last.len() > 2 && last.chars().all(|c| c.is_lowercase()))
}

/// Whether a word is a capital letter and a full stop ("J."), a middle initial.
fn is_initial(w: &str) -> bool {
    let mut c = w.chars();
    matches!((c.next(), c.next(), c.next()), (Some(l), Some('.'), None) if l.is_ascii_uppercase())
}

/// Whether a word is a US party-and-state tag ("R-Va", "D-At", "I-Vt"), which follows a
/// politician's name in brackets and names no one.
fn party_tag(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() >= 3 && matches!(b[0], b'R' | b'D' | b'I') && b[1] == b'-' && b[2].is_ascii_uppercase()
}

/// The position of the title inside a capitalised run that a person's name follows ("Police
/// Chief Tim Styka": 1): the last title word after the first word with two to four name words
/// after it, none of them a title or an organisation word.
fn inner_title(parts: &[&str]) -> Option<usize> {
    const MORE_TITLES: &[&str] = &[
        "Officer",
        "Sergeant",
        "Sgt",
        "Deputy",
        "Detective",
        "Det",
        "Lieutenant",
        "Lt",
        "Captain",
        "Capt",
        "Spokesman",
        "Spokeswoman",
        "Sheriff",
        "Superintendent",
        "Attorney",
        "Commander",
        "Coach",
        "Leader",
    ];
    let title = |p: &str| TITLES.contains(&p) || MORE_TITLES.contains(&p);
    (1..parts.len()).rev().find(|&k| {
        let name = &parts[k + 1..];
        title(parts[k])
            && (2..=4).contains(&name.len())
            && name.iter().all(|p| {
                (is_cap(p) || is_initial(p)) && !title(p) && !ORG_WORDS.contains(p) && *p != "of"
            })
    })
}

/// Whether a word (without its full stop) is a courtesy title before a name ("Dr.", "Ms").
fn is_honorific(word: &str) -> bool {
    matches!(word, "Dr" | "Mr" | "Mrs" | "Ms" | "Prof")
}

pub fn find_names(sentence: &str) -> Vec<FoundName> {
    find_names_with(sentence, &[])
}

/// Finds names in a sentence, knowing the story's team, band and party names (`group_words`):
/// a name ending in one of them is an organisation ("Port Calder Mariners").
pub fn find_names_with(sentence: &str, groups: &[String]) -> Vec<FoundName> {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = bare(words[i]);
        // "the Justice Department": a title word before an organisation word is its name's.
        let names_a_body = || {
            words
                .get(i + 1)
                .is_some_and(|n| ORG_WORDS.contains(&bare(n)) && !words[i].ends_with([',', '.']))
        };
        if w.is_empty()
            || !is_cap(w)
            || NOT_NAMES.contains(&w)
            || TITLES.contains(&w) && !names_a_body()
            || hyphenated_epithet(w)
            || party_tag(w)
        {
            i += 1;
            continue;
        }
        // Extend the run.
        let start = i;
        let mut end = i; // inclusive
        let mut j = i;
        loop {
            let cur = words[j];
            // Punctuation after a word ends the run (except a possessive, which ends it too).
            // "Meridian Children's Hospital": a possessive inside an organisation's name.
            let inner_possessive = (cur.ends_with("'s") || cur.ends_with("’s"))
                && words
                    .get(j + 1)
                    .is_some_and(|n| ORG_WORDS.contains(&bare(n)) && is_cap(n));
            // "Rod J. Rosenstein": a middle initial's full stop is inside the name.
            let initial =
                is_initial(cur) && j > start && words.get(j + 1).is_some_and(|n| is_cap(bare(n)));
            // "Judiciary Committee Chairman Rep. Bob Goodlatte": so is an abbreviated title's.
            let initial = initial
                || j > start
                    && cur.ends_with('.')
                    && TITLES.contains(&bare(cur))
                    && words.get(j + 1).is_some_and(|n| is_cap(bare(n)));
            // "Fridays,'' Katrinnah Harding": a quotation closed with two apostrophes ends it too.
            let stops = (cur.ends_with(CLOSING) || cur.ends_with("''")) && !initial
                || (cur.ends_with("'s") || cur.ends_with("’s")) && !inner_possessive;
            if stops || j + 1 >= words.len() {
                break;
            }
            let nxt = words[j + 1];
            let nb = bare(nxt);
            // "Bob Goodlatte (R-Va.)", "Kate Spade & Co (KATE.N)": a bracket is no part of a name.
            if is_cap(nb) && !nb.is_empty() && !NOT_NAMES.contains(&nb) && !nxt.starts_with('(') {
                j += 1;
                end = j;
                continue;
            }
            if CONNECTORS.contains(&nxt) && j + 2 < words.len() {
                let after = bare(words[j + 2]);
                if is_cap(after) && !NOT_NAMES.contains(&after) {
                    j += 2;
                    end = j;
                    continue;
                }
            }
            break;
        }
        let parts: Vec<String> = words[start..=end]
            .iter()
            .enumerate()
            .map(|(k, w)| {
                // Keep an inner possessive ("Children's") and an initial's full stop; trim the
                // last word's.
                if start + k < end && is_initial(w) {
                    w.to_string()
                } else if start + k < end {
                    w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                        .to_string()
                } else {
                    bare(w).to_string()
                }
            })
            .collect();
        let mut parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        // "the Air Force and Lockheed", "the EU and NATO": two names, when the one before "and"
        // is complete (an abbreviation, or ending in an organisation word), the one after is an
        // abbreviation, or a person's name comes before an organisation's; "Department of Health
        // and Human Services" and "Bill and Melinda Gates Foundation" are one.
        let abbreviation = |p: &[&str]| matches!(p, [w] if w.len() >= 2 && all_capitals(w));
        if let Some(k) = parts.iter().position(|p| *p == "and") {
            let (left, right) = (&parts[..k], &parts[k + 1..]);
            let whole = abbreviation(left) || left.last().is_some_and(|w| ORG_WORDS.contains(w));
            // "Richard Bissell and Air Force": a person's name before an organisation's.
            let person_then_body = (2..=3).contains(&left.len())
                && left
                    .iter()
                    .all(|w| w.chars().any(char::is_lowercase) && !ORG_WORDS.contains(w))
                && right.last().is_some_and(|w| ORG_WORDS.contains(w));
            if k > 0 && !right.is_empty() && (whole || person_then_body || abbreviation(right)) {
                parts.truncate(k);
                end = start + k - 1;
            }
        }
        // "White House Press Secretary Sarah Sanders", "Menasha Police Chief Tim Styka": a title
        // inside the run ends what the person is; the person is the two to four words after it,
        // and the words up to the title are the role (as "Port Director Jane Doe" is read).
        let mut start = start;
        let inner = inner_title(&parts);
        if let Some(k) = inner {
            start += k + 1;
            parts.drain(..=k);
        }
        let mut affiliation = None;
        // "Prof. Daniel Achterberg of Meridian University", "said Nadia Ferreira of Shoppers'
        // Alliance": the person, not the run (an organisation's own name has its organisation
        // word before the "of": "Bank of Meridian").
        if let (Some(before), Some(k)) = (
            start.checked_sub(1).map(|b| bare(words[b])),
            parts.iter().position(|p| *p == "of"),
        ) {
            let head_is_person =
                (2..=3).contains(&k) && !parts[..k].iter().any(|p| ORG_WORDS.contains(&bare(p)));
            if TITLES.contains(&before) || REPORTING.contains(&before) && head_is_person {
                // The organisation after "of" is the person's role when nothing else gives one.
                let org = &parts[k + 1..];
                let org = org.strip_prefix(&["the"]).unwrap_or(org);
                affiliation = (!org.is_empty()).then(|| org.join(" "));
                parts.truncate(k);
            }
        }
        // "Supermarket chains FreshWay and Greenbasket": two organisations the noun introduces.
        if let [a, "and", b] = parts[..] {
            if let Some(kind_noun) = org_noun_before(&words, start) {
                for n in [a, b] {
                    out.push(FoundName {
                        name: n.to_string(),
                        kind: "organization",
                        role: Some(kind_noun.clone()),
                        introduced: true,
                    });
                }
                i = end + 1;
                continue;
            }
        }
        let name = parts.join(" ");
        i = end + 1;
        let acronym = parts.len() == 1
            && name.len() >= 2
            && all_capitals(&name)
            && !NOT_ACRONYMS.contains(&name.as_str());
        // A transcript's speaker label ("MARTIN: It started out as …") names no player.
        if acronym && words[end].ends_with(':') {
            continue;
        }
        // Events, laws, shows and illnesses are what the story is about, not who acts in it; the
        // outlets quoted are its reporters; "I'm told" is no one. ("Bill Clinton" is a name:
        // only a later word counts; "Mercer Family Foundation" is an organisation.)
        let thing = parts.iter().skip(1).any(|p| THING_WORDS.contains(&bare(p)))
            && !parts.iter().any(|p| ORG_WORDS.contains(&bare(p)));
        if thing
            || parts.last().is_some_and(|p| MEDIA_WORDS.contains(&bare(p)))
            || parts
                .iter()
                .any(|p| p.starts_with("I'") || p.starts_with("I\u{2019}"))
        {
            continue;
        }
        // "NHS England said …", "JUST WATCHED Area": a word of three or more capitals is no part of
        // a person's name (a numeral is: "George T. Conway III").
        let capitals = parts.iter().any(|p| {
            p.len() >= 3
                && all_capitals(p)
                && !p.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'))
        });
        let org = acronym
            || parts.iter().any(|p| ORG_WORDS.contains(&bare(p)))
            || parts[..] == ["United", "Nations"];
        // A team's name ("Port Calder Mariners"), unless the sentence treats it as a person's
        // ("Serena Williams said", in a story about "the Williams sisters").
        let group = parts.len() >= 2
            && parts.iter().all(|p| is_cap(p))
            && parts.last().is_some_and(|l| groups.iter().any(|g| g == l));
        let prev = start.checked_sub(1).map(|k| bare(words[k])).unwrap_or("");
        let prev_lower = prev.to_lowercase();
        // A title before the name, or inside the run before it.
        let titled = TITLES.contains(&prev) || inner.is_some();
        // Places are not players: a place word at the end ("Meridian City", "Kelvane Coast
        // Region"), or an untitled name after "in"/"at"/"near" that is not an organisation.
        let place_word = parts.last().is_some_and(|p| PLACE_WORDS.contains(p))
            || parts.len() >= 2 && PLACE_FIRST_WORDS.contains(&parts[0])
            || parts.len() >= 2 && COMPASS_WORDS.contains(&parts[0]) && !group
            || matches!(parts[..], ["New", second] if NEW_PLACES.contains(&second));
        // "Union County": a place word at the end names a place, whatever organisation word comes
        // before it (not "Bank of Meridian City"). A school or water district is a body.
        let district_body = parts.len() >= 2
            && parts[parts.len() - 1] == "District"
            && ORG_WORDS.contains(&parts[parts.len() - 2]);
        let org = org
            && !(parts.last().is_some_and(|p| PLACE_WORDS.contains(p))
                && !parts.contains(&"of")
                && !acronym
                && !district_body);
        let after_place_prep = PLACE_PREPS.contains(&prev_lower.as_str()) && !titled;
        // "If you drive a Halvard Aster, …": one of a kind of thing, not someone.
        let one_of_a_kind = matches!(prev_lower.as_str(), "a" | "an");
        if !org && (place_word || after_place_prep || one_of_a_kind) {
            continue;
        }
        let venue_at = parts.last().is_some_and(|p| VENUE_WORDS.contains(p))
            && (after_place_prep
                || prev_lower == "the"
                    && start.checked_sub(2).is_some_and(|k| {
                        PLACE_PREPS.contains(&bare(words[k]).to_lowercase().as_str())
                    }));
        if venue_at {
            continue;
        }
        let after = words.get(end + 1).map(|w| bare(w)).unwrap_or("");
        let reported = REPORTING.contains(&after)
            || (start >= 1 && REPORTING.contains(&prev))
            || words[end].ends_with(',')
                && words
                    .get(end + 1)
                    .is_some_and(|w| !is_cap(w) && *w != "which");
        // Initials ("Oliver J. T. O'Grady") do not count toward a person's two or three names.
        let person_shape = (2..=3).contains(&parts.iter().filter(|p| !is_initial(p)).count())
            && parts.iter().all(|p| is_cap(p));
        let job = role_before(&words, start);
        // "the North Carolina Republican told reporters", "a House Republican who asked not to be
        // named": a party member described, not named.
        let descriptor = parts
            .last()
            .is_some_and(|p| matches!(bare(p), "Republican" | "Democrat" | "Independent"));
        if descriptor {
            continue;
        }
        let set_off = || apposed_before(&words, start, end);
        // "The line, which was financed by Metropolitan Railway Company, opened …": the comma
        // after the name closes the relative clause it stands in, and the verb after it is the
        // sentence's. A noun phrase there is still the name's ("…, which was led by Robert
        // Mueller, a former FBI director, …").
        // "The renovation of the Meridian Gallery, celebrated at its reopening, …": after "of", a
        // participle describes the noun the name completes ("founded in 1869" after a name of
        // its own is its description).
        let completes = start.checked_sub(1).is_some_and(|k| words[k] == "of")
            || start
                .checked_sub(2)
                .is_some_and(|k| words[k] == "of" && words[k + 1] == "the");
        // "The prince's lawyer, Jeff Stewart, complained about …": a name set off after its
        // role closes with the comma, and what follows is the sentence's verb, not a role.
        let set_off_name = apposed_before(&words, start, end).is_some();
        let apposed = appositive(&words, end).filter(|r| {
            let first = r.split_whitespace().next().unwrap_or("");
            let article = matches!(first, "a" | "an" | "the" | "its" | "his" | "her" | "their");
            (!in_relative_clause(&words, start) || article)
                && !(completes && first.ends_with("ed"))
                && (!set_off_name || article || first == "who")
        });
        // "X, an environmental group," / "X said it": an organisation, whatever its shape.
        let org_role = apposed
            .as_deref()
            .is_some_and(|r| !r.starts_with("whose ") && !r.starts_with("who "))
            && apposed.as_deref().is_some_and(|r| {
                // "a savvy political operator" is a person.
                let ws: Vec<&str> = r
                    .split_whitespace()
                    .take(4)
                    .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                    .collect();
                ws.iter().enumerate().any(|(k, w)| {
                    ORG_ROLE_WORDS.contains(w) && !(k > 0 && ws[k - 1] == "political")
                })
            });
        let said_it = REPORTING.contains(&after)
            && words
                .get(end + 2)
                .is_some_and(|w| matches!(bare(w), "it" | "its"));
        let group = group && !titled && job.is_none() && (!reported || said_it);
        // "Supermarket chains FreshWay and Greenbasket", "Greenbasket chair Okonkwo Pereira": a
        // one-word name after an organisation noun, or before its chair or chief executive.
        // Not a plural ("club DJs") nor the first word of a longer name the run broke off
        // ("organization Youth With a Mission", "publisher Little, Brown").
        let next_cap = words.get(end + 1).is_some_and(|w| is_cap(bare(w)));
        let plural_acronym =
            name.len() >= 3 && name.ends_with('s') && all_capitals(&name[..name.len() - 1]);
        let kind_noun = (!titled && !next_cap && !plural_acronym)
            .then(|| org_noun_before(&words, start))
            .flatten();
        let one_word_org = parts.len() == 1
            && !titled
            && !plural_acronym
            && (kind_noun.is_some() || heads_a_board(&words, end));
        let kind = if org || group || (org_role || said_it || one_word_org) && !titled {
            "organization"
        } else if person_shape
            && !capitals
            && (titled || reported || job.is_some() || set_off().is_some())
        {
            "person"
        } else {
            continue;
        };
        // "the architect Tobiah Orlov, which adds 40 percent more space": "which" is about a thing,
        // never a person's role.
        let apposed = apposed.filter(|r| kind != "person" || !r.starts_with("which "));
        let apposed_is_none = apposed.is_none();
        // A job before the name says more than a "who …" clause after it, or than words after a
        // comma that close a phrase the name stands in ("The opposition, led by councillor
        // Bettina Quarles, argues that …": "councillor", not "argues that …"). An apposition
        // that is a noun phrase ("a former FBI director") still wins.
        let clause_after = apposed.as_deref().is_some_and(|r| {
            !matches!(
                r.split_whitespace().next().unwrap_or(""),
                "a" | "an" | "the" | "its" | "his" | "her" | "their"
            )
        });
        let role = if clause_after && job.is_some() {
            job
        } else {
            apposed
                .or(job)
                .or_else(set_off)
                .or(kind_noun.clone().filter(|_| kind == "organization"))
        };
        let role = role.or_else(|| {
            titled
                .then(|| {
                    // "Port Director Jane Doe": title words before the name.
                    let mut k = start;
                    while k > 0
                        && is_cap(bare(words[k - 1]))
                        && !NOT_NAMES.contains(&bare(words[k - 1]))
                        && !words[k - 1]
                            .trim_end_matches(['"', '\u{201d}', '\'', '\u{2019}'])
                            .ends_with([',', ':', ';'])
                    {
                        k -= 1;
                    }
                    // "Health Minister Dr. Celeste Navarro": a courtesy title is no role.
                    let mut title = &words[k..start];
                    while let Some((last, rest)) = title.split_last() {
                        if !is_honorific(bare(last)) {
                            break;
                        }
                        title = rest;
                    }
                    title.join(" ")
                })
                .filter(|t| !t.is_empty())
        });
        // "said Odile Farnsworth of the Household Debt Network": the organisation after the name.
        let affiliation = affiliation.or_else(|| {
            if kind != "person" || words[end].ends_with(',') || words.get(end + 1) != Some(&"of") {
                return None;
            }
            let mut k = end + 2;
            if words.get(k).is_some_and(|w| *w == "the") {
                k += 1;
            }
            let mut org = Vec::new();
            while let Some(w) = words.get(k) {
                let b = bare(w);
                if !(is_cap(b) || !org.is_empty() && CONNECTORS.contains(&b)) {
                    break;
                }
                org.push(w.trim_end_matches([',', '.', ';', ':', '"', '\u{201d}', ')']));
                if w.ends_with([',', '.', ';', ':', '"', '\u{201d}', ')']) {
                    break;
                }
                k += 1;
            }
            while org.last().is_some_and(|w| CONNECTORS.contains(w)) {
                org.pop();
            }
            // "of the Lakeside police": an organisation word in lower case closes the name.
            if let Some(w) = words.get(k).filter(|_| !org.is_empty()) {
                let b = bare(w);
                let mut c = b.chars();
                let cap: String = c
                    .next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default();
                if b.chars().all(char::is_lowercase) && ORG_WORDS.contains(&cap.as_str()) {
                    org.push(b);
                }
            }
            (!org.is_empty()).then(|| org.join(" "))
        });
        // A title and an affiliation together: "Sergeant, Lakeside police"; an abbreviated title
        // ("Prof.", "Sgt") gives way to the affiliation.
        let role = match (role, affiliation) {
            (Some(r), Some(a)) if titled && apposed_is_none => {
                if r.ends_with('.') || r.chars().count() <= 4 {
                    Some(a)
                } else {
                    Some(format!("{r}, {a}"))
                }
            }
            (r, a) => r.or(a),
        };
        out.push(FoundName {
            name,
            kind,
            role: role.filter(|r| !r.is_empty()).map(|r| spell_out_titles(&r)),
            introduced: kind == "organization" && (one_word_org || org_role || kind_noun.is_some()),
        });
    }
    out
}

/// Plurals that name a place or an event, not a team, band or party ("the Netherlands", "the
/// Finals").
const NOT_GROUPS: &[&str] = &[
    "Netherlands",
    "Philippines",
    "Bahamas",
    "Maldives",
    "Seychelles",
    "Americas",
    "Alps",
    "Andes",
    "Balkans",
    "Highlands",
    "Lowlands",
    "Midlands",
    "Emirates",
    "Territories",
    "States",
    "Falls",
    "Springs",
    "Keys",
    "Finals",
    "Olympics",
    "Games",
    "Awards",
    "Championships",
    "Playoffs",
    "Series",
    "Sidelines",
    "Times",
    "News",
];

/// Whether a capitalised word has the shape of a plural ("Mariners", not "Williams's" or "Ross").
fn plural_shaped(w: &str) -> bool {
    w.len() > 3
        && is_cap(w)
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
        && w.chars().all(char::is_alphabetic)
}

/// The plural names a story uses for a team, band or party: "the Mariners", or a member's role
/// ("Rovers manager Gavin Truscott"). A person's surname takes neither ("the Williams" is a
/// family, "Williams said"), and neither does a place ("the Islands" is left to `PLACE_WORDS`).
pub fn group_words<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for text in texts {
        let mut words = text.split_whitespace().peekable();
        let mut prev: Option<&str> = None;
        while let Some(w) = words.next() {
            let p = prev.replace(w);
            if !plural_shaped(w)
                || PLACE_WORDS.contains(&w)
                || NOT_GROUPS.contains(&w)
                || NOT_NAMES.contains(&w)
                || out.iter().any(|o| o == w)
            {
                continue;
            }
            // "the Mariners", not "the Williams sisters".
            let after_the = p.is_some_and(|p| p == "the" || p == "The")
                && !words.peek().is_some_and(|n| {
                    matches!(
                        bare(n),
                        "sisters" | "brothers" | "family" | "twins" | "couple"
                    )
                });
            // "Rovers manager Gavin …": the role noun, then a capitalised name.
            let before_role = p.is_none_or(|p| !is_cap(bare(p)))
                && words.peek().is_some_and(|n| ROLE_NOUNS.contains(n))
                && words.clone().nth(1).is_some_and(is_cap);
            if after_the || before_role {
                out.push(w.to_string());
            }
        }
    }
    out
}

/// Abbreviated titles and their spelled-out words.
const SPELLED_TITLES: &[(&str, &str)] = &[
    ("Gov", "Governor"),
    ("Sen", "Senator"),
    ("Rep", "Representative"),
    ("Lt", "Lieutenant"),
    ("Gen", "General"),
    ("Sgt", "Sergeant"),
    ("Capt", "Captain"),
    ("Col", "Colonel"),
    ("Det", "Detective"),
    ("Cpl", "Corporal"),
    ("Adm", "Admiral"),
    ("Supt", "Superintendent"),
    ("Insp", "Inspector"),
    ("Atty", "Attorney"),
    ("Prof", "Professor"),
];

/// The spelled-out word of an abbreviated title without its full stop ("Sen" is "Senator").
pub(crate) fn spelled_title(short: &str) -> Option<&'static str> {
    SPELLED_TITLES
        .iter()
        .find(|(s, _)| *s == short)
        .map(|(_, long)| *long)
}

/// A role with its abbreviated titles spelled out, as a role is read on its own ("Gov." is
/// "Governor", "Republican Sen." is "Republican Senator").
fn spell_out_titles(role: &str) -> String {
    let abbreviated = |w: &str| spelled_title(w.trim_end_matches([',', '.'])).is_some();
    let words: Vec<&str> = role.split(' ').collect();
    // "House Judiciary Committee Chairman Rep.": the post is said; the courtesy title after it
    // is the person's.
    let words = match words.split_last() {
        Some((last, rest))
            if abbreviated(last) && rest.last().is_some_and(|w| TITLES.contains(w)) =>
        {
            rest
        }
        _ => &words[..],
    };
    words
        .iter()
        .map(|&w| {
            let (word, tail) = match w.strip_suffix(',') {
                Some(word) => (word, ","),
                None => (w, ""),
            };
            let bare = word.strip_suffix('.').unwrap_or(word);
            spelled_title(bare).map_or_else(|| w.to_string(), |long| format!("{long}{tail}"))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Irregular past tenses: after a name's comma they go on with the sentence's subject.
const PAST_VERBS: &[&str] = &[
    "lost", "left", "took", "made", "won", "fell", "rose", "grew", "got", "gave", "came", "went",
    "ran", "began", "struck", "hit", "paid", "spent", "sold", "bought", "found", "held", "kept",
    "met", "sent", "brought", "became", "stood", "fled", "wrote", "spoke", "saw", "knew", "said",
    "told", "did", "led", "beat", "put", "set", "cut", "shot", "built",
];

/// Whether a lower-case word is an irregular past tense ("lost", "hit", "met").
pub(crate) fn is_past_verb(w: &str) -> bool {
    PAST_VERBS.contains(&w)
}

/// Words that open a clause going on after a name, not an apposition to it.
const NOT_APPOSITIVE_FIRST: &[&str] = &[
    "and",
    "or",
    "but",
    "nor",
    "not",
    "at",
    "in",
    "on",
    "to",
    "from",
    "for",
    "with",
    "by",
    "as",
    "after",
    "before",
    "while",
    "because",
    "when",
    "where",
    "if",
    "than",
    "then",
    "so",
    "yet",
    "said",
    "says",
    "according",
    "including",
    "also",
    "however",
    "though",
    "although",
    "has",
    "have",
    "had",
    "is",
    "are",
    "was",
    "were",
    "will",
    "would",
    "can",
    "could",
    "may",
    "might",
    "should",
    "did",
    "does",
    "do",
    "until",
    "despite",
    "during",
    "since",
    "around",
    "over",
    "under",
    "into",
    "through",
    "near",
    "like",
    "without",
    "within",
    "now",
    // A clause's own subject ("According to the Caucasus Emirate, they often present …").
    "they",
    "he",
    "she",
    "it",
    "we",
    "you",
    "i",
    "there",
];

/// Nouns of how or when something was said, never a role ("According to a statement, …").
const NOT_ROLE_NOUNS: &[&str] = &[
    "statement",
    "release",
    "interview",
    "email",
    "letter",
    "post",
    "tweet",
    "report",
    "conference",
    "meeting",
    "hearing",
    "day",
    "week",
    "month",
    "year",
    "time",
    "moment",
    "end",
    "case",
];

/// "The owner, Piotr Ansel, said", "made by an outside supplier, Ventrix Components.": a short
/// noun phrase with an article, set off by a comma right before the name that a comma or the
/// sentence's end closes, is the role ("owner", "outside supplier").
fn apposed_before(words: &[&str], start: usize, end: usize) -> Option<String> {
    if start < 2 || !words[end].ends_with([',', '.']) || !words[start - 1].ends_with(',') {
        return None;
    }
    // The phrase runs back to its article ("made by an outside supplier, Ventrix Components."),
    // within the clause.
    let mut k = start - 1;
    loop {
        if matches!(words[k].to_lowercase().as_str(), "the" | "a" | "an") {
            break;
        }
        if k == 0 || start - k >= 5 || words[k - 1].ends_with([',', ';', ':', '.']) {
            return None;
        }
        k -= 1;
    }
    // "the leader of the opposition", "One resident of the neighborhood": the phrase is its head
    // noun's, from the determiner before it; "because of a supplier" has none.
    let det = |w: &str| matches!(w.to_lowercase().as_str(), "the" | "a" | "an" | "one");
    if k >= 2 && words[k - 1].eq_ignore_ascii_case("of") {
        let head = bare(words[k - 2]);
        if head.is_empty() || head.chars().any(|c| !c.is_lowercase()) {
            return None;
        }
        k = match k.checked_sub(3) {
            Some(d) if det(words[d]) => d,
            _ => return None,
        };
    }
    // The phrase opens its clause ("The owner, …"), or follows a preposition that names who
    // ("made by an outside supplier", "told to a friend"); "In a statement, …" and "Earlier in the
    // day, …" say when or how, not who.
    let opens_clause = k == 0 || words[k - 1].ends_with([',', ';', ':', '.']);
    let names_who = k > 0
        && matches!(
            words[k - 1].to_lowercase().as_str(),
            "by" | "to" | "from" | "with" | "for"
        );
    if !opens_clause && !names_who {
        return None;
    }
    let phrase = &words[k..start];
    let (_, rest) = phrase.split_first()?;
    let noun = rest
        .last()
        .map(|w| bare(w).to_lowercase())
        .unwrap_or_default();
    if rest.is_empty() || NOT_ROLE_NOUNS.contains(&noun.as_str()) {
        return None;
    }
    let lower_noun_phrase = rest.iter().all(|w| {
        let b = bare(w);
        !b.is_empty()
            && (b.chars().all(|c| !c.is_uppercase()) || w.ends_with("'s,") || w.ends_with("'s"))
            && !REPORTING.contains(&b)
            && !NOT_APPOSITIVE_FIRST.contains(&b)
    });
    lower_noun_phrase.then(|| rest.join(" ").trim_end_matches(',').to_string())
}

/// "NAME, the port's director, said": the words between the commas after `end`.
/// Whether the name starting at word `start` stands inside a relative clause set off by a comma
/// before it (", which was financed by …"), with no comma in between.
fn in_relative_clause(words: &[&str], start: usize) -> bool {
    for k in (0..start).rev() {
        if matches!(words[k], "which" | "who" | "whom" | "whose") {
            // The comma may sit inside a quotation's closing mark ("\"Right Now,\" which
            // features David Guetta, hits the top …").
            return k > 0
                && words[k - 1]
                    .trim_end_matches(['"', '\u{201d}', '\'', '\u{2019}'])
                    .ends_with(',');
        }
        if words[k].ends_with([',', ';', ':', '.']) {
            return false;
        }
    }
    false
}

fn appositive(words: &[&str], end: usize) -> Option<String> {
    if !words[end].ends_with(',') {
        return None;
    }
    let mut role = Vec::new();
    for w in words.iter().skip(end + 1).take(12) {
        role.push(*w);
        if w.ends_with(',') || w.ends_with('.') {
            let first = role.first().map(|f| f.to_lowercase()).unwrap_or_default();
            // "Ventrix Components, and not at Northgate": a clause goes on, no apposition.
            // "Shawn Mendes, 30 Seconds to Mars," lists names; it is no apposition either.
            if NOT_APPOSITIVE_FIRST.contains(&first.as_str())
                || !first.starts_with(|c: char| c.is_alphabetic())
            {
                return None;
            }
            // "Ada Velimirović, freshly cleaned, now glows": a participle phrase describes the
            // thing the sentence is about, and names no role.
            let participle = !matches!(first.as_str(), "who" | "whose" | "the" | "a" | "an")
                && role.len() <= 3
                && role
                    .last()
                    .is_some_and(|w| w.trim_end_matches([',', '.']).ends_with("ed"));
            // "He returned home to western New York, lost touch with the woman, …": a verb in
            // the past goes on with the sentence's subject; it describes no one.
            if PAST_VERBS.contains(&first.as_str()) {
                return None;
            }
            // "the younger brother of filmmaker Ridley Scott, parked his Toyota Prius on the
            // bridge": a verb in the past with its object goes on with the sentence too.
            let verb_with_object = first.ends_with("ed")
                && role.get(1).is_some_and(|w| {
                    matches!(bare(w), "his" | "her" | "its" | "their" | "him" | "them")
                });
            if verb_with_object {
                return None;
            }
            // "According to Hervé Le Bras, demography has been steeped in …": a clause of its
            // own (a verb by the second or third word) is no apposition; "who is …" is one.
            let clause = !matches!(first.as_str(), "who" | "whose" | "which")
                && role.iter().skip(1).take(2).any(|w| {
                    matches!(
                        bare(w),
                        "has" | "have" | "had" | "is" | "are" | "was" | "were" | "will" | "would"
                    )
                });
            if clause {
                return None;
            }
            // "…, the company said on Thursday." reports, and names no role; nor does "her
            // mother, Ashake Banks, told ABC News", whose comma closes an aside.
            let reports = role.iter().any(|w| REPORTING.contains(&bare(w)));
            if participle || reports {
                return None;
            }
            let ok = role.len() >= 2
                && matches!(
                    first.as_str(),
                    "the" | "a" | "an" | "who" | "its" | "his" | "her" | "their"
                )
                || role.len() >= 2 && !is_cap(role[0]);
            if !ok {
                return None;
            }
            let text = role.join(" ");
            return Some(text.trim_end_matches([',', '.']).to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_and_orgs_with_roles() {
        let n = find_names(
            "Dana Whitcombe, the authority's executive director, said the Harbor Port Authority would hire 300 workers.",
        );
        assert_eq!(n[0].name, "Dana Whitcombe");
        assert_eq!(n[0].kind, "person");
        assert_eq!(
            n[0].role.as_deref(),
            Some("the authority's executive director")
        );
        assert_eq!(n[1].name, "Harbor Port Authority");
        assert_eq!(n[1].kind, "organization");
        let n = find_names("On Monday, Mayor Lena Ortiz praised the plan.");
        assert_eq!(n[0].name, "Lena Ortiz");
        assert_eq!(n[0].role.as_deref(), Some("Mayor"));
        // A call to action and an abbreviation start no name; "Watch" may end one.
        let names =
            |s: &str| -> Vec<String> { find_names(s).into_iter().map(|n| n.name).collect() };
        assert_eq!(
            names(
                "Visit Harvard Medical School's site, said Human Rights Watch director Ana Ruiz."
            ),
            ["Harvard Medical School", "Human Rights Watch", "Ana Ruiz"]
        );
        assert!(names("The show airs at 11:35 EST on weeknights, GMO critics said.").is_empty());
        // An epithet joined by a hyphen is no part of the name.
        assert_eq!(
            names("Oscar-winner Emma Stone said Jean-Paul Asante-Byrne said so."),
            ["Emma Stone", "Jean-Paul Asante-Byrne"]
        );
        // A two-word title; a middle initial.
        let n = find_names("Chief Executive Mark Zuckerberg said Deputy Attorney General Rod J. Rosenstein had called.");
        let got: Vec<(&str, Option<&str>)> = n
            .iter()
            .map(|n| (n.name.as_str(), n.role.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("Mark Zuckerberg", Some("Chief Executive")),
                ("Rod J. Rosenstein", Some("Deputy Attorney General"))
            ]
        );
    }

    #[test]
    fn events_laws_outlets_and_contractions_are_not_players() {
        for sentence in [
            "During World War II, soldiers were given amphetamines, historians said.",
            "As a direct result of the Durbin Amendment, fees fell, Ana Ruiz said.",
            "Several U.S. officials told NBC News the talks had stalled.",
            "\"I'm told it's dozens,\" the officer added.",
            "The neurologists said ADHD is often misdiagnosed.",
            "MARTIN: It started out as a simple walk around her church.",
        ] {
            let names: Vec<String> = find_names(sentence)
                .into_iter()
                .filter(|n| n.name != "Ana Ruiz")
                .map(|n| n.name)
                .collect();
            assert!(names.is_empty(), "{sentence}: {names:?}");
        }
    }

    #[test]
    fn a_role_reads_as_a_job_or_a_kind() {
        for (role, want) in [
            ("Kelvane Coast Region administrator", true),
            ("Governor", true),
            ("beverage group", true),
            ("a palaeontologist at Meridian University", true),
            ("who voted against", true),
            ("eventual winner", true),
            ("told ABC News", false),
            ("began firing 10 rounds from a .357 Magnum", false),
            (
                "the depolarization of the ipRGCs would become sustained",
                false,
            ),
            ("of St", false),
            ("a U.S", false),
            ("instead? poses KFC spokeswoman", false),
        ] {
            assert_eq!(reads_as_role(role), want, "{role}");
        }
    }

    #[test]
    fn a_job_written_before_the_name_is_the_role() {
        let first = |s: &str| {
            find_names(s)
                .into_iter()
                .find(|n| n.kind == "person")
                .map(|n| (n.name, n.role))
        };
        for (sentence, name, role) in [
            (
                "Board chair Colin Featherstone said the strike was regrettable.",
                "Colin Featherstone",
                "Board chair",
            ),
            // The words after the comma close the phrase the name stands in.
            (
                "The opposition, led by councillor Bettina Quarles, argues that the charge would hit shift workers.",
                "Bettina Quarles",
                "councillor",
            ),
            (
                "\"We haven't had a detection in six days,\" chief search coordinator Angus Houston said.",
                "Angus Houston",
                "chief search coordinator",
            ),
            (
                "Port Authority chief executive Gregor Lindqvist said on Thursday that costs rose.",
                "Gregor Lindqvist",
                "Port Authority chief executive",
            ),
            (
                "\"Every week we lose another teacher,\" union president Marguerite Ossai told a rally.",
                "Marguerite Ossai",
                "union president",
            ),
            (
                "\"This city turns out for each other,\" said race director Paolo Wendt.",
                "Paolo Wendt",
                "race director",
            ),
            (
                "Trailing at the break, Mariners manager Lucia Benedetti moved Kwame Asante-Byrne inside.",
                "Lucia Benedetti",
                "Mariners manager",
            ),
            (
                "Kelvane Coast Region administrator Fenna Lowell said damage was widespread.",
                "Fenna Lowell",
                "Kelvane Coast Region administrator",
            ),
            (
                "\"There were volunteers,\" said teacher Miriam Kolb, who finished in five hours.",
                "Miriam Kolb",
                "teacher",
            ),
            (
                "\"We would always rather warn,\" said Coastguard commander Captain Idris Moen.",
                "Idris Moen",
                "Coastguard commander",
            ),
            (
                "\"Bring a flask,\" joked science teacher Femi Adair on the picket line.",
                "Femi Adair",
                "science teacher",
            ),
            (
                "Health Minister Dr. Celeste Navarro said testing had found contamination.",
                "Celeste Navarro",
                "Health Minister",
            ),
            (
                "The family hired forensic pathologist Dr. Werner Spitz to review the autopsy.",
                "Werner Spitz",
                "forensic pathologist",
            ),
        ] {
            assert_eq!(
                first(sentence),
                Some((name.to_string(), Some(role.to_string()))),
                "{sentence}"
            );
        }
        // A job noun is only a role right before the name.
        assert_eq!(
            first("The director said Paolo Wendt had resigned."),
            Some(("Paolo Wendt".to_string(), None))
        );
    }

    #[test]
    fn the_kind_of_organisation_written_before_it_is_its_role() {
        for (sentence, name, role) in [
            (
                "Supermarket chains FreshWay and Greenbasket said they would merge.",
                "Greenbasket",
                "supermarket chain",
            ),
            (
                "It was commissioned by the consumer group Shoppers' Alliance.",
                "Shoppers' Alliance",
                "consumer group",
            ),
            (
                "Campaign group Avaaz said it had helped.",
                "Avaaz",
                "campaign group",
            ),
        ] {
            let found = find_names(sentence);
            let n = found
                .iter()
                .find(|n| n.name == name)
                .unwrap_or_else(|| panic!("{name} not found in {sentence}: {found:?}"));
            assert_eq!(n.role.as_deref(), Some(role), "{sentence}");
            assert!(n.introduced, "{sentence}");
        }
    }

    #[test]
    fn kinds_table() {
        // (sentence, [(name, kind)]); places are left out.
        let table: &[(&str, &[(&str, &str)])] = &[
            (
                "Corvane, based in Meridian City, said on Friday that attackers had struck.",
                &[],
            ),
            ("Kelvane Coast Region officials said damage was light.", &[]),
            (
                "Calder Bay Conservancy, an environmental group, has asked the board to wait.",
                &[("Calder Bay Conservancy", "organization")],
            ),
            (
                "Leona Whitfield, a paediatrician at Meridian Children's Hospital, said it was wrong.",
                &[
                    ("Leona Whitfield", "person"),
                    ("Meridian Children's Hospital", "organization"),
                ],
            ),
            ("Workers must show their ID cards, officials said.", &[]),
            (
                "The United States argued that the system was needed, officials said.",
                &[],
            ),
            (
                "North Korea said it withdrew the invitation because of the drills.",
                &[],
            ),
            (
                "South Florida, a heavily Democratic region, voted early, officials said.",
                &[],
            ),
            (
                "He was found outside his Brooklyn, New York, home, police said.",
                &[],
            ),
            (
                "But strong winds along the Great Lakes, makes staying on snowy roads harder.",
                &[],
            ),
            (
                "Farrow published his story at The New Yorker, two sources said.",
                &[],
            ),
            (
                "The North Carolina Republican told reporters it never came up.",
                &[],
            ),
            (
                "\u{201c}We are going to deal with this,\u{201d} the Kentucky Republican said on Sunday.",
                &[],
            ),
            (
                "The White House said the memo was not accurate.",
                &[("White House", "organization")],
            ),
            (
                "A House Republican who asked not to be named said the vote would fail.",
                &[],
            ),
            (
                "The Justice Department said it would not comment.",
                &[("Justice Department", "organization")],
            ),
            (
                "The driver of the SUV fled, and officials said THC was found.",
                &[],
            ),
            (
                "State Treasurer Rob McCord said the fund was short.",
                &[("Rob McCord", "person")],
            ),
            (
                "Potsdamer Platz, the heart of the city, was closed, police said.",
                &[],
            ),
            (
                "Hours after the Amber Alert, the mother was found.",
                &[],
            ),
            (
                "NHS England said 36 people remained in hospital on Sunday.",
                &[],
            ),
            (
                "\"We eat together on Fridays,'' Katrinnah Harding said of the family.",
                &[("Katrinnah Harding", "person")],
            ),
            (
                "The Air Force and Lockheed said the jets were grounded.",
                &[("Air Force", "organization")],
            ),
            (
                "The EU and NATO said they would send observers.",
                &[("EU", "organization"), ("NATO", "organization")],
            ),
            ("The EU and Ukraine said they would talk.", &[("EU", "organization")]),
            (
                "Analysts at Liberum and RBC raised their targets.",
                &[("RBC", "organization")],
            ),
            (
                "The US Fish and Wildlife Service said the bear was threatened.",
                &[("US Fish and Wildlife Service", "organization")],
            ),
            (
                "Documents show Richard Bissell and Air Force officers chose the site.",
                &[("Air Force", "organization")],
            ),
            (
                "The Bill and Melinda Gates Foundation said it would fund the trial.",
                &[("Bill and Melinda Gates Foundation", "organization")],
            ),
            (
                "The Department of Health and Human Services said it would review the rule.",
                &[("Department of Health and Human Services", "organization")],
            ),
            (
                "Air Force, the largest branch, said the jets were grounded.",
                &[("Air Force", "organization")],
            ),
            (
                "The Calgary Zoo said the gorilla was healthy.",
                &[("Calgary Zoo", "organization")],
            ),
            (
                "Future PAC raised more than $12 million, aides said.",
                &[("Future PAC", "organization")],
            ),
            (
                "The staff of Libya's mission to the United Nations declared allegiance to the people.",
                &[("United Nations", "organization")],
            ),
            (
                "North American Animal Liberation Press Office said the pair are innocent.",
                &[("North American Animal Liberation Press Office", "organization")],
            ),
            (
                "Lincoln signed the Emancipation Proclamation, historians said.",
                &[],
            ),
            (
                "The Palace Hotel said it would reopen, the owner said.",
                &[("Palace Hotel", "organization")],
            ),
            (
                "Menasha Police Chief Tim Styka said the man was upset.",
                &[("Tim Styka", "person")],
            ),
            (
                "House Judiciary Committee Chairman Rep. Bob Goodlatte (R-Va.) will retire.",
                &[("Bob Goodlatte", "person")],
            ),
            (
                "Mayor Kenyan McDuffie (D-At Large) said the police acted.",
                &[("Kenyan McDuffie", "person")],
            ),
            ("Across Northgate, more than 30 day camps appeared this week.", &[]),
            (
                "Halvard Motors said it would recall 41,000 cars.",
                &[("Halvard Motors", "organization")],
            ),
            ("Northgate Rovers said it would appeal.", &[("Northgate Rovers", "organization")]),
            ("The board acted after Lake Orrin fell to a record low.", &[]),
            (
                "Leopold Haines-Mercer, whose company reported profits, said it was fair.",
                &[("Leopold Haines-Mercer", "person")],
            ),
            (
                "The claim was checked by Prof. Daniel Achterberg of Meridian University.",
                &[("Daniel Achterberg", "person")],
            ),
            (
                "\"They usually do not,\" said Nadia Ferreira of Shoppers' Alliance.",
                &[("Nadia Ferreira", "person")],
            ),
            (
                "The loan was approved by the Bank of Meridian on Friday, officials said.",
                &[("Bank of Meridian", "organization")],
            ),
            ("If you drive a Halvard Aster, there is reassuring news.", &[]),
            ("On March 14 a Union County jury ruled for him.", &[]),
            ("The deepest station is on the Northern Line, which opened in 1907.", &[]),
            (
                "The Pocono Mountain School District said it would close.",
                &[("Pocono Mountain School District", "organization")],
            ),
            (
                "Supermarket chains FreshWay and Greenbasket said they would merge.",
                &[("FreshWay", "organization"), ("Greenbasket", "organization")],
            ),
            (
                "Campaign group Avaaz said it had helped.",
                &[("Avaaz", "organization")],
            ),
            (
                "Greenbasket chair Okonkwo Pereira will become chair.",
                &[
                    ("Greenbasket", "organization"),
                    ("Okonkwo Pereira", "person"),
                ],
            ),
            (
                "Moonlight director Barry Jenkins was stunned.",
                &[("Barry Jenkins", "person")],
            ),
            ("The remixes were promoted to club DJs in May.", &[]),
            (
                "The line, which was financed by Metropolitan Railway Company, opened on Saturday.",
                &[("Metropolitan Railway Company", "organization")],
            ),
            ("She trained with missionary organization Youth With a Mission.", &[]),
            (
                "Pelosi, a savvy political operator, understands that it will pass.",
                &[],
            ),
        ];
        for (sentence, want) in table {
            let got: Vec<(String, &str)> = find_names(sentence)
                .into_iter()
                .map(|n| (n.name, n.kind))
                .collect();
            let want: Vec<(String, &str)> = want.iter().map(|(a, b)| (a.to_string(), *b)).collect();
            assert_eq!(got, want, "{sentence}");
        }
    }

    #[test]
    fn a_team_is_the_plural_the_story_calls_the_team() {
        let texts = [
            "Port Calder Mariners are Continental Cup winners, beating Northgate Rovers 2-1.",
            "The Mariners had barely threatened, and Rovers manager Gavin Truscott was angry.",
            "Williams said the Philippines and the Netherlands sent observers to the Finals.",
            "Serena Williams beat Venus Williams, said Mark Jones.",
            "The Williams sisters met in the final.",
        ];
        let groups = group_words(texts.iter().copied());
        assert_eq!(groups, ["Mariners", "Rovers"]);
        let kinds = |s: &str| -> Vec<(String, &str)> {
            find_names_with(s, &groups)
                .into_iter()
                .map(|n| (n.name, n.kind))
                .collect()
        };
        assert_eq!(
            kinds(texts[0]),
            [
                ("Port Calder Mariners".to_string(), "organization"),
                ("Northgate Rovers".to_string(), "organization")
            ]
        );
        // Without the story's evidence, a plural name is no organisation.
        assert!(find_names(texts[0]).is_empty());
        // A surname ending in "s" is no team; nor is a run with a lower-case word in it.
        assert_eq!(
            kinds("Serena Williams beat Venus Williams, said Mark Jones."),
            [
                ("Venus Williams".to_string(), "person"),
                ("Mark Jones".to_string(), "person")
            ]
        );
        assert!(find_names_with("Have the Mariners won?", &groups).is_empty());
        // A team's plural named as a person's surname is still the person's.
        let williams = vec!["Williams".to_string()];
        assert_eq!(
            find_names_with("Serena Williams said she was tired.", &williams)
                .into_iter()
                .map(|n| (n.name, n.kind))
                .collect::<Vec<_>>(),
            [("Serena Williams".to_string(), "person")]
        );
    }

    #[test]
    fn an_apposition_is_a_role_and_a_clause_going_on_is_not() {
        let role = |s: &str, name: &str| {
            find_names(s)
                .into_iter()
                .find(|n| n.name == name)
                .and_then(|n| n.role)
        };
        assert_eq!(
            role(
                "The owner, Piotr Ansel, said an engineer inspected the wreck.",
                "Piotr Ansel"
            )
            .as_deref(),
            Some("owner")
        );
        assert_eq!(
            role(
                "House Judiciary Committee Chairman Rep. Bob Goodlatte (R-Va.) will retire.",
                "Bob Goodlatte"
            )
            .as_deref(),
            Some("House Judiciary Committee Chairman")
        );
        // A verb in the past after the comma goes on with the sentence.
        assert_eq!(
            role(
                "He returned home to western New York, lost touch with the woman, got a job driving trucks and raised a family.",
                "New York"
            ),
            None
        );
        assert_eq!(
            role(
                "According to the Caucasus Emirate, they often present correct facts about the fighting.",
                "Caucasus Emirate"
            ),
            None
        );
        assert_eq!(
            role(
                "According to the demographer Hervé Le Bras, demography has been steeped in talk of the apocalypse.",
                "Hervé Le Bras"
            ),
            None
        );
        assert_eq!(
            role(
                "The director, the brother of filmmaker Ridley Scott, parked his car on the bridge.",
                "Ridley Scott"
            ),
            None
        );
        // A role opens at a possessive, with the possessor's name, and not before a question's
        // end.
        assert_eq!(
            role(
                "Officials say President Barack Obama\u{2019}s spokesman Dan Pfeiffer said so.",
                "Dan Pfeiffer"
            )
            .as_deref(),
            Some("President Barack Obama\u{2019}s spokesman")
        );
        assert_eq!(
            role(
                "The next question involves Clifford\u{2019}s attorney Michael Avenatti and his claim.",
                "Michael Avenatti"
            )
            .as_deref(),
            Some("Clifford\u{2019}s attorney")
        );
        assert_eq!(
            role(
                "Why not eat the cup too? poses KFC spokeswoman Jocelyn Bynoe.",
                "Jocelyn Bynoe"
            )
            .as_deref(),
            Some("KFC spokeswoman")
        );
        assert_eq!(
            role(
                "Who else could do it? KFC spokeswoman Jocelyn Bynoe asked.",
                "Jocelyn Bynoe"
            )
            .as_deref(),
            Some("KFC spokeswoman")
        );
        // A quotation's end before the title is no part of it.
        assert_eq!(
            role(
                "\"We are not winning,\" he told \u{201c}Face the Nation,\u{201d} Sen. Lindsey Graham said.",
                "Lindsey Graham"
            )
            .as_deref(),
            Some("Senator")
        );
        // An abbreviated title is spelled out, as a role is read on its own.
        assert_eq!(
            role("Republican Gov. Rick Perry signed the bill.", "Rick Perry").as_deref(),
            Some("Republican Governor")
        );
        assert_eq!(
            role(
                "Sen. John McCain said on Sunday that he would vote no.",
                "John McCain"
            )
            .as_deref(),
            Some("Senator")
        );
        assert_eq!(
            role(
                "Former Senate Majority Leader Bob Dole says he would not fit in.",
                "Bob Dole"
            )
            .as_deref(),
            Some("Former Senate Majority Leader")
        );
        // A title inside a run of capitals: the person after it, the run up to it the role.
        assert_eq!(
            role(
                "Menasha Police Chief Tim Styka said the man was upset.",
                "Tim Styka"
            )
            .as_deref(),
            Some("Menasha Police Chief")
        );
        // A verb of saying ends the job written before the name.
        assert_eq!(
            role(
                "KXAS-TV reports Houston police spokesman Kese Smith says he was found.",
                "Kese Smith"
            )
            .as_deref(),
            Some("Houston police spokesman")
        );
        // A verb of saying after the name's comma reports; it is no apposition.
        assert_ne!(
            role(
                "\"She always smiled,\" her mother, Ashake Banks, told ABC News.",
                "Ashake Banks"
            )
            .as_deref(),
            Some("told ABC News")
        );
        // The comma after the name closes the relative clause it stands in, also after a
        // quoted title.
        assert_eq!(
            role(
                "The line, which was financed by Metropolitan Railway Company, opened on Saturday.",
                "Metropolitan Railway Company"
            ),
            None
        );
        assert_eq!(
            role(
                "\"Right Now,\" which features David Guetta, hits the top in its 16th week on the chart.",
                "David Guetta"
            ),
            None
        );
        assert_eq!(
            role(
                "In August, the company's chief engineer, Mara Olsen, said it was safe.",
                "Mara Olsen"
            )
            .as_deref(),
            Some("company's chief engineer")
        );
        // After the name: a preposition, a participle or a "which" about a thing is no role.
        assert_eq!(
            role(
                "She ran with the eventual winner, Ingrid Ostberg-Lowe, until 25 kilometres.",
                "Ingrid Ostberg-Lowe"
            )
            .as_deref(),
            Some("eventual winner")
        );
        assert_eq!(
            role(
                "The wing was designed by the architect Tobiah Orlov, which adds 40 percent more space.",
                "Tobiah Orlov"
            )
            .as_deref(),
            Some("architect")
        );
        assert_eq!(
            role("Mara Olsen, who retired, said it was safe.", "Mara Olsen").as_deref(),
            Some("who retired")
        );
        assert_eq!(
            role(
                "The 1889 painting by Ada Velimirović, freshly cleaned, now glows.",
                "Ada Velimirović"
            ),
            None
        );
        // A participle with its preposition, or a reporting clause, is no role either.
        assert_eq!(
            role(
                "The renovation of the Meridian Gallery of Modern Art, celebrated at its reopening on Saturday, cost $86 million.",
                "Meridian Gallery of Modern Art"
            ),
            None
        );
        assert_eq!(
            role(
                "Loomstack raised $18 million in a round led by Tidewater Ventures, the company said on Thursday.",
                "Tidewater Ventures"
            ),
            None
        );
        // A name set off after its role: what follows its comma is the verb.
        assert_eq!(
            role(
                "The prince's lawyer, Jeff Stewart, complained about his opposing lawyer, Mark Cymrot.",
                "Jeff Stewart"
            )
            .as_deref(),
            Some("prince's lawyer")
        );
        // Not an apposition: a clause before the name.
        assert_eq!(
            role(
                "After the storm passed, Mara Olsen, who runs the shelter, said it was safe.",
                "Mara Olsen"
            )
            .as_deref(),
            Some("who runs the shelter")
        );
        assert_eq!(
            role("On Tuesday, Mara Olsen, said nothing.", "Mara Olsen"),
            None
        );
        assert_eq!(
            role(
                "Mara Olsen, has gotten to know him over the last year, aides said.",
                "Mara Olsen"
            ),
            None
        );
        assert_eq!(
            role(
                "Fans saw Shawn Mendes, 30 Seconds to Mars, and others.",
                "Shawn Mendes"
            ),
            None
        );
        assert_eq!(
            role(
                "The faulty pumps were made by an outside supplier, Ventrix Components, and not at Northgate.",
                "Ventrix Components"
            ),
            Some("outside supplier".to_string())
        );
        assert_eq!(
            role(
                "The pump is made by an outside supplier, Ventrix Components.",
                "Ventrix Components"
            )
            .as_deref(),
            Some("outside supplier")
        );
        assert_eq!(
            role(
                "The pumps failed because of a supplier, Ventrix Components, said Ana Ruiz.",
                "Ventrix Components"
            ),
            None
        );
        for (sentence, name, want) in [
            (
                "One resident of the neighborhood, Diane Schaffer, said the smell was strong.",
                "Diane Schaffer",
                "resident of the neighborhood",
            ),
            (
                "The vote was called by the leader of the opposition, Pierluigi Bersani.",
                "Pierluigi Bersani",
                "leader of the opposition",
            ),
        ] {
            assert_eq!(role(sentence, name).as_deref(), Some(want), "{sentence}");
        }
        // How or when, not who.
        for sentence in [
            "In a statement, Ana Ruiz said the pumps were safe.",
            "According to a statement, Ana Ruiz said the pumps were safe.",
            "Earlier in the day, Ana Ruiz said the pumps were safe.",
        ] {
            assert_eq!(role(sentence, "Ana Ruiz"), None, "{sentence}");
        }
    }

    #[test]
    fn an_affiliation_after_of_is_the_role() {
        let role = |s: &str| find_names(s).into_iter().next().and_then(|n| n.role);
        assert_eq!(
            role("\"It moves money,\" said Odile Farnsworth of the Household Debt Network.")
                .as_deref(),
            Some("Household Debt Network")
        );
        assert_eq!(
            role("Prices fall, said Nadia Ferreira of Shoppers' Alliance, a lobby group.")
                .as_deref(),
            Some("a lobby group")
        );
        assert_eq!(
            role("\"Hang up,\" said Sergeant Paul Whitely of the Lakeside police.").as_deref(),
            Some("Sergeant, Lakeside police")
        );
        assert_eq!(
            role("Fans cheered, said Ana Ruiz of the Port Calder Mariners.").as_deref(),
            Some("Port Calder Mariners")
        );
        // Title words before a name stop at a sentence-opening preposition.
        assert_eq!(
            role("Under Mayor Dario Castellane's plan, cars would pay.").as_deref(),
            Some("Mayor")
        );
        assert_eq!(
            role("The claim was checked by Prof. Daniel Achterberg of Meridian University.")
                .as_deref(),
            Some("Meridian University")
        );
        // An appositive still wins.
        assert_eq!(
            role("Prof. Daniel Achterberg of Meridian University, a historian, agreed.").as_deref(),
            Some("a historian")
        );
    }
}
