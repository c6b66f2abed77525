//! Tests at the analysis boundary: diagnostics, completion, hover, outline, semantic tokens,
//! fixes and the frontmatter parse, as fixtures on the library (no LSP client), in the style of
//! rust-analyzer's `ide-diagnostics` tests. The fixture format is documented in
//! `tests/common/fixture.rs`; snapshots use `expect-test` (`UPDATE_EXPECT=1 cargo test --test
//! analysis` rewrites them; read the diff before committing it).

#[path = "../common/fixture.rs"]
mod fixture;

mod diagnostics;
mod fixing;
mod rules;
mod snapshots;

use agent_ls::analysis::project::Project;
use expect_test::expect;
use fixture::*;
