//! The command line: `agent-ls` (or `agent-ls --stdio`) serves LSP on stdio;
//! `agent-ls check [PATH...]` lints agent files.

use std::process::ExitCode;

const USAGE: &str = "\
agent-ls: language server and linter for Claude Code agent files

USAGE:
    agent-ls [--stdio]                 run the language server on stdin/stdout
    agent-ls check [OPTIONS] [PATH...] lint agent files under PATHs (default: .)
    agent-ls rules                     print the diagnostic rules as a markdown table
    agent-ls preview FILE [ARG...]     print the prompt Claude Code sends for the skill or slash
                                       command in FILE used as `/name ARG...` (placeholders
                                       substituted as Claude Code does; `!` lines not run)

CHECK OPTIONS:
    --format <text|json|sarif|github>
                           output format (default: text); sarif is SARIF 2.1.0, github prints
                           workflow commands (annotations on pull requests)
    --hints                also print hints (legacy tool names, unknown keys, ...)
    --fail-on <error|warning|hint>
                           exit 1 when a finding at or above this severity remains
                           (default: error; hint also prints the hints)
    --baseline <FILE>      report only the findings that are not in this baseline
    --write-baseline <FILE>
                           record every finding in FILE (JSON) instead of printing them
    --only-agent-files     skip named files that are not agent files (the pre-commit hook)
    --fix                  apply the safe fixes, rewrite the files and say what changed
    --color <auto|always|never>
                           colour the text output (default: auto, off when NO_COLOR is set)

    -h, --help             print this help
    -V, --version          print the version

EXIT STATUS (check):
    0 nothing at or above --fail-on, 1 something is (or a file or path cannot be read),
    2 a usage or configuration error
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None | Some("--stdio") | Some("serve") => serve(),
        Some("check") => agent_ls::check::main(&args[1..]),
        Some("preview") => agent_ls::check::preview::main(&args[1..]),
        Some("rules") => {
            print!("{}", agent_ls::catalog::rules_markdown());
            ExitCode::SUCCESS
        }
        Some("-h") | Some("--help") | Some("help") => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some("-V") | Some("--version") => {
            println!(
                "agent-ls {} (verified against Claude Code {})",
                env!("CARGO_PKG_VERSION"),
                agent_ls::catalog::get().verified_with
            );
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("agent-ls: unknown argument `{other}`\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn serve() -> ExitCode {
    // The catalog's tables are built while the protocol starts and the client sends
    // `initialize` (the first document's diagnostics would otherwise wait for them).
    std::thread::spawn(|| {
        let _ = agent_ls::catalog::get();
    });
    // One thread for the protocol: requests are short, and a single thread avoids hand-offs
    // between workers on every message. Indexing runs on the blocking pool.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("agent-ls: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let clean = runtime.block_on(agent_ls::server::run_stdio());
    // stdin is read by a blocking thread that cannot be interrupted: do not wait for it
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
