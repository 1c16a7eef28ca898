//! The SQLite store against a real database file: the shared store contract (contract/mod.rs),
//! then what is particular to SQLite.

mod contract;

use storyline_store::{SqliteStore, Store};

#[test]
fn reopening_keeps_data_and_schema() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("s.db");
    {
        let store = SqliteStore::open(&path).expect("open");
        store
            .add_source("http://a.test/feed", "A", None)
            .expect("add");
    }
    let store = SqliteStore::open(&path).expect("reopen");
    assert_eq!(store.sources().expect("sources").len(), 1);
}

/// A store on a fresh database file, deleted with it.
struct TempStore {
    store: SqliteStore,
    _dir: tempfile::TempDir,
}

impl std::ops::Deref for TempStore {
    type Target = dyn Store;
    fn deref(&self) -> &(dyn Store + 'static) {
        &self.store
    }
}

fn fresh() -> Option<TempStore> {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SqliteStore::open(&dir.path().join("contract.db")).expect("open");
    Some(TempStore { store, _dir: dir })
}

contract_tests!(fresh());
