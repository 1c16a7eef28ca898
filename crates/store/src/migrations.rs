//! Ordered, append-only schema migrations. Never edit a released migration: add a new one.

/// Migration `i` (0-based) brings the schema from `user_version == i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    r#"
    CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        site_url TEXT,
        title TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL DEFAULT 'unknown',
        etag TEXT,
        last_modified TEXT,
        last_fetch_at TEXT,
        last_success_at TEXT,
        last_error TEXT,
        error_count INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    );
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,
        source_name TEXT NOT NULL,
        url TEXT NOT NULL,
        canonical_url TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        byline TEXT,
        published TEXT,
        fetched_at TEXT NOT NULL,
        language TEXT,
        site_name TEXT,
        image TEXT,
        text TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        duplicate_of INTEGER,
        story_id INTEGER
    );
    CREATE INDEX articles_source_hash ON articles(source_id, content_hash);
    CREATE INDEX articles_story ON articles(story_id);
    CREATE TABLE article_urls (
        url TEXT PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
    );
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        article_count INTEGER NOT NULL DEFAULT 0,
        source_count INTEGER NOT NULL DEFAULT 0,
        category TEXT,
        headline TEXT,
        merged_into INTEGER
    );
    CREATE INDEX stories_updated ON stories(updated_at);
    CREATE TABLE digests (
        story_id INTEGER PRIMARY KEY,
        input_hash TEXT NOT NULL,
        engine TEXT NOT NULL,
        json TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE citations (
        story_id INTEGER NOT NULL,
        field TEXT NOT NULL,
        item INTEGER NOT NULL,
        article_id INTEGER NOT NULL,
        sentence INTEGER NOT NULL
    );
    CREATE INDEX citations_story ON citations(story_id);
    CREATE TABLE llm_calls (
        id INTEGER PRIMARY KEY,
        story_id INTEGER,
        model TEXT NOT NULL,
        tokens_in INTEGER NOT NULL,
        tokens_out INTEGER NOT NULL,
        latency_ms INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id');
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    END;
    CREATE VIRTUAL TABLE stories_fts USING fts5(headline, summary);
    "#,
    // 2: links and ids a source's feed shares among entries (a live blog's page), remembered
    // across polls.
    r#"
    CREATE TABLE source_shared_keys (
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (source_id, kind, key)
    );
    "#,
    // 3: what went wrong inside the last fetch that read a source's feed.
    r#"
    ALTER TABLE sources ADD COLUMN entries_unreadable INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE sources ADD COLUMN pages_failed INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE sources ADD COLUMN page_error TEXT;
    "#,
    // 4: Chinese and Japanese letters are indexed one by one (`storyline_cjk_spaced`, a function
    // every connection registers), so a search for 地震 finds 四川雅安发生地震: `unicode61` read
    // the whole run as one word. The article index reads a view of the spaced text, so snippets
    // mark the same words the index found. Both indexes are rebuilt.
    r#"
    DROP TRIGGER articles_ai;
    DROP TRIGGER articles_ad;
    DROP TABLE articles_fts;
    CREATE VIEW articles_search AS
        SELECT id, storyline_cjk_spaced(title) AS title, storyline_cjk_spaced(text) AS text
        FROM articles;
    CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles_search', content_rowid='id');
    INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text)
        VALUES (new.id, storyline_cjk_spaced(new.title), storyline_cjk_spaced(new.text));
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.id, storyline_cjk_spaced(old.title), storyline_cjk_spaced(old.text));
    END;
    UPDATE stories_fts
        SET headline = storyline_cjk_spaced(headline), summary = storyline_cjk_spaced(summary)
        WHERE storyline_cjk_spaced(headline) != headline OR storyline_cjk_spaced(summary) != summary;
    "#,
    // 5: what the desk remembers about its own state between runs (the clustering settings the
    // stored placements were made with).
    r#"
    CREATE TABLE desk_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    "#,
];
