//! `agent-ls preview FILE [ARG...]`: the prompt Claude Code sends when the skill or slash command
//! in FILE is used with those arguments (`analysis::arguments::prompt`), printed as is.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::analysis::{arguments, classify};

pub fn main(args: &[String]) -> ExitCode {
    let Some((file, rest)) = args.split_first() else {
        eprintln!("agent-ls preview: usage: agent-ls preview FILE [ARG...]");
        return ExitCode::from(2);
    };
    let path = super::paths::absolute(&PathBuf::from(file));
    let text = match crate::workspace::read_text(&path, crate::workspace::agent_file_cap()) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("agent-ls preview: {file}: {e}");
            return ExitCode::from(2);
        }
    };
    let header = crate::syntax::Header::parse(&text);
    let kind = classify::kind_of(Some(&path), &header);
    // each argument as the shell handed it over: one holding white space is quoted again, so
    // that Claude Code's split gives it back whole
    let typed: Vec<String> = rest
        .iter()
        .map(|a| {
            if a.contains(char::is_whitespace) && !a.contains('"') {
                format!("\"{a}\"")
            } else {
                a.clone()
            }
        })
        .collect();
    match kind.and_then(|k| arguments::prompt(k, Some(&path), &text, &typed.join(" "))) {
        Some(prompt) => {
            print!("{prompt}");
            if !prompt.ends_with('\n') {
                println!();
            }
            ExitCode::SUCCESS
        }
        None => {
            eprintln!(
                "agent-ls preview: {file} is not a skill or a slash command (a `SKILL.md` in a `skills/NAME/` folder, or a file under `commands/`)"
            );
            ExitCode::from(2)
        }
    }
}
