//! Property tests for URL canonicalisation, over randomly generated URLs (a fixed-seed generator,
//! so failures reproduce): canonical forms are fixed points, and every variant a feed may use
//! (scheme, host case, `www.`/`m.` hosts, default ports, fragments, tracking parameters, AMP
//! paths, parameter order) folds to the same form, while content parameters and paths still
//! tell articles apart.

use storyline_cluster::canonicalize_url;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
    fn chance(&mut self, p: u64) -> bool {
        self.next() % 100 < p
    }
}

const HOSTS: &[&str] = &[
    "example.com",
    "news.example.org",
    "harbor-herald.test",
    "xn--bcher-kva.example",
    "127.0.0.1",
];
const SEGS: &[&str] = &[
    "2026",
    "11",
    "03",
    "world",
    "port-expansion",
    "a%20b",
    "story.html",
    "caf%C3%A9",
    "id-42",
];
const PARAMS: &[(&str, &str)] = &[("id", "5"), ("page", "2"), ("q", "a b"), ("lang", "en")];
const TRACK: &[&str] = &[
    "utm_source=feed",
    "utm_medium=rss",
    "utm_campaign=x",
    "fbclid=abc",
    "gclid=z",
    "UTM_Content=y",
    "mc_cid=1",
];

struct Base {
    host: &'static str,
    path: Vec<&'static str>,
    params: Vec<(&'static str, &'static str)>,
}

fn base(r: &mut Rng) -> Base {
    let host = r.pick(HOSTS);
    let n = 1 + (r.next() % 4) as usize;
    let path = (0..n).map(|_| r.pick(SEGS)).collect();
    let mut params = Vec::new();
    for &(k, v) in PARAMS {
        if r.chance(25) {
            params.push((k, v));
        }
    }
    Base { host, path, params }
}

fn render(b: &Base, r: &mut Rng, variant: bool) -> String {
    let (scheme, port) = if variant {
        match r.next() % 4 {
            0 => ("http", ":80"),
            1 => ("https", ":443"),
            2 => ("HTTP", ""),
            _ => ("https", ""),
        }
    } else {
        ("https", "")
    };
    let mut host = b.host.to_string();
    if variant && !host.chars().all(|c| c.is_ascii_digit() || c == '.') {
        if r.chance(50) {
            host = host.to_ascii_uppercase();
        }
        if r.chance(40) {
            host = format!("{}{host}", r.pick(&["www.", "m.", "WWW.", "amp."]));
        }
    }
    let mut path = b.path.join("/");
    if variant {
        match r.next() % 5 {
            0 => path = format!("amp/{path}"),
            1 => path = format!("{path}/amp"),
            2 => path.push('/'),
            _ => {}
        }
    }
    let mut q: Vec<String> = b
        .params
        .iter()
        .map(|(k, v)| format!("{k}={}", v.replace(' ', "+")))
        .collect();
    if variant {
        for t in TRACK {
            if r.chance(30) {
                q.push(t.to_string());
            }
        }
        // Shuffle the parameters.
        for i in (1..q.len()).rev() {
            let j = (r.next() % (i as u64 + 1)) as usize;
            q.swap(i, j);
        }
    }
    let mut u = format!("{scheme}://{host}{port}/{path}");
    if !q.is_empty() {
        u.push('?');
        u.push_str(&q.join("&"));
    }
    if variant && r.chance(30) {
        u.push_str("#comments");
    }
    u
}

#[test]
fn canonical_form_is_a_fixed_point() {
    let mut r = Rng(0x1234_5678_9abc_def1);
    for _ in 0..2000 {
        let b = base(&mut r);
        let u = render(&b, &mut r, true);
        let c = canonicalize_url(&u).unwrap_or_else(|| panic!("{u} did not parse"));
        assert_eq!(
            canonicalize_url(&c).as_deref(),
            Some(c.as_str()),
            "not idempotent: {u} -> {c}"
        );
    }
}

#[test]
fn variants_fold_to_one_form() {
    let mut r = Rng(0x0fed_cba9_8765_4321);
    for _ in 0..2000 {
        let b = base(&mut r);
        let plain = render(&b, &mut r, false);
        let want = canonicalize_url(&plain).unwrap_or_else(|| panic!("{plain} did not parse"));
        for _ in 0..4 {
            let v = render(&b, &mut r, true);
            assert_eq!(
                canonicalize_url(&v).as_deref(),
                Some(want.as_str()),
                "{v} vs {plain}"
            );
        }
    }
}

#[test]
fn different_articles_stay_apart() {
    let mut r = Rng(0x1111_2222_3333_4444);
    let mut checked = 0;
    for _ in 0..2000 {
        let a = base(&mut r);
        let b = base(&mut r);
        let same = a.host == b.host && a.path == b.path && {
            let mut x = a.params.clone();
            let mut y = b.params.clone();
            x.sort();
            y.sort();
            x == y
        };
        if same {
            continue;
        }
        let ua = render(&a, &mut r, true);
        let ub = render(&b, &mut r, true);
        assert_ne!(canonicalize_url(&ua), canonicalize_url(&ub), "{ua} vs {ub}");
        checked += 1;
    }
    assert!(checked > 1000);
}
