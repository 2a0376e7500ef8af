//! Per-article values for bundle checks, kept between analyses while an
//! article's facts stay the same ([`Memo`]), and the index that files them
//! under keys ([`Grouping`], [`Memo::grouped`]). The engine owns the memo;
//! the checks read through it. Below the checks: this module knows no check.

use std::any::Any;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;
use std::sync::{Arc, Mutex, MutexGuard};

use indexmap::map::raw_entry_v1::{RawEntryApiV1, RawEntryMut};
use indexmap::IndexMap;
use rayon::prelude::*;

use crate::bundle::{Bundle, Document};
use crate::extract::DocFacts;
use crate::types::DocId;

mod filed;
use filed::Filed;

/// A cached value of any type.
pub type Value = Arc<dyn Any + Send + Sync>;

/// One cached per-document value, valid while the document keeps these facts.
struct MemoEntry {
    facts: Arc<DocFacts>,
    value: Value,
}

/// Per-document values that bundle checks derive from one article, kept
/// while the article's facts stay the same.
pub struct Memo {
    entries: Mutex<HashMap<(&'static str, DocId), MemoEntry>>,
    /// The persistent indexes of [`Memo::grouped`] and the states of
    /// [`Memo::keep_state`], by slot.
    groups: Mutex<HashMap<&'static str, Box<dyn Any + Send>>>,
    /// The values of [`Memo::derived`], by slot, with their inputs.
    derived: Mutex<HashMap<&'static str, (Vec<Value>, Value)>>,
    /// False for a one-off analysis (the command line): values are
    /// computed but not kept, so they cost no memory after their check.
    keep: bool,
}

impl Default for Memo {
    fn default() -> Memo {
        Memo::keeping(true)
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panicking check leaves the cache as it was: entries are only ever
    // inserted whole.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Memo {
    /// A memo that keeps its values (`true`) or only computes them.
    pub fn keeping(keep: bool) -> Memo {
        Memo {
            entries: Mutex::new(HashMap::new()),
            groups: Mutex::new(HashMap::new()),
            derived: Mutex::new(HashMap::new()),
            keep,
        }
    }

    /// `compute(doc)` for every document, in the order given: cached values
    /// where the document's facts are unchanged, the rest computed in
    /// parallel. `slot` names the value; one check may use several slots.
    /// The value must depend on nothing but the document and the
    /// configuration.
    pub fn per_document<T, F>(
        &self,
        slot: &'static str,
        docs: &[&Document],
        compute: F,
    ) -> Vec<Arc<T>>
    where
        T: Any + Send + Sync,
        F: Fn(&Document) -> T + Sync,
    {
        self.per_document_kept(slot, docs, compute, self.keep)
    }

    /// [`Memo::per_document`] for a small value that several checks read
    /// (the marks of translation): kept even by a one-off memo, so that one
    /// analysis computes it once, not once per check.
    pub fn shared_per_document<T, F>(
        &self,
        slot: &'static str,
        docs: &[&Document],
        compute: F,
    ) -> Vec<Arc<T>>
    where
        T: Any + Send + Sync,
        F: Fn(&Document) -> T + Sync,
    {
        self.per_document_kept(slot, docs, compute, true)
    }

    fn per_document_kept<T, F>(
        &self,
        slot: &'static str,
        docs: &[&Document],
        compute: F,
        keep: bool,
    ) -> Vec<Arc<T>>
    where
        T: Any + Send + Sync,
        F: Fn(&Document) -> T + Sync,
    {
        let mut found: Vec<Option<Arc<T>>> = {
            let entries = lock(&self.entries);
            docs.iter()
                .map(|d| {
                    entries
                        .get(&(slot, d.id))
                        .filter(|e| Arc::ptr_eq(&e.facts, &d.facts))
                        .and_then(|e| e.value.clone().downcast::<T>().ok())
                })
                .collect()
        };
        let missing: Vec<usize> = (0..docs.len()).filter(|&i| found[i].is_none()).collect();
        let computed: Vec<(usize, Arc<T>)> = missing
            .par_iter()
            .with_max_len(crate::bundle::DOC_PIECE)
            .filter_map(|&i| docs.get(i).map(|d| (i, Arc::new(compute(d)))))
            .collect();
        if keep {
            let mut entries = lock(&self.entries);
            for (i, v) in &computed {
                if let Some(d) = docs.get(*i) {
                    entries.insert(
                        (slot, d.id),
                        MemoEntry {
                            facts: d.facts.clone(),
                            value: v.clone(),
                        },
                    );
                }
            }
        }
        for (i, v) in computed {
            if let Some(slot) = found.get_mut(i) {
                *slot = Some(v);
            }
        }
        found.into_iter().flatten().collect()
    }

    /// The outputs of every group of `grouping` over `items` (one slice per
    /// article of `docs`), in key order. The index of keys and members is
    /// kept across analyses: only the articles whose facts or version
    /// changed are re-filed, and only the keys they were or are filed under
    /// (or that [`Grouping::also_depends`] names) are evaluated again. Any
    /// change of the articles' order, names or ranks rebuilds the index.
    pub fn grouped<G: Grouping>(
        &self,
        slot: &'static str,
        grouping: &G,
        docs: &[&Document],
        items: &[&[G::Item]],
    ) -> Vec<Arc<G::Output>> {
        type Index<G> =
            GroupIndex<<G as Grouping>::Version, <G as Grouping>::Key, <G as Grouping>::Output>;
        let stored = if self.keep {
            lock(&self.groups)
                .remove(slot)
                .and_then(|b| b.downcast::<Index<G>>().ok())
                .filter(|ix| ix.fits(docs))
        } else {
            None
        };
        let mut index: Index<G> = match stored {
            Some(ix) => *ix,
            None => GroupIndex::new(docs),
        };
        let fresh = index.stamps.iter().all(Option::is_none);
        let mut touched: Vec<u32> = Vec::new();
        let mut depends: Vec<Arc<DocFacts>> = Vec::new();
        // The articles to file again (their facts or version changed), taken
        // out of the index first: it comes out the same as when each is
        // taken out just before it is filed, as members are kept in bundle
        // order and keys are counted dead as they empty and fill, and no
        // key is made by taking out.
        let mut refile: Vec<usize> = Vec::new();
        let mut versions: Vec<G::Version> = Vec::new();
        for (p, (doc, _)) in docs.iter().zip(items).enumerate() {
            let version = grouping.version(doc);
            let stamp = index.stamps.get_mut(p).and_then(Option::take);
            let old = match stamp {
                Some(s) if Arc::ptr_eq(&s.facts, &doc.facts) && s.version == version => {
                    if let Some(slot) = index.stamps.get_mut(p) {
                        *slot = Some(s);
                    }
                    continue;
                }
                old => old,
            };
            if let Some(old) = old {
                index.unfile(p as u32, &old.keys);
                touched.extend(&old.keys);
                depends.push(old.facts);
            }
            refile.push(p);
            versions.push(version);
        }
        // The keys of the articles are made and hashed in parallel, a chunk
        // at a time, the next chunk while this one is filed: the filing,
        // in bundle order so that every key has the same id as when filed
        // one article after another, is the only part on one thread.
        let hasher = index.keys.hasher().clone();
        let chunks: Vec<&[usize]> = refile.chunks(FILE_CHUNK).collect();
        let mut versions = versions.into_iter();
        let mut ids: Vec<u32> = Vec::new();
        let mut spent: Vec<Keyed<'_, G::Key>> = Vec::new();
        let mut keyed = chunks
            .first()
            .map(|c| keys_of(grouping, &hasher, items, c))
            .unwrap_or_default();
        for (n, chunk) in chunks.iter().enumerate() {
            let mut filing = Filing {
                index: &mut index,
                ids: &mut ids,
                touched: &mut touched,
                depends: &mut depends,
                keep: self.keep,
                fresh,
            };
            let mut this = std::mem::take(&mut keyed);
            let chunk_versions: Vec<G::Version> = versions.by_ref().take(chunk.len()).collect();
            // The keys the last chunk did not keep are freed beside the
            // filing too.
            let filed = std::mem::take(&mut spent);
            let (next, ()) = rayon::join(
                || {
                    drop(filed);
                    chunks
                        .get(n + 1)
                        .map(|c| keys_of(grouping, &hasher, items, c))
                        .unwrap_or_default()
                },
                || {
                    for ((&p, keys), version) in chunk.iter().zip(&mut this).zip(chunk_versions) {
                        if let Some(doc) = docs.get(p) {
                            filing.file(p, doc, version, keys);
                        }
                    }
                },
            );
            keyed = next;
            spent = this;
        }
        drop(spent);
        let mut extra = Vec::new();
        for facts in &depends {
            grouping.also_depends(facts, &mut extra);
            touched.extend(
                extra
                    .drain(..)
                    .filter_map(|k| index.keys.get_index_of(&k))
                    .map(|id| id as u32),
            );
        }
        let evaluate: Vec<u32> = if fresh {
            (0..index.keys.len() as u32).collect()
        } else {
            touched.sort_unstable();
            touched.dedup();
            touched
        };
        let (keys, members) = (&index.keys, &index.members);
        let evaluated: Vec<(u32, Option<G::Output>)> = evaluate
            .par_iter()
            .filter_map(|&k| {
                let (key, filed) = (keys.get_index(k as usize)?.0, members.get(k as usize)?);
                let member = |&(p, i): &(u32, u32)| {
                    let (p, i) = (p as usize, i as usize);
                    Some(Member {
                        pos: p,
                        doc: docs.get(p)?,
                        index: i,
                        item: items.get(p)?.get(i)?,
                    })
                };
                // Most keys of a large bundle have one member: its group
                // is made in place, not in an allocation of its own.
                let (one, many) = match filed {
                    Filed::One(e) => (member(e), Vec::new()),
                    Filed::Many(v) => (None, v.iter().filter_map(member).collect::<Vec<_>>()),
                };
                let group = match &one {
                    Some(m) => std::slice::from_ref(m),
                    None => many.as_slice(),
                };
                let out = if group.is_empty() {
                    None
                } else {
                    grouping.eval(key, group)
                };
                (out.is_some() || !fresh).then_some((k, out))
            })
            .collect();
        for (k, o) in evaluated {
            let Some((key, ())) = index.keys.get_index(k as usize) else {
                continue;
            };
            match o {
                Some(o) => {
                    index.outputs.insert(key.clone(), Arc::new(o));
                }
                None => {
                    index.outputs.remove(key);
                }
            }
        }
        let out = index.outputs.values().cloned().collect();
        // An index mostly of dead keys is dropped: the next analysis
        // builds it again from the live ones.
        let worn = index.dead > 4096 && index.dead * 2 > index.keys.len();
        if self.keep && !worn {
            lock(&self.groups).insert(slot, Box::new(index));
        }
        out
    }

    /// `compute()`, or its value of last time if it was computed from the
    /// same `inputs` (the same values, by identity: the outputs of
    /// [`Memo::grouped`], say). The value must depend on nothing but the
    /// inputs, the configuration, and the articles' names and texts where
    /// the inputs place something.
    pub fn derived<T, F>(&self, slot: &'static str, inputs: Vec<Value>, compute: F) -> Arc<T>
    where
        T: Any + Send + Sync,
        F: FnOnce() -> T,
    {
        if !self.keep {
            return Arc::new(compute());
        }
        let same = |old: &[Value]| {
            old.len() == inputs.len() && old.iter().zip(&inputs).all(|(a, b)| Arc::ptr_eq(a, b))
        };
        let cached = lock(&self.derived)
            .get(slot)
            .filter(|(old, _)| same(old))
            .and_then(|(_, v)| v.clone().downcast::<T>().ok());
        if let Some(v) = cached {
            return v;
        }
        let value = Arc::new(compute());
        lock(&self.derived).insert(slot, (inputs, value.clone()));
        value
    }

    /// What a check kept under `slot` at the end of the last analysis
    /// ([`Memo::keep_state`]), taken out: `None` on the first analysis, for a
    /// one-off memo, or when it was kept as another type. Nothing checks
    /// that it still fits the bundle: the check must.
    pub fn take_state<T: Any + Send>(&self, slot: &'static str) -> Option<T> {
        if !self.keep {
            return None;
        }
        lock(&self.groups)
            .remove(slot)
            .and_then(|b| b.downcast::<T>().ok())
            .map(|b| *b)
    }

    /// Whether this memo keeps anything for a next analysis: a one-off
    /// check's does not, and a check need not make what it would keep.
    pub fn keeps(&self) -> bool {
        self.keep
    }

    /// Keeps `state` under `slot` for the next analysis ([`Memo::take_state`]);
    /// a one-off memo keeps nothing.
    pub fn keep_state<T: Any + Send>(&self, slot: &'static str, state: T) {
        if self.keep {
            lock(&self.groups).insert(slot, Box::new(state));
        }
    }

    /// Drops the values of documents that left the bundle or changed.
    pub(crate) fn retain(&self, bundle: &Bundle) {
        lock(&self.entries).retain(|(_, id), e| {
            bundle
                .get(*id)
                .is_some_and(|d| Arc::ptr_eq(&d.facts, &e.facts))
        });
    }

    pub(crate) fn clear(&self) {
        lock(&self.entries).clear();
        lock(&self.groups).clear();
        lock(&self.derived).clear();
    }

    /// How many values are cached (for tests).
    pub fn len(&self) -> usize {
        lock(&self.entries).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Articles a chunk of [`Memo::grouped`] makes the keys of at once.
const FILE_CHUNK: usize = 64;

/// The keys of one article's items: (item, hash, key), in item order. A
/// key that the filing makes new is taken out; the others are freed with
/// their chunk, off the filing thread.
type Keyed<'i, K> = Vec<(u32, u64, Option<Cow<'i, K>>)>;

/// The keys of the articles at `positions` ([`Keyed`]), made in parallel.
fn keys_of<'i, G: Grouping>(
    grouping: &G,
    hasher: &foldhash::fast::RandomState,
    items: &[&'i [G::Item]],
    positions: &[usize],
) -> Vec<Keyed<'i, G::Key>> {
    positions
        .par_iter()
        .map(|&p| {
            let its: &'i [G::Item] = items.get(p).copied().unwrap_or(&[]);
            // A key an item at least (most passes file each item once).
            let mut out = Vec::with_capacity(its.len());
            let mut buf = Vec::new();
            for (i, it) in its.iter().enumerate() {
                grouping.keys(it, &mut buf);
                // A pass that files an item under several keys (a word and
                // its one-letter deletions): room for the rest of the items
                // at this item's rate, not the list doubled again and again.
                if out.len() + buf.len() > out.capacity() {
                    out.reserve(buf.len() * (its.len() - i));
                }
                out.extend(
                    buf.drain(..)
                        .map(|k| (i as u32, hasher.hash_one(k.as_ref()), Some(k))),
                );
            }
            out
        })
        .collect()
}

/// The filing of articles into a [`GroupIndex`], one after another.
struct Filing<'a, V, K, O> {
    index: &'a mut GroupIndex<V, K, O>,
    /// Scratch: the key ids of the article being filed.
    ids: &'a mut Vec<u32>,
    touched: &'a mut Vec<u32>,
    depends: &'a mut Vec<Arc<DocFacts>>,
    keep: bool,
    fresh: bool,
}

impl<V, K: Eq + std::hash::Hash + Clone, O> Filing<'_, V, K, O> {
    /// Files the article at `p` under its `keys` ([`keys_of`]).
    fn file(&mut self, p: usize, doc: &Document, version: V, keys: &mut Keyed<'_, K>) {
        let index = &mut *self.index;
        let at = p as u32;
        let ids = &mut *self.ids;
        ids.clear();
        let (mut item, mut first) = (None, 0);
        for (i, hash, k) in keys.iter_mut() {
            let (i, hash) = (*i, *hash);
            let Some(key) = k.as_ref() else { continue };
            if item != Some(i) {
                item = Some(i);
                first = ids.len();
            }
            let (id, created) = match index
                .keys
                .raw_entry_mut_v1()
                .from_key_hashed_nocheck(hash, key.as_ref())
            {
                RawEntryMut::Occupied(e) => (e.index(), false),
                RawEntryMut::Vacant(e) => {
                    let Some(new) = k.take() else { continue };
                    let id = e.index();
                    e.insert_hashed_nocheck(hash, new.into_owned(), ());
                    index.members.push(Filed::default());
                    (id, true)
                }
            };
            let id = id as u32;
            // An item is filed once under each of its keys.
            if ids[first..].contains(&id) {
                continue;
            }
            ids.push(id);
            if let Some(m) = index.members.get_mut(id as usize) {
                if m.is_empty() && !created {
                    // A dead key filed again.
                    index.dead = index.dead.saturating_sub(1);
                }
                m.file((at, i));
            }
        }
        if self.keep {
            let mut keys = ids.clone();
            keys.sort_unstable();
            keys.dedup();
            if !self.fresh {
                self.touched.extend(&keys);
                self.depends.push(doc.facts.clone());
            }
            if let Some(slot) = index.stamps.get_mut(p) {
                *slot = Some(Stamp {
                    facts: doc.facts.clone(),
                    version,
                    keys,
                });
            }
        }
    }
}

/// One item of a group in [`Memo::grouped`].
pub struct Member<'a, I> {
    /// The article's position in bundle order.
    pub pos: usize,
    pub doc: &'a Document,
    /// The item's position among its article's items.
    pub index: usize,
    pub item: &'a I,
}

