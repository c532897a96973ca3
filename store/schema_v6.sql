-- unpv store, schema version 6: the run log counts, per stage, the inputs
-- that failed and are left for the next run (the fetch stage's downloads:
-- network errors, the site down, challenge pages, missing records), which
-- were only in the run's error text and warnings: a fetch whose every
-- download failed read "0/0/0" like one with nothing to do. Runs logged
-- before count none. Documented in docs/store.md.
ALTER TABLE run_stages ADD COLUMN failed INTEGER NOT NULL DEFAULT 0;
