//! Target 3: Claude Code's JSON configuration on arbitrary bytes, read as every JSON kind (the
//! calls of `tests/common/json_kinds.rs`, which the property campaign runs too). Panics and
//! hangs are the failure.
#![no_main]

#[path = "../../tests/common/json_kinds.rs"]
mod json_kinds;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    json_kinds::analyze(&String::from_utf8_lossy(data));
});
