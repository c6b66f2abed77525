//! What Claude Code does with the head of a file, step by step, as observed in 2.1.330: does it
//! read a frontmatter at all, does its YAML load, and what value does it get.
//!
//! The lenient scanner of [`super::frontmatter`] gives every key and value its exact span; this
//! module gives the verdict. Diagnostics take locations from the scanner and verdicts from here.
//!
//! - `verdict.rs`: the port of Claude Code's loader (delimiters, YAML parse, fallback rewrite,
//!   [`Node`]); [`load`] runs it on a whole block.
//! - `crlf.rs`: 2.1.337's retry of a CRLF block with LF line endings when the rewrite failed.
//! - `chunks.rs`: [`load_cached`], the same result key by key with a [`Cache`] of each key's
//!   reading.
//! - `fast.rs`: shortcut parsers for the commonest one-line chunks, each tested against the
//!   parser.
//! - `nesting.rs`: the guard that keeps too deep a block from the parser.

mod chunks;
mod crlf;
mod fast;
mod nesting;
mod verdict;

pub(crate) use chunks::Chunk;
pub(crate) use chunks::anchors_or_aliases;
pub use chunks::{Cache, load_cached};
pub use verdict::{Block, Load, Node, Outcome, YamlError, delimit, load, rewrite};

/// A table that says, for every byte, whether it is one of `bytes`.
const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut k = 0;
    while k < bytes.len() {
        t[bytes[k] as usize] = true;
        k += 1;
    }
    t
}
