//! Digests per second for 5-article stories on one core.
//!
//! The stories are synthetic: five ~600-word articles per story, built from sentence templates with
//! names, amounts, dates and quotes so every field of the digest has work to do.
//! `digest_cpu/hostile_3000_names` is one article naming 3,000 people, to keep the players' name
//! matching from going quadratic again; `digest_cpu/large_story_300_articles` is one story of 300
//! dated articles, for the checks that compare sentences with later ones.
//! Run: `cargo bench -p storyline-digest --bench digest`.
//!
//! Two groups: `digest` measures wall-clock time; `digest_cpu` measures the benchmark thread's own
//! CPU time (from `/proc/thread-self/schedstat`, Linux), which is the one-core figure on a machine
//! where other processes compete for the cores. Its "time" is CPU nanoseconds per digest.

use chrono::{TimeZone, Utc};
use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use storyline_digest::{digest, Doc, Options};

const SUBJECTS: &[&str] = &[
    "The Harbor Port Authority",
    "Mayor Elena Voss",
    "Council member Rafael Ibarra",
    "The Calder Bay Conservancy",
    "Chief executive Gregor Lindqvist",
    "The national treasury",
    "Dockworkers",
    "Residents of the east side",
    "The regional transit agency",
];
const VERBS: &[&str] = &[
    "approved",
    "criticised",
    "welcomed",
    "questioned",
    "announced",
    "delayed",
    "defended",
    "funded",
    "challenged",
    "reviewed",
];
const OBJECTS: &[&str] = &[
    "a $480 million plan to expand the container terminal",
    "the budget, which has grown by 55 percent since 2019",
    "a proposal to raise berthing fees by 9 percent from next July",
    "the dredging of 2.4 million cubic metres of sediment",
    "1,200 construction jobs and 450 permanent positions",
    "a court challenge filed by environmental groups last fall",
    "the bond sale worth $260 million",
    "new rules for the harbour's seagrass meadows",
];
const TAILS: &[&str] = &[
    "on Monday",
    "in November",
    "after a five-hour meeting",
    "despite strong objections",
    "according to officials",
    "in a statement on Thursday",
    "at the Harbour Hall",
];

fn story(seed: u64) -> Vec<Doc> {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n as u64) as usize
    };
    (0..5)
        .map(|a| {
            let mut text = String::new();
            for para in 0..8 {
                for _ in 0..3 {
                    let s = format!(
                        "{} {} {} {}. ",
                        SUBJECTS[next(SUBJECTS.len())],
                        VERBS[next(VERBS.len())],
                        OBJECTS[next(OBJECTS.len())],
                        TAILS[next(TAILS.len())]
                    );
                    text.push_str(&s);
                }
                if para % 3 == 1 {
                    text.push_str("\"This is a good day for the city,\" said Saoirse Kettle, president of the dockworkers union. ");
                }
                text.push_str("\n\n");
            }
            Doc {
                id: format!("s{seed}-a{a}"),
                title: Some(format!("Port board {} expansion plan", VERBS[next(VERBS.len())])),
                text,
                source: Some(format!("outlet-{a}")),
                url: None,
                published: Utc.with_ymd_and_hms(2026, 11, 4 + a as u32, 9, 0, 0).single(),
                duplicate_of: None,
            }
        })
        .collect()
}

/// A large developing story: 300 articles over 30 days, each with a pending decision ("… will
/// decide whether to …"), the shape that made "What happens next?" check every plan against
/// every later sentence by building sets (about 4× the CPU of everything else).
fn large_story() -> Vec<Doc> {
    (0..60u64)
        .flat_map(story)
        .enumerate()
        .map(|(k, mut d)| {
            d.id = format!("large-{k}");
            d.published = Utc
                .with_ymd_and_hms(2026, 11, 1 + (k / 10) as u32, 9, 0, 0)
                .single();
            d.text.push_str(
                "The regional transit agency will decide whether to fund the east side line. ",
            );
            d
        })
        .collect()
}

/// A hostile page: one article of 1,500 sentences naming 3,000 different people (about 180 KB),
/// the shape that once made the players' name matching quadratic.
fn many_names() -> Vec<Doc> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut name = || {
        (0..6)
            .map(|k| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let c = (b'a' + (x % 26) as u8) as char;
                if k == 0 {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect::<String>()
    };
    let mut text = String::new();
    for _ in 0..1500 {
        let (a, b, c) = (name(), name(), name());
        text.push_str(&format!(
            "Matchwinner {a} {b}, who joined the club, said the plan was good. {b} said the {c}s manager {a} {c} agreed. "
        ));
    }
    vec![Doc {
        id: "hostile".into(),
        title: Some("Many names".into()),
        text,
        source: Some("outlet".into()),
        url: None,
        published: Utc.with_ymd_and_hms(2026, 11, 4, 9, 0, 0).single(),
        duplicate_of: None,
    }]
}

fn bench(c: &mut Criterion) {
    let stories: Vec<Vec<Doc>> = (0..20).map(story).collect();
    let mut g = c.benchmark_group("digest");
    g.throughput(Throughput::Elements(1));
    let mut k = 0;
    g.bench_function("five_article_story", |b| {
        b.iter(|| {
            k = (k + 1) % stories.len();
            digest(&stories[k], &Options::default())
        })
    });
    g.bench_function("five_article_story_300_words", |b| {
        b.iter(|| {
            k = (k + 1) % stories.len();
            digest(&stories[k], &Options { words: Some(300) })
        })
    });
    g.finish();
}

/// CPU time of the calling thread, in nanoseconds (falls back to 0 where schedstat is missing).
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|x| x.parse().ok()))
        .unwrap_or(0)
}

/// A criterion measurement of the thread's CPU time.
struct CpuTime;

static WALL: WallTime = WallTime;

impl Measurement for CpuTime {
    type Intermediate = u64;
    type Value = u64;
    fn start(&self) -> u64 {
        thread_cpu_ns()
    }
    fn end(&self, start: u64) -> u64 {
        thread_cpu_ns().saturating_sub(start)
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, v: &u64) -> f64 {
        *v as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        WALL.formatter()
    }
}

fn bench_cpu(c: &mut Criterion<CpuTime>) {
    let stories: Vec<Vec<Doc>> = (0..20).map(story).collect();
    let mut g = c.benchmark_group("digest_cpu");
    g.throughput(Throughput::Elements(1));
    let mut k = 0;
    g.bench_function("five_article_story", |b| {
        b.iter(|| {
            k = (k + 1) % stories.len();
            digest(&stories[k], &Options::default())
        })
    });
    g.bench_function("five_article_story_300_words", |b| {
        b.iter(|| {
            k = (k + 1) % stories.len();
            digest(&stories[k], &Options { words: Some(300) })
        })
    });
    let hostile = many_names();
    g.sample_size(10);
    g.bench_function("hostile_3000_names", |b| {
        b.iter(|| digest(&hostile, &Options::default()))
    });
    let large = large_story();
    g.bench_function("large_story_300_articles", |b| {
        b.iter(|| digest(&large, &Options::default()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_group! {
    name = cpu;
    config = Criterion::default().with_measurement(CpuTime);
    targets = bench_cpu
}
criterion_main!(benches, cpu);
