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
];

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
];

const CONNECTORS: &[&str] = &["of", "for", "and", "the", "de", "on"];

fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn bare(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric())
        .trim_end_matches("'s")
        .trim_end_matches("’s")
}

/// Finds names in a sentence.
pub fn find_names(sentence: &str) -> Vec<FoundName> {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = bare(words[i]);
        if w.is_empty() || !is_cap(w) || NOT_NAMES.contains(&w) || TITLES.contains(&w) {
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
            let stops = cur.ends_with([',', '.', ';', ':', '?', '!', '"', '”', ')'])
                || cur.ends_with("'s")
                || cur.ends_with("’s");
            if stops || j + 1 >= words.len() {
                break;
            }
            let nxt = words[j + 1];
            let nb = bare(nxt);
            if is_cap(nb) && !nb.is_empty() && !NOT_NAMES.contains(&nb) {
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
        let parts: Vec<&str> = words[start..=end].iter().map(|w| bare(w)).collect();
        let name = parts.join(" ");
        i = end + 1;
        let acronym =
            parts.len() == 1 && name.len() >= 2 && name.chars().all(|c| c.is_ascii_uppercase());
        let org = acronym || parts.iter().any(|p| ORG_WORDS.contains(p));
        let prev = start.checked_sub(1).map(|k| bare(words[k])).unwrap_or("");
        let titled = TITLES.contains(&prev);
        let after = words.get(end + 1).map(|w| bare(w)).unwrap_or("");
        let reported = REPORTING.contains(&after)
            || (start >= 1 && REPORTING.contains(&prev))
            || words[end].ends_with(',') && words.get(end + 1).is_some_and(|w| !is_cap(w));
        let person_shape = (2..=3).contains(&parts.len()) && parts.iter().all(|p| is_cap(p));
        let kind = if org {
            "organization"
        } else if person_shape && (titled || reported) {
            "person"
        } else {
            continue;
        };
        let role = appositive(&words, end).or_else(|| {
            titled.then(|| {
                // "Port Director Jane Doe": title words before the name.
                let mut k = start;
                while k > 0 && is_cap(bare(words[k - 1])) && !words[k - 1].ends_with(',') {
                    k -= 1;
                }
                words[k..start].join(" ")
            })
        });
        out.push(FoundName {
            name,
            kind,
            role: role.filter(|r| !r.is_empty()),
        });
    }
    out
}

/// "NAME, the port's director, said": the words between the commas after `end`.
fn appositive(words: &[&str], end: usize) -> Option<String> {
    if !words[end].ends_with(',') {
        return None;
    }
    let mut role = Vec::new();
    for w in words.iter().skip(end + 1).take(12) {
        role.push(*w);
        if w.ends_with(',') || w.ends_with('.') {
            let first = role.first().map(|f| f.to_lowercase()).unwrap_or_default();
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
    }
}
