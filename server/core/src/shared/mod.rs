//! Helpers that several checks share, below the checks: a check never
//! imports another check, and these modules never import a check.
//! - [`spelling`]: whether two words are one typist's slip apart;
//! - [`speakers`]: the person a name mention stands for (who is quoted,
//!   who holds a title);
//! - [`typography`]: the parts of an article that typography checks leave
//!   alone (code fences, table rows, addresses and paths).

pub mod speakers;
pub mod spelling;
pub mod typography;