/// How a bundle check files its per-article items under keys and what it
/// makes of the items filed under one key (see [`Memo::grouped`]).
pub trait Grouping: Sync {
    type Item: Sync;
    type Key: Clone + Eq + std::hash::Hash + Ord + Send + Sync + 'static;
    /// Besides its facts, what an article's items depend on (`()` when
    /// nothing else): the article is re-filed when it changes.
    type Version: PartialEq + Send + Sync + 'static;
    type Output: Send + Sync + 'static;

    fn version(&self, doc: &Document) -> Self::Version;
    /// Appends the keys an item is filed under, borrowed from the item
    /// where it holds them.
    fn keys<'i>(&self, item: &'i Self::Item, out: &mut Vec<Cow<'i, Self::Key>>);
    /// Appends the keys whose output depends on these facts of an article
    /// other than through its items (a word it writes in lower case, say).
    fn also_depends(&self, _facts: &DocFacts, _out: &mut Vec<Self::Key>) {}
    /// The output of one key's group, from its members in bundle order
    /// (article, then item); `None` when the group says nothing. It must
    /// depend on nothing but the members, their articles' names and ranks,
    /// the configuration and what [`Grouping::also_depends`] names.
    fn eval(&self, key: &Self::Key, members: &[Member<'_, Self::Item>]) -> Option<Self::Output>;
}

/// What the index of a grouping remembers of one article.
struct Stamp<V> {
    facts: Arc<DocFacts>,
    version: V,
    /// The ids of the keys its items are filed under.
    keys: Vec<u32>,
}

/// The persistent index of one grouping: key → (article, item) members,
/// and the output of every key whose group says something.
struct GroupIndex<V, K, O> {
    /// (id, name, rank) of each article in bundle order: positions stored
    /// in the index are valid while this stays the same.
    layout: Vec<(DocId, String, usize)>,
    /// By position.
    stamps: Vec<Option<Stamp<V>>>,
    /// Every key filed so far; its index is its id. Hashed with foldhash:
    /// every item of a pass is looked up here (the order is that of
    /// insertion, whatever the hasher).
    keys: IndexMap<K, (), foldhash::fast::RandomState>,
    /// By key id: (position, item) in bundle order.
    members: Vec<Filed>,
    /// Keys that nothing is filed under any more (words typed and
    /// deleted): when they are most of the index, it is rebuilt.
    dead: usize,
    outputs: BTreeMap<K, Arc<O>>,
}

impl<V, K: Eq + std::hash::Hash + Ord, O> GroupIndex<V, K, O> {
    fn new(docs: &[&Document]) -> Self {
        GroupIndex {
            layout: docs
                .iter()
                .map(|d| (d.id, d.name.clone(), d.rank))
                .collect(),
            stamps: docs.iter().map(|_| None).collect(),
            keys: IndexMap::default(),
            members: Vec::new(),
            dead: 0,
            outputs: BTreeMap::new(),
        }
    }

    fn fits(&self, docs: &[&Document]) -> bool {
        self.layout.len() == docs.len()
            && self
                .layout
                .iter()
                .zip(docs)
                .all(|((id, name, rank), d)| *id == d.id && *name == d.name && *rank == d.rank)
    }

    /// Takes the article at `pos` out of the groups of `keys`.
    fn unfile(&mut self, pos: u32, keys: &[u32]) {
        for &k in keys {
            if let Some(m) = self.members.get_mut(k as usize) {
                m.unfile(pos);
                if m.is_empty() {
                    self.dead += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Files each word under itself; a group says how many places it has
    /// when it has two or more.
    struct Words;

    impl Grouping for Words {
        type Item = String;
        type Key = String;
        type Version = ();
        type Output = usize;

        fn version(&self, _: &Document) {}

        fn keys<'i>(&self, item: &'i String, out: &mut Vec<Cow<'i, String>>) {
            out.push(Cow::Borrowed(item));
        }

        fn eval(&self, _: &String, members: &[Member<'_, String>]) -> Option<usize> {
            (members.len() > 1).then_some(members.len())
        }
    }

    #[test]
    fn an_index_of_words_typed_and_deleted_is_rebuilt_not_kept_growing() {
        let memo = Memo::default();
        let mut b = Bundle::new();
        b.upsert("b", "b.txt", 0, "fixed");
        let fixed = ["shared".to_string(), "other".to_string()];
        for i in 0..10_000 {
            // Each edit of a.txt files a word never seen before.
            b.upsert("a", "a.txt", 0, &format!("edit {i}"));
            let mine = [format!("typed{i}"), "shared".to_string()];
            let docs = b.documents();
            let items: Vec<&[String]> = docs
                .iter()
                .map(|d| if d.key == "a" { &mine[..] } else { &fixed[..] })
                .collect();
            let out = memo.grouped("words", &Words, &docs, &items);
            let counts: Vec<usize> = out.iter().map(|c| **c).collect();
            assert_eq!(counts, vec![2], "after edit {i}");
        }
        let groups = lock(&memo.groups);
        let index = groups
            .get("words")
            .and_then(|b| b.downcast_ref::<GroupIndex<(), String, usize>>())
            .expect("the index is kept");
        assert!(
            index.keys.len() <= 2 * 4096 + 4,
            "{} keys",
            index.keys.len()
        );
        assert!(index.dead <= 4096, "{} dead", index.dead);
    }

    #[test]
    fn an_index_filed_again_after_edits_is_the_index_built_anew() {
        let memo = Memo::default();
        let mut b = Bundle::new();
        for (k, t) in [("a", "one"), ("b", "two"), ("c", "three")] {
            b.upsert(k, &format!("{k}.txt"), 0, t);
        }
        let words = |w: &[&str]| w.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        let mut mine = [
            words(&["zorb", "vane", "zorb"]),
            words(&["vane", "quill"]),
            words(&["quill", "mote"]),
        ];
        let run = |memo: &Memo, b: &Bundle, mine: &[Vec<String>; 3]| {
            let docs = b.documents();
            let items: Vec<&[String]> = mine.iter().map(|v| v.as_slice()).collect();
            let out = memo.grouped("words", &Words, &docs, &items);
            out.iter().map(|c| **c).collect::<Vec<usize>>()
        };
        run(&memo, &b, &mine);
        // "a" leaves "vane" and "c" takes "zorb" and "vane": taken out
        // before either is filed again, "zorb" and "mote" empty and fill
        // again in one analysis.
        b.upsert("a", "a.txt", 0, "one again");
        b.upsert("c", "c.txt", 0, "three again");
        mine[0] = words(&["zorb"]);
        mine[2] = words(&["vane", "zorb", "mote"]);
        let kept = run(&memo, &b, &mine);
        let fresh = Memo::default();
        assert_eq!(kept, run(&fresh, &b, &mine));
        assert_eq!(kept, vec![2, 2]);
        let index = |m: &Memo| {
            let groups = lock(&m.groups);
            let ix = groups
                .get("words")
                .and_then(|b| b.downcast_ref::<GroupIndex<(), String, usize>>())
                .expect("the index is kept");
            let live: Vec<(String, Vec<(u32, u32)>)> = ix
                .keys
                .keys()
                .zip(&ix.members)
                .filter(|(_, f)| !f.is_empty())
                .map(|(k, f)| (k.clone(), f.as_slice().to_vec()))
                .collect();
            let dead = ix.members.iter().filter(|f| f.is_empty()).count();
            (live, ix.dead, dead)
        };
        // The same keys, in the same order, with the same members; none
        // dead, and none counted dead.
        assert_eq!(index(&memo), index(&fresh));
        assert_eq!(index(&memo).1, 0);
    }

    #[test]
    fn a_shared_value_is_computed_once_even_by_a_one_off_memo() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let mut b = Bundle::new();
        b.upsert("a", "a.txt", 0, "one");
        b.upsert("b", "b.txt", 0, "two");
        let docs = b.documents();
        let memo = Memo::keeping(false);
        let calls = AtomicUsize::new(0);
        let len = |d: &Document| {
            calls.fetch_add(1, Ordering::Relaxed);
            d.text.len()
        };
        for _ in 0..2 {
            let v = memo.shared_per_document("shared/len", &docs, len);
            assert_eq!(v.iter().map(|n| **n).collect::<Vec<_>>(), [3, 3]);
        }
        assert_eq!(calls.load(Ordering::Relaxed), 2);
        // Values that are not shared are not kept.
        memo.per_document("own/len", &docs, len);
        memo.per_document("own/len", &docs, len);
        assert_eq!(calls.load(Ordering::Relaxed), 6);
    }

    #[test]
    fn a_state_is_kept_for_the_next_analysis_only_by_a_keeping_memo() {
        let memo = Memo::default();
        assert!(memo.keeps());
        assert_eq!(memo.take_state::<u32>("s"), None);
        memo.keep_state("s", 7u32);
        // Another type is no state of this slot.
        assert_eq!(memo.take_state::<String>("s"), None);
        memo.keep_state("s", 7u32);
        assert_eq!(memo.take_state::<u32>("s"), Some(7));
        assert_eq!(memo.take_state::<u32>("s"), None);
        let once = Memo::keeping(false);
        assert!(!once.keeps());
        once.keep_state("s", 7u32);
        assert_eq!(once.take_state::<u32>("s"), None);
    }
}
