-- marsad store, schema 4 (SQLite): each article's near-duplicate sketch, so that a later run links copies of
-- articles stored by earlier ones (dedup.near restores them into its index). `exact_key` is the sha1 of the
-- normalized words ('' when there are none); `signature` the MinHash values as little-endian uint64 (NULL
-- when there are no words); `scheme` names what made them (dedup.minhash.scheme): a sketch of another scheme
-- is stale and recomputed from the article. Written in the same transaction as its article. `seq` is the
-- order the articles entered the index (a rewritten sketch keeps its number), restored in that order;
-- `published` is the article's (UTC ISO text). Articles stored before this version have no sketch until the
-- next run computes it.
CREATE TABLE article_sketches (
    seq INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL UNIQUE REFERENCES articles (id) ON DELETE CASCADE,
    published TEXT NOT NULL,
    scheme TEXT NOT NULL,
    exact_key TEXT NOT NULL,
    signature BLOB
);
