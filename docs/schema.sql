CREATE TABLE _migrations (owner TEXT NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (owner, name));

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);

CREATE TABLE coders (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created TEXT NOT NULL);

CREATE TABLE sources (
        id INTEGER PRIMARY KEY, guid TEXT NOT NULL UNIQUE, name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL DEFAULT 'text', text TEXT NOT NULL, text_sha256 TEXT NOT NULL,
        origin TEXT, meta TEXT NOT NULL DEFAULT '{}', created TEXT NOT NULL,
        coder_id INTEGER REFERENCES coders(id));

CREATE INDEX sources_text_sha256 ON sources(text_sha256);

CREATE TABLE cases (
        id INTEGER PRIMARY KEY, guid TEXT NOT NULL UNIQUE, name TEXT NOT NULL UNIQUE,
        description TEXT, created TEXT NOT NULL, coder_id INTEGER REFERENCES coders(id));

CREATE TABLE case_sources (
        case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        PRIMARY KEY (case_id, source_id));

CREATE INDEX case_sources_source ON case_sources(source_id);

CREATE TABLE attributes (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL,
        scope TEXT NOT NULL DEFAULT 'case' CHECK (scope IN ('case', 'source')),
        type TEXT NOT NULL DEFAULT 'text' CHECK (type IN ('text', 'number', 'date', 'boolean', 'category')),
        allowed TEXT, position INTEGER NOT NULL DEFAULT 0, UNIQUE (scope, name));

CREATE TABLE case_values (
        attribute_id INTEGER NOT NULL REFERENCES attributes(id) ON DELETE CASCADE,
        case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        value, PRIMARY KEY (attribute_id, case_id));

CREATE TABLE source_values (
        attribute_id INTEGER NOT NULL REFERENCES attributes(id) ON DELETE CASCADE,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        value, PRIMARY KEY (attribute_id, source_id));

CREATE TABLE codes (
        id INTEGER PRIMARY KEY, guid TEXT NOT NULL UNIQUE,
        parent_id INTEGER REFERENCES codes(id) ON DELETE CASCADE, name TEXT NOT NULL,
        colour TEXT, description TEXT, position INTEGER NOT NULL DEFAULT 0,
        created TEXT NOT NULL, coder_id INTEGER REFERENCES coders(id));

CREATE UNIQUE INDEX codes_path ON codes(coalesce(parent_id, 0), name);

CREATE TABLE codings (
        id INTEGER PRIMARY KEY, guid TEXT NOT NULL UNIQUE,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        code_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        coder_id INTEGER REFERENCES coders(id), created TEXT NOT NULL, memo TEXT, counter TEXT,
        CHECK (0 <= start AND start < "end"));

CREATE INDEX codings_source ON codings(source_id, start);

CREATE TABLE memos (
        id INTEGER PRIMARY KEY, guid TEXT NOT NULL UNIQUE,
        target TEXT NOT NULL DEFAULT 'project' CHECK (target IN ('project', 'source', 'code', 'case', 'coding')),
        target_id INTEGER, start INTEGER, "end" INTEGER, title TEXT, body TEXT NOT NULL,
        coder_id INTEGER REFERENCES coders(id), created TEXT NOT NULL, modified TEXT NOT NULL);

CREATE INDEX memos_target ON memos(target, target_id);

CREATE TABLE changes (
        id INTEGER PRIMARY KEY, at TEXT NOT NULL, coder_id INTEGER REFERENCES coders(id),
        operation TEXT NOT NULL, table_name TEXT, row_id INTEGER, before TEXT, after TEXT, batch INTEGER);

CREATE TABLE segments (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        kind TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, label TEXT,
        t_start REAL, t_end REAL, CHECK (0 <= start AND start <= "end"));

CREATE INDEX segments_source ON segments(source_id, start);

CREATE VIRTUAL TABLE sources_fts USING fts5(text, content='sources', content_rowid='id');

CREATE TABLE suggestions (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        code_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        strategy TEXT NOT NULL, params TEXT NOT NULL DEFAULT '{}', score REAL, explanation TEXT,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
        coder_id INTEGER REFERENCES coders(id), created TEXT NOT NULL,
        decided_by INTEGER REFERENCES coders(id), decided TEXT,
        coding_id INTEGER REFERENCES codings(id) ON DELETE SET NULL,
        CHECK (0 <= start AND start < "end"), UNIQUE (source_id, code_id, start, "end"));

