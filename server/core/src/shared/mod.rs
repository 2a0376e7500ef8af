//! Helpers that several checks share, below the checks: a check never
//! imports another check, and these modules never import a check.
//! - [`false_friends`]: the literal translations of
//!   `server/data/false_friends.toml` found in an article;
//! - [`spelling`]: whether two words are one typist's slip apart;
//! - [`speakers`]: the person a name mention stands for (who is quoted,
//!   who holds a title);
//! - [`typography`]: the parts of an article that typography checks leave
//!   alone (code fences, table rows, addresses and paths);
//! - [`translation`]: whether an article reads like a machine translation.

pub mod false_friends;
pub mod speakers;
pub mod spelling;
pub mod translation;
pub mod typography;
