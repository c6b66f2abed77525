//! agent-ls: a language server and linter for Claude Code agent files.
//!
//! Layers, from the bottom up (see ARCHITECTURE.md):
//! - [`text`]: spans, lines and columns (the one place positions are computed).
//! - [`catalog`]: the format knowledge, as data.
//! - [`syntax`]: the parse (frontmatter spans, strict verdict, examples, body).
//! - [`analysis`]: diagnostics, completion, hover: pure functions of a parse.
//! - [`document`]: an open document (rope, version, encoding, incremental edits).
//! - [`server`] and [`check`]: the two front ends, LSP and command line.

pub mod analysis;
pub mod catalog;
pub mod check;
pub mod document;
pub mod framing;
pub mod server;
pub mod syntax;
pub mod text;
pub mod workspace;
