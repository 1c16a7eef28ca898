//! `storyline newsletter`: the top stories of a time window, mailed as one message.

use anyhow::{bail, Context, Result};
use chrono::{DateTime, Duration, Utc};
use std::io::Write as _;
use storyline::config::Config;
use storyline::desk;
use storyline_core::Story;
use storyline_mail::{Item, Newsletter};
use storyline_store::{ArticleQuery, Store, StoryQuery};

#[derive(Debug, clap::Args)]
pub struct NewsletterArgs {
    /// A recipient (repeat for several); default: `mail.to` in the config.
    #[arg(long = "to", value_name = "ADDR")]
    pub to: Vec<String>,
    /// Stories updated in the last HOURS hours.
    #[arg(long, value_name = "HOURS", default_value_t = 24)]
    pub since: u32,
    /// At most N stories.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,
    /// Print the message (as it would be sent) instead of sending it.
    #[arg(long)]
    pub dry_run: bool,
}

/// The best `limit` stories updated since `now - since_hours`, in front-page order.
fn top_stories(
    store: &dyn Store,
    since_hours: u32,
    limit: usize,
    now: DateTime<Utc>,
) -> Result<Vec<Story>> {
    let cutoff = now - Duration::hours(i64::from(since_hours));
    let recent = store.stories(&StoryQuery {
        category: None,
        limit: storyline_web::rank::WINDOW,
        offset: 0,
    })?;
    let fresh: Vec<Story> = recent
        .into_iter()
        .filter(|s| s.merged_into.is_none() && s.updated_at >= cutoff)
        .collect();
    Ok(storyline_web::rank::rank(fresh, now)
        .into_iter()
        .take(limit)
        .collect())
}

/// A story as the newsletter shows it: the digest's headline and short summary, or (before its
/// digest is written) the first article's title and opening sentences, as on the front page.
fn item(store: &dyn Store, s: &Story, base_url: &str) -> Result<Item> {
    let digest = store.digest(s.id)?.map(|d| d.digest);
    let first = store.articles(&ArticleQuery {
        story_id: Some(s.id),
        limit: 1,
        ..ArticleQuery::default()
    })?;
    let storyline_web::card::CardText {
        headline,
        summary,
        category,
    } = storyline_web::card::card_text(s, digest.as_ref(), &first);
    Ok(Item {
        headline,
        summary,
        sources: s.source_count,
        category,
        url: format!("{}/story/{}", base_url.trim_end_matches('/'), s.id),
    })
}

/// `storyline newsletter`
pub fn run(cfg: Config, args: NewsletterArgs) -> Result<()> {
    if args.limit == 0 {
        bail!("--limit must be at least 1");
    }
    if args.since == 0 {
        bail!("--since must be at least 1 hour");
    }
    let recipients = if args.to.is_empty() {
        cfg.mail.to.clone()
    } else {
        args.to.clone()
    };
    if recipients.is_empty() {
        bail!(storyline_mail::MailError::NoRecipients);
    }
    let Some(from) = cfg.mail.from.clone() else {
        bail!("config key `mail.from`: set the sender address to send the newsletter (see storyline.example.toml)");
    };
    // Check the transport before reading the store, so a missing setting is reported first.
    let smtp = if args.dry_run {
        None
    } else {
        Some(cfg.mail.smtp_config()?)
    };
    let base_url = match &cfg.web.base_url {
        Some(b) => b.clone(),
        None if args.dry_run => {
            let b = format!("http://{}", cfg.web.listen);
            eprintln!("warning: `web.base_url` is not set; links point at {b}");
            b
        }
        None => bail!(
            "config key `web.base_url`: set the site's public URL; the newsletter links to story pages there"
        ),
    };

    let store = desk::open_store(&cfg)?;
    let now = Utc::now();
    let stories = top_stories(store.as_ref(), args.since, args.limit, now)?;
    if stories.is_empty() {
        eprintln!(
            "no stories were updated in the last {}; no newsletter sent",
            plural(i64::from(args.since), "hour")
        );
        return Ok(());
    }
    let items = stories
        .iter()
        .map(|s| item(store.as_ref(), s, &base_url))
        .collect::<Result<Vec<_>>>()?;
    let newsletter = Newsletter {
        site_title: cfg.web.site_title.clone(),
        subject_prefix: cfg.mail.subject_prefix.clone(),
        since_hours: args.since,
        date: now,
        home_url: format!("{}/", base_url.trim_end_matches('/')),
        items,
    };
    let message = storyline_mail::render(&newsletter, &from, &recipients)?;
    let Some(smtp) = smtp else {
        let mut out = std::io::stdout().lock();
        out.write_all(&message.formatted())?;
        out.flush()?;
        eprintln!(
            "dry run: {} for {}, not sent",
            plural(newsletter.items.len() as i64, "story"),
            plural(recipients.len() as i64, "recipient")
        );
        return Ok(());
    };
    let delivery = storyline_mail::send(&smtp, &message)
        .with_context(|| format!("sending the newsletter to {}", recipients.join(", ")))?;
    eprintln!(
        "sent the newsletter ({}) to {} via {} ({})",
        plural(newsletter.items.len() as i64, "story"),
        plural(delivery.recipients.len() as i64, "recipient"),
        delivery.server,
        delivery.reply
    );
    Ok(())
}

fn plural(n: i64, noun: &str) -> String {
    match (n, noun) {
        (1, _) => format!("1 {noun}"),
        (_, "story") => format!("{n} stories"),
        _ => format!("{n} {noun}s"),
    }
}
