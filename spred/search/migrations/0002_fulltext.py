"""The databases' full-text structures over SearchDocument.terms, kept in step by triggers.

SQLite: an FTS5 table with the document table as external content. The terms are already
analysed (case-folded, stemmed, split) by spred.search.analysis, so the tokenizer must only
split on spaces and must not fold diacritics: unicode61 with remove_diacritics 0. detail=none
because only "which documents contain the term" is asked; ranking happens in Python.

PostgreSQL: a table of tsvectors built with array_to_tsvector, so the terms become lexemes
exactly as they are (no parser, no dictionary), with a GIN index. It is a table of its own
rather than a column so that a broad match reads small rows, not the document text.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        terms,
        content='search_searchdocument',
        content_rowid='id',
        detail=none,
        tokenize='unicode61 remove_diacritics 0'
    )
    """,
    """
    CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, terms) VALUES (new.id, new.terms);
    END
    """,
    """
    CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, terms) VALUES ('delete', old.id, old.terms);
    END
    """,
    """
    CREATE TRIGGER search_fts_update AFTER UPDATE OF terms ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, terms) VALUES ('delete', old.id, old.terms);
        INSERT INTO search_fts(rowid, terms) VALUES (new.id, new.terms);
    END
    """,
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRES_FORWARD = [
    # The tsvectors live out of line (TOAST), so the table itself is a few pages of ids: a
    # broad term matching half the catalogue then reads those pages, not the vectors — a
    # lexeme match in the GIN index is exact and needs no recheck.
    """
    CREATE TABLE search_tsv (
        doc_id bigint PRIMARY KEY,
        tsv tsvector NOT NULL
    ) WITH (toast_tuple_target = 128)
    """,
    "ALTER TABLE search_tsv ALTER COLUMN tsv SET STORAGE EXTERNAL",
    "CREATE INDEX search_tsv_gin ON search_tsv USING gin (tsv)",
    """
    CREATE FUNCTION search_tsv_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM search_tsv WHERE doc_id = OLD.id;
            RETURN OLD;
        END IF;
        INSERT INTO search_tsv (doc_id, tsv)
        VALUES (NEW.id, array_to_tsvector(string_to_array(NEW.terms, ' ')))
        ON CONFLICT (doc_id) DO UPDATE SET tsv = EXCLUDED.tsv;
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER search_tsv_sync
    AFTER INSERT OR DELETE OR UPDATE OF terms ON search_searchdocument
    FOR EACH ROW EXECUTE FUNCTION search_tsv_sync()
    """,
    # Django's flush truncates the document table; the tsvectors must go with it.
    """
    CREATE FUNCTION search_tsv_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE search_tsv;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER search_tsv_truncate
    AFTER TRUNCATE ON search_searchdocument
    FOR EACH STATEMENT EXECUTE FUNCTION search_tsv_truncate()
    """,
    """
    INSERT INTO search_tsv (doc_id, tsv)
    SELECT id, array_to_tsvector(string_to_array(terms, ' ')) FROM search_searchdocument
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_tsv_truncate ON search_searchdocument",
    "DROP FUNCTION IF EXISTS search_tsv_truncate()",
    "DROP TRIGGER IF EXISTS search_tsv_sync ON search_searchdocument",
    "DROP FUNCTION IF EXISTS search_tsv_sync()",
    "DROP TABLE IF EXISTS search_tsv",
]


class VendorRunSQL(migrations.RunSQL):
    """RunSQL that only runs on one database vendor and is a no-op elsewhere."""

    def __init__(self, vendor, sql, reverse_sql):
        super().__init__(sql, reverse_sql, elidable=False)
        self.vendor = vendor

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"Raw SQL for {self.vendor}"


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        VendorRunSQL("sqlite", SQLITE_FORWARD, SQLITE_BACKWARD),
        VendorRunSQL("postgresql", POSTGRES_FORWARD, POSTGRES_BACKWARD),
    ]
