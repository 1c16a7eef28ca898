//! `storyline newsletter`: the top stories of a time window, mailed as one message; and the
//! daily send of `storyline run` when `mail.send_at` is set (the same composition).

use anyhow::{bail, Context, Result};
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
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
    #[arg(long, value_name = "HOURS", default_value_t = SCHEDULED_HOURS)]
    pub since: u32,
    /// At most N stories.
    #[arg(long, value_name = "N", default_value_t = SCHEDULED_STORIES)]
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

/// The newsletter of the best `limit` stories updated in the last `since` hours, or `None` when
/// there are none.
fn compose(
    cfg: &Config,
    store: &dyn Store,
    base_url: &str,
    since: u32,
    limit: usize,
    now: DateTime<Utc>,
) -> Result<Option<Newsletter>> {
    let stories = top_stories(store, since, limit, now)?;
    if stories.is_empty() {
        return Ok(None);
    }
    let items = stories
        .iter()
        .map(|s| item(store, s, base_url))
        .collect::<Result<Vec<_>>>()?;
    Ok(Some(Newsletter {
        site_title: cfg.web.site_title.clone(),
        subject_prefix: cfg.mail.subject_prefix.clone(),
        since_hours: since,
        date: now,
        home_url: format!("{}/", base_url.trim_end_matches('/')),
        unsubscribe: cfg.mail.unsubscribe.clone(),
        items,
    }))
}

/// The scheduled newsletter covers this many hours, one day, as it is sent daily (also the
/// default of `--since`).
pub const SCHEDULED_HOURS: u32 = 24;
/// At most this many stories in the scheduled newsletter (also the default of `--limit`).
pub const SCHEDULED_STORIES: usize = 10;

/// The first moment strictly after `after` whose wall-clock time in `after`'s zone is `at`.
/// A time skipped by a daylight-saving change is sent an hour later that day; a time that
/// occurs twice is sent the first time.
pub fn next_send<Tz: TimeZone>(after: &DateTime<Tz>, at: NaiveTime) -> DateTime<Tz> {
    let zone = after.timezone();
    let mut day = after.date_naive();
    loop {
        let wall = day.and_time(at);
        let when = zone.from_local_datetime(&wall).earliest().or_else(|| {
            zone.from_local_datetime(&(wall + Duration::hours(1)))
                .earliest()
        });
        if let Some(when) = when.filter(|w| w > after) {
            return when;
        }
        day = day.succ_opt().unwrap_or(day + Duration::days(1));
    }
}

/// One scheduled send (from `storyline run`): the last day's top stories to `mail.to`.
/// Returns the line to log.
pub fn send_scheduled(cfg: &Config, store: &dyn Store, now: DateTime<Utc>) -> Result<String> {
    let from = cfg
        .mail
        .from
        .as_deref()
        .context("config key `mail.from` is not set")?;
    let base_url = cfg
        .web
        .base_url
        .as_deref()
        .context("config key `web.base_url` is not set")?;
    let smtp = cfg.mail.smtp_config()?;
    let Some(newsletter) = compose(
        cfg,
        store,
        base_url,
        SCHEDULED_HOURS,
        SCHEDULED_STORIES,
        now,
    )?
    else {
        return Ok(format!(
            "newsletter: no stories were updated in the last {}; nothing sent",
            plural(i64::from(SCHEDULED_HOURS), "hour")
        ));
    };
    let message = storyline_mail::render(&newsletter, from, &cfg.mail.to)?;
    deliver(&smtp, &message, &newsletter, &cfg.mail.to)
}

/// Sends the message and says what was sent, to how many, through which server.
fn deliver(
    smtp: &storyline_mail::SmtpConfig,
    message: &storyline_mail::Message,
    newsletter: &Newsletter,
    recipients: &[String],
) -> Result<String> {
    let delivery = storyline_mail::send(smtp, message)
        .with_context(|| format!("sending the newsletter to {}", recipients.join(", ")))?;
    Ok(format!(
        "sent the newsletter ({}) to {} via {} ({})",
        plural(newsletter.items.len() as i64, "story"),
        plural(delivery.recipients.len() as i64, "recipient"),
        delivery.server,
        delivery.reply
    ))
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
    let Some(newsletter) = compose(
        &cfg,
        store.as_ref(),
        &base_url,
        args.since,
        args.limit,
        Utc::now(),
    )?
    else {
        eprintln!(
            "no stories were updated in the last {}; no newsletter sent",
            plural(i64::from(args.since), "hour")
        );
        return Ok(());
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
    eprintln!("{}", deliver(&smtp, &message, &newsletter, &recipients)?);
    Ok(())
}

fn plural(n: i64, noun: &str) -> String {
    match (n, noun) {
        (1, _) => format!("1 {noun}"),
        (_, "story") => format!("{n} stories"),
        _ => format!("{n} {noun}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn at(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("time")
    }

    #[test]
    fn next_send_is_later_today_or_tomorrow_in_the_zone_given() {
        let zone = FixedOffset::east_opt(3600).expect("zone");
        let t = |s: &str| DateTime::parse_from_rfc3339(s).expect("date");
        let cases = [
            (
                "2026-11-30T06:00:00+01:00",
                at(7, 0),
                "2026-11-30T07:00:00+01:00",
            ),
            (
                "2026-11-30T07:00:00+01:00",
                at(7, 0),
                "2026-12-01T07:00:00+01:00",
            ),
            (
                "2026-11-30T07:00:01+01:00",
                at(7, 0),
                "2026-12-01T07:00:00+01:00",
            ),
            (
                "2026-12-31T23:30:00+01:00",
                at(0, 15),
                "2027-01-01T00:15:00+01:00",
            ),
            // 06:30 UTC is 07:30 in the zone: the send time has passed there.
            (
                "2026-11-30T06:30:00+00:00",
                at(7, 0),
                "2026-12-01T07:00:00+01:00",
            ),
        ];
        for (now, when, want) in cases {
            let now = t(now).with_timezone(&zone);
            assert_eq!(next_send(&now, when), t(want), "{now} at {when}");
        }
    }
}