CREATE INDEX suggestions_status ON suggestions(status, code_id);

CREATE INDEX changes_batch ON changes(batch);

CREATE INDEX changes_coder ON changes(coder_id, batch);

CREATE INDEX codings_code_counter ON codings(code_id, source_id, start, "end", coder_id, counter);

CREATE INDEX codings_memo ON codings(id) WHERE memo IS NOT NULL AND memo != '';

CREATE INDEX suggestions_best ON suggestions(status, score DESC, source_id, start);

CREATE TABLE source_tallies (source_id INTEGER PRIMARY KEY, codings INTEGER NOT NULL);

CREATE TABLE code_tallies (code_id INTEGER PRIMARY KEY, supporting INTEGER NOT NULL,
        counter INTEGER NOT NULL, sources INTEGER NOT NULL);

CREATE TRIGGER codings_tally_insert AFTER INSERT ON codings BEGIN
        INSERT INTO source_tallies VALUES (new.source_id, 1)
            ON CONFLICT DO UPDATE SET codings = codings + 1;
        INSERT INTO code_tallies VALUES (new.code_id, new.counter IS NULL, new.counter IS NOT NULL,
            new.counter IS NULL AND NOT EXISTS (SELECT 1 FROM codings WHERE code_id = new.code_id
                AND source_id = new.source_id AND counter IS NULL AND id != new.id))
            ON CONFLICT DO UPDATE SET supporting = supporting + excluded.supporting,
                counter = counter + excluded.counter, sources = sources + excluded.sources;
    END;

CREATE TRIGGER codings_tally_delete AFTER DELETE ON codings BEGIN
        UPDATE source_tallies SET codings = codings - 1 WHERE source_id = old.source_id;
        UPDATE code_tallies SET supporting = supporting - (old.counter IS NULL),
            counter = counter - (old.counter IS NOT NULL),
            sources = sources - (old.counter IS NULL AND NOT EXISTS (SELECT 1 FROM codings
                WHERE code_id = old.code_id AND source_id = old.source_id AND counter IS NULL
                AND id != old.id))
            WHERE code_id = old.code_id;
    END;

CREATE TRIGGER codings_tally_update AFTER UPDATE OF source_id, code_id, counter ON codings
    BEGIN
        UPDATE source_tallies SET codings = codings - 1 WHERE source_id = old.source_id;
        UPDATE code_tallies SET supporting = supporting - (old.counter IS NULL),
            counter = counter - (old.counter IS NOT NULL),
            sources = sources - (old.counter IS NULL AND NOT EXISTS (SELECT 1 FROM codings
                WHERE code_id = old.code_id AND source_id = old.source_id AND counter IS NULL
                AND id != old.id))
            WHERE code_id = old.code_id;
        INSERT INTO source_tallies VALUES (new.source_id, 1)
            ON CONFLICT DO UPDATE SET codings = codings + 1;
        INSERT INTO code_tallies VALUES (new.code_id, new.counter IS NULL, new.counter IS NOT NULL,
            new.counter IS NULL AND NOT EXISTS (SELECT 1 FROM codings WHERE code_id = new.code_id
                AND source_id = new.source_id AND counter IS NULL AND id != new.id))
            ON CONFLICT DO UPDATE SET supporting = supporting + excluded.supporting,
                counter = counter + excluded.counter, sources = sources + excluded.sources;
    END;

CREATE TABLE source_lengths (source_id INTEGER PRIMARY KEY, chars INTEGER NOT NULL);

CREATE TRIGGER sources_length_insert AFTER INSERT ON sources BEGIN
        INSERT INTO source_lengths VALUES (new.id, length(new.text));
    END;

CREATE TRIGGER sources_length_update AFTER UPDATE OF id, text ON sources BEGIN
        DELETE FROM source_lengths WHERE source_id = old.id;
        INSERT INTO source_lengths VALUES (new.id, length(new.text));
    END;

CREATE TRIGGER sources_length_delete AFTER DELETE ON sources BEGIN
        DELETE FROM source_lengths WHERE source_id = old.id;
    END;

