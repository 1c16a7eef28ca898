//! End to end against a real model server (CI starts one with `scripts/llm-server.sh`).
//!
//! Runs only when `STORYLINE_LLM_BASE_URL` is set (e.g. `http://127.0.0.1:8088/v1`; model name from
//! `STORYLINE_LLM_MODEL`, default `SmolLM2-135M-Instruct`); otherwise it says it was skipped.
//! The tiny model often ignores formats and invents facts, so this asserts the contract and the
//! filter, never the prose: the server answers, every story gets a digest, and every sentence the
//! model got onto the digest passes the grounding check against the sentences it cites.

use storyline_digest::{Doc, Options};
use storyline_llm::engine::source_table;
use storyline_llm::{check_sentence, LlmConfig, OpenAiEngine, Outcome, Rules};

fn stories() -> Vec<Vec<Doc>> {
    let doc = |id: &str, title: &str, text: &str| Doc {
        id: id.into(),
        title: Some(title.into()),
        text: text.into(),
        ..Doc::default()
    };
    vec![
        vec![
            doc(
                "1",
                "Springfield bans plastic bags",
                "The Springfield city council voted 7-2 on Monday to ban single-use plastic bags in all shops.\n\n\
                 Mayor Jane Doe said the ban takes effect in March 2025 and will be enforced with fines.\n\n\
                 Shops that break the rule face fines of up to $500, according to the new ordinance.",
            ),
            doc(
                "2",
                "Shop owners worry about bag ban costs",
                "Shop owners in Springfield said the ban would raise their costs by about $1,200 a year.\n\n\
                 The Springfield Chamber of Commerce asked the council to delay the ban by six months.\n\n\
                 Environmental groups welcomed the vote and said plastic bags clog the river.",
            ),
        ],
        vec![doc(
            "3",
            "Storm closes schools in Northville",
            "A winter storm dropped 40 centimetres of snow on Northville on Tuesday, closing all 23 public schools.\n\n\
             The city's public works department said 60 plough trucks worked through the night to clear main roads.\n\n\
             Officials expect schools to reopen on Thursday if temperatures rise as forecast.",
        )],
    ]
}

#[test]
fn real_model_digests_are_grounded() {
    let Ok(base_url) = std::env::var("STORYLINE_LLM_BASE_URL") else {
        eprintln!(
            "real_model: skipped (set STORYLINE_LLM_BASE_URL, e.g. from scripts/llm-server.sh)"
        );
        return;
    };
    let cfg = LlmConfig {
        base_url,
        model: std::env::var("STORYLINE_LLM_MODEL").unwrap_or_else(|_| LlmConfig::default().model),
        max_tokens: 400,
        timeout_secs: 180.0,
        retries: 1,
        ..LlmConfig::default()
    };
    let engine = OpenAiEngine::new(cfg.clone()).expect("engine");
    let opts = Options::default();
    for docs in stories() {
        let (d, status) = engine.digest_with_status(&docs, &opts);
        let log = engine.take_call_log();
        assert_eq!(log.len(), 1, "one call per story");
        let rec = &log[0];
        eprintln!(
            "real_model: outcome {:?}, {} ms, tokens {:?}/{:?}, {}; status {status:?}",
            rec.outcome, rec.latency_ms, rec.tokens_in, rec.tokens_out, rec.detail
        );
        // The server answered (what it said is the model's business).
        assert!(
            matches!(rec.outcome, Outcome::Ok | Outcome::Unusable),
            "server did not answer: {rec:?}"
        );
        assert!(rec.tokens_out.unwrap_or(0) > 0);
        if rec.outcome == Outcome::Ok {
            let g = d.grounding.as_ref().expect("grounding recorded");
            assert_eq!(g.checked, rec.checked);
            assert!(g.removed <= g.checked);
        }
        // Every model-written sentence on the digest passes the check.
        if d.engine == "builtin" {
            assert!(d.field_engines.is_empty(), "{:?}", d.field_engines);
            continue;
        }
        assert_eq!(d.engine, format!("openai:{}", cfg.model));
        assert!(
            d.field_engines.values().all(|e| e == "builtin"),
            "{:?}",
            d.field_engines
        );
        assert!(
            rec.fields_used
                .iter()
                .all(|f| !d.field_engines.contains_key(f)),
            "{:?} vs {:?}",
            rec.fields_used,
            d.field_engines
        );
        let table = source_table(&docs, cfg.max_source_sentences, cfg.max_source_chars);
        let rules = Rules::strict(cfg.min_overlap);
        let ids = |cits: &[storyline_core::Citation]| -> Vec<usize> {
            cits.iter()
                .map(|c| {
                    table
                        .iter()
                        .find(|(_, s)| s.article == c.article && s.sentence == c.sentence)
                        .map(|(id, _)| id)
                        .expect("citation inside the table")
                })
                .collect()
        };
        let mut pieces: Vec<(&str, &str, Vec<usize>)> = Vec::new();
        if !d.field_engines.contains_key("headline") {
            pieces.push(("headline", &d.headline.text, ids(&d.headline.citations)));
        }
        for (field, list) in [
            ("summary", &d.summary),
            ("takeaways", &d.takeaways),
            ("why_it_matters", &d.why_it_matters),
        ] {
            if !d.field_engines.contains_key(field) {
                for c in list {
                    pieces.push((field, &c.text, ids(&c.citations)));
                }
            }
        }
        if !d.field_engines.contains_key("faq") {
            for f in &d.faq {
                pieces.push(("faq", &f.answer, ids(&f.citations)));
            }
        }
        assert!(!pieces.is_empty());
        for (field, text, ids) in pieces {
            for s in storyline_core::text::sentences(text) {
                assert_eq!(
                    check_sentence(s, &ids, &table, rules),
                    Ok(()),
                    "{field}: {s}"
                );
            }
        }
    }
}
