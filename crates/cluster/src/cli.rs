//! The command-line front ends (`storyline cluster`, `storyline bench cluster`), kept in the
//! library so that the binary, the examples and the tests all run exactly this code.

use crate::{parse_item_line, synth, Clusterer, Config, Item};
use serde::Serialize;
use std::io::{BufRead, Write};
use std::time::{Duration, Instant};
use storyline_core::jsonl;

#[derive(Serialize)]
struct OutLine<'a> {
    id: &'a str,
    story: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    duplicate_of: Option<&'a str>,
}

/// Reads articles (JSON lines, stream order) from `input`, clusters them with `cfg` (the
/// desk's, or [`Config::default`]), and writes `{"id","story","duplicate_of"?}` per article to
/// `out`. Malformed lines are reported to `warn` with their line number (`name:line:`) and
/// skipped: lines that are no article, longer than [`jsonl::MAX_LINE_BYTES`], or repeat an
/// earlier article's id (two articles under one id would found two stories of one id). Bytes
/// that are not UTF-8 are replaced and the line is read, with a warning. Returns the number of
/// articles read and of lines skipped.
pub fn cluster_jsonl(
    cfg: Config,
    name: &str,
    input: impl BufRead,
    mut out: impl Write,
    mut warn: impl Write,
) -> std::io::Result<(usize, usize)> {
    let mut clusterer = Clusterer::new(cfg);
    // The line each article came from, in arrival order.
    let mut lines: Vec<usize> = Vec::new();
    let at = format!("{name}:");
    let skipped = jsonl::for_each(input, &mut warn, &at, |n, text, warn| {
        let (item, warnings) = match parse_item_line(&text) {
            Ok(read) => read,
            Err(e) => {
                writeln!(warn, "{name}:{n}: skipped: {e}")?;
                return Ok::<_, std::io::Error>(false);
            }
        };
        if let Some(first) = clusterer.recorded(&item.id) {
            writeln!(
                warn,
                "{name}:{n}: skipped: id {:?} was given on line {} already",
                item.id,
                lines.get(first).copied().unwrap_or_default()
            )?;
            return Ok(false);
        }
        lines.push(n);
        for w in warnings {
            writeln!(warn, "{name}:{n}: {w}")?;
        }
        clusterer.add(&item);
        Ok(true)
    })?;
    for (id, a) in clusterer.assignments() {
        let line = OutLine {
            id: &id,
            story: &a.story,
            duplicate_of: a.duplicate_of.as_deref(),
        };
        serde_json::to_writer(&mut out, &line)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok((clusterer.len(), skipped))
}

/// Peak resident memory of this process in KiB (Linux `VmHWM`), if known.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

/// CPU time (user + system) of the calling thread in seconds, from `/proc/thread-self/stat`
/// (10 ms resolution). On a shared machine this is a fairer clock than the wall.
pub fn thread_cpu_secs() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// Current resident memory in KiB (Linux `VmRSS`), if known.
pub fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

/// How long `clusterer` takes to add `batch` (recording the placements in `tally`, if given):
/// thread CPU time when available (other processes share the cores), else wall time; and the
/// wall time.
fn time_batch(
    clusterer: &mut Clusterer,
    batch: &[Item],
    mut tally: Option<&mut synth::Tally>,
) -> (Duration, Duration) {
    let t0 = Instant::now();
    let c0 = thread_cpu_secs();
    for it in batch {
        let a = clusterer.add(it);
        if let Some(t) = tally.as_deref_mut() {
            t.add(&a);
        }
    }
    let wall = t0.elapsed();
    let cpu = match (c0, thread_cpu_secs()) {
        (Some(a), Some(b)) if b > a => Duration::from_secs_f64(b - a),
        _ => wall,
    };
    (cpu, wall)
}

/// The median of `xs` (the mean of the middle two for an even count); 0 when empty.
fn median(xs: &[f64]) -> f64 {
    let mut v = xs.to_vec();
    v.sort_unstable_by(f64::total_cmp);
    match v.len() {
        0 => 0.0,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// Times dedup + clustering over `articles` synthetic articles (generation is not timed) and
/// writes a table: per-article thread CPU time of the latest 10k articles at 10k, 100k, 1M...,
/// the stories in the window and the story slots held (those plus the ones that left since the
/// last compaction), memory, and the growth of the time per article from the start of the
/// stream to its end.
///
/// One 10k chunk's time moves by ±15 % from run to run on a shared machine, so the growth is a
/// ratio of medians: the last five chunks against three timings of the first 10k articles (the
/// run's own and two more, each by a fresh clusterer over the same articles).
///
/// With `newest_first`, every published time is mirrored around the stream's start, so the
/// articles arrive newest first (as a file sorted that way would give them): the window then
/// holds stories by the article count, and memory shows that bound.
pub fn bench(articles: usize, newest_first: bool, mut out: impl Write) -> std::io::Result<()> {
    let mut stream = synth::Stream::new(synth::StreamConfig::default());
    let mut origin: Option<i64> = None;
    // A live clusterer, as the desk runs: it keeps no record of past placements, so the memory
    // figures are the window's. The bench keeps its own record for the sanity score.
    let mut clusterer = Clusterer::live(Config::default());
    let mut tally = synth::Tally::default();
    const CHUNK: usize = 10_000;
    const LAST: usize = 5;
    let mut chunks: Vec<f64> = Vec::new();
    let mut done = 0usize;
    let mut total = Duration::ZERO;
    let mut total_wall = Duration::ZERO;
    let mut words = 0usize;
    let mut first_us = None;
    let mut last_us = 0.0;
    writeln!(
        out,
        "{:>9} {:>12} {:>12} {:>9} {:>9} {:>8} {:>9}",
        "articles", "us/article", "articles/s", "stories", "held", "rss_MiB", "peak_MiB"
    )?;
    while done < articles {
        let n = CHUNK.min(articles - done);
        let batch: Vec<Item> = (0..n)
            .map(|_| {
                let mut it = stream.next_item();
                if newest_first {
                    it.published = it.published.and_then(|p| {
                        let t0 = *origin.get_or_insert(p.timestamp());
                        chrono::DateTime::from_timestamp(2 * t0 - p.timestamp(), 0)
                    });
                }
                it
            })
            .collect();
        words += batch
            .iter()
            .map(|i| {
                i.text
                    .as_deref()
                    .map_or(0, |t| t.split_whitespace().count())
            })
            .sum::<usize>();
        let (dt, wall) = time_batch(&mut clusterer, &batch, Some(&mut tally));
        total_wall += wall;
        total += dt;
        let us = dt.as_secs_f64() * 1e6 / n as f64;
        if first_us.is_none() {
            let mut firsts = vec![us];
            for _ in 0..2 {
                let mut fresh = Clusterer::live(Config::default());
                let (t, _) = time_batch(&mut fresh, &batch, None);
                firsts.push(t.as_secs_f64() * 1e6 / n as f64);
            }
            first_us = Some(median(&firsts));
        }
        drop(batch);
        done += n;
        chunks.push(us);
        last_us = us;
        let decade = [10_000usize, 100_000, 1_000_000, 10_000_000].contains(&done);
        if decade || done == articles || done % 100_000 == 0 {
            writeln!(
                out,
                "{done:>9} {us:>12.2} {:>12.0} {:>9} {:>9} {:>8.1} {:>9.1}",
                1e6 / us,
                clusterer.active_stories(),
                clusterer.held_stories(),
                rss_kib().unwrap_or(0) as f64 / 1024.0,
                peak_rss_kib().unwrap_or(0) as f64 / 1024.0
            )?;
        }
    }
    let rate = done as f64 / total.as_secs_f64().max(1e-9);
    writeln!(
        out,
        "total: {done} articles, {:.0} body words each, {:.2} s CPU ({:.2} s wall) clustering: {rate:.0} articles/s per core ({:.2} us/article)",
        words as f64 / done.max(1) as f64,
        total.as_secs_f64(),
        total_wall.as_secs_f64(),
        1e6 / rate
    )?;
    let last_median = median(&chunks[chunks.len().saturating_sub(LAST)..]);
    let growth = first_us.map_or(0.0, |f| last_median / f.max(1e-9));
    if let Some(f) = first_us {
        writeln!(
            out,
            "growth (per article): {growth:.2}x = median of the last {} chunks {last_median:.1} us / median of 3 timings of the first 10k {f:.1} us (single chunks: last {last_us:.1} us, {:.2}x)",
            LAST.min(chunks.len()),
            last_us / f.max(1e-9)
        )?;
    }
    let (dup_f1, b3) = stream.score(&tally);
    writeln!(
        out,
        "synthetic gold (sanity only): B-cubed F1 {b3:.3}, duplicate-link F1 {dup_f1:.3}"
    )?;
    writeln!(
        out,
        "rate={rate:.0} us_per_article={:.2} growth={:.2} peak_rss_kib={}",
        1e6 / rate,
        growth,
        peak_rss_kib().unwrap_or(0)
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{cluster_jsonl, median};
    use crate::Config;
    use storyline_core::jsonl::MAX_LINE_BYTES;

    /// Input that other tools write: a byte-order mark, Windows line ends, a stray Latin-1 byte,
    /// a runaway line and an id given twice. Each costs at most its own line, the run goes on,
    /// and every skipped line is named.
    #[test]
    fn bad_lines_cost_only_themselves() {
        let mut input = Vec::new();
        input.extend_from_slice(
            b"\xef\xbb\xbf{\"id\":\"a\",\"title\":\"Quake hits Velmont harbour\"}\r\n",
        );
        input.extend_from_slice(
            b"{\"id\":\"b\",\"title\":\"Caf\xe9 owners count quake damage in Velmont\"}\n",
        );
        input.extend_from_slice(b"{\"id\":\"long\",\"text\":\"");
        input.resize(input.len() + MAX_LINE_BYTES, b'x');
        input.extend_from_slice(b"\"}\n");
        input.extend_from_slice(b"{\"id\":\"a\",\"title\":\"Parliament passes the budget\"}\n");
        input.extend_from_slice(b"{\"id\":\"c\",\"title\":\"Budget vote set for Friday\"}");
        let (mut out, mut warn) = (Vec::new(), Vec::new());
        let (read, skipped) = cluster_jsonl(
            Config::default(),
            "in.jsonl",
            input.as_slice(),
            &mut out,
            &mut warn,
        )
        .expect("no i/o error");
        let out = String::from_utf8(out).expect("utf-8 out");
        let warn = String::from_utf8(warn).expect("utf-8 warnings");
        assert_eq!((read, skipped), (3, 2), "{warn}");
        let rows: Vec<(String, String)> = out
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("json");
                let field = |k: &str| v[k].as_str().expect("a string").to_string();
                (field("id"), field("story"))
            })
            .collect();
        let ids: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"], "{out}");
        // The budget headline founds its own story: the repeated "a" did not found a second
        // story called "a".
        assert_eq!(rows[2].1, "c", "{out}");
        assert!(
            warn.contains("in.jsonl:2: bytes that are not UTF-8 replaced"),
            "{warn}"
        );
        assert!(
            warn.contains("in.jsonl:3: skipped: longer than 16 MiB"),
            "{warn}"
        );
        assert!(
            warn.contains("in.jsonl:4: skipped: id \"a\" was given on line 1 already"),
            "{warn}"
        );
    }

    #[test]
    fn median_of_odd_even_and_empty_lists() {
        for (xs, want) in [
            (vec![], 0.0),
            (vec![3.0], 3.0),
            (vec![9.0, 1.0, 5.0], 5.0),
            (vec![4.0, 1.0, 3.0, 2.0], 2.5),
            (vec![100.0, 1.0, 2.0, 2.0, 3.0], 2.0),
        ] {
            assert_eq!(median(&xs), want, "{xs:?}");
        }
    }
}
