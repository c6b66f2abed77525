//! Agent files of three sizes, built from a real seed file (shared by both benchmarks).
#![allow(dead_code)]

pub const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpus/seeds/seed-1-backend-architect.md"
);

pub fn seed() -> String {
    std::fs::read_to_string(SEED).expect("../shared/corpus beside the checkout")
}

/// The seed's head (frontmatter), and its body.
pub fn split(seed: &str) -> (&str, &str) {
    let close = seed[4..]
        .find("\n---\n")
        .map(|p| p + 4 + 5)
        .expect("closed frontmatter");
    seed.split_at(close)
}

/// (name, text): about 2 KB, the 10 KB seed, and the seed with a 1 MB body.
pub fn sizes() -> Vec<(&'static str, String)> {
    let seed = seed();
    let (head, body) = split(&seed);
    // small: a shorter description and a short body
    let desc_end = head.find("\\n\\nExamples").unwrap_or(head.len() / 2);
    let small_head = format!(
        "{}\nmodel: sonnet\ncolor: purple\n---\n",
        &head[..desc_end.min(1200)]
    );
    let small = format!(
        "{small_head}{}",
        &body[..body.len().min(2048 - small_head.len().min(2000))]
    );
    let mut huge = head.to_string();
    while huge.len() < 1 << 20 {
        huge.push_str(body);
    }
    vec![("2KB", small), ("10KB", seed.clone()), ("1MB", huge)]
}

/// A position in the frontmatter (inside the description) and one in the middle of the body,
/// as (line, character) with ASCII text around them.
pub fn edit_points(text: &str) -> ((u32, u32), (u32, u32)) {
    let fm_line = 2; // `description: ...`
    let lines: Vec<&str> = text.lines().collect();
    let mut body_line = lines.len() / 2;
    while lines[body_line].len() < 10 {
        body_line += 1;
    }
    ((fm_line, 20), (body_line as u32, 5))
}
